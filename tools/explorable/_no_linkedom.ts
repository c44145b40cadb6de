/**
 * Stands in for `linkedom` in the explorable's browser bundle: the page draws
 * into the browser's own `document`, so the library's charts never reach for
 * linkedom there, and the bundle leaves it out.
 *
 * @module
 */

/** Always throws: a chart in the explorable must be given the page's `document`. */
export function parseHTML(): never {
  throw new Error("emlab explorable: charts draw into the page's document (no linkedom here)");
}
