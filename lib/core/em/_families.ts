// The 1-D model families for the shared EM loop (lib/core/em/_em_core.ts), named as
// mclust names them, one file each in ./families/ (as lib/core/nd/models/ in d
// dimensions): "V" (each component its own variance, the original model;
// scikit-learn's "full", "diag" and "spherical" all reduce to it in 1-D) and "E"
// (one variance shared by every component; scikit-learn's "tied" in 1-D).
import type { Family } from "./_em_core.ts";
import type { FamilyName } from "../_types.ts";
import type { Mixture } from "../model/mixture.ts";
import type { PreparedData } from "./families/_base.ts";
import { familyV } from "./families/v.ts";
import { familyE } from "./families/e.ts";

export type { FamilyName } from "../_types.ts";
export type { PreparedData } from "./families/_base.ts";
export { familyV } from "./families/v.ts";
export { familyE } from "./families/e.ts";

/** The names of the 1-D families (mclust's). */
export const FAMILIES: readonly FamilyName[] = ["V", "E"];

/** The family of a name. */
export function familyOf(name: FamilyName): Family<PreparedData, Mixture> {
  return name === "E" ? familyE : familyV;
}
