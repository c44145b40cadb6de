/**
 * The Jupyter glue: `show` and `table` for a cell's outputs, animations that
 * redraw one output in place after every iteration and end as a player, and
 * EM by hand as a player.
 *
 * @example
 * ```ts
 * import { table } from "@emlab/emlab/notebook";
 * import { assertStringIncludes } from "@std/assert";
 * assertStringIncludes(table([{ k: 2, "log L": -276.36 }]).html, "log L");
 * ```
 *
 * @module
 */
export * from "./jupyter.ts";
export * from "./table.ts";
export * from "./animate_ellipses.ts";
export * from "./player.ts";
export * from "./stepper_player.ts";
export type { FlushOptions } from "./_iopub.ts";
