/**
 * Exercises with checked answers: one check per exercise of the notebooks,
 * each comparing the student's number or function with the library's own
 * computation on the notebook's data, naming the typical mistake it looks
 * like, and saying "not answered yet" for the placeholder.
 *
 * @module
 */
export * from "./verdict.ts";
export * from "./exercise.ts";
export * from "./catalogue.ts";
export * from "./messages.ts";
export * from "./walkthrough.ts";
export * from "./derivation.ts";
export * from "./old_faithful.ts";
export * from "./pitfalls.ts";
export * from "./two_d.ts";
export * from "./geometry.ts";
export * from "./coordinate_ascent.ts";
