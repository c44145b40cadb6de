/**
 * Work that several processes of one test run would each do (execute a
 * notebook, export the handouts) done by the first of them only: it takes a
 * lock file, does the work and publishes the result; the others wait while
 * the lock stands and take what was published. When the first fails, it
 * removes its lock and the others each do the work themselves.
 *
 * @module
 */

/** What a waiting caller found: the published result, nothing yet, or one it cannot use. */
export type Published<T> = { value: T } | "pending" | "unusable";

/** How {@linkcode oncePerRun} runs, publishes and reads back one piece of work. */
export interface OncePerRunSteps<T> {
  /** The work, done by the caller that takes the lock. */
  run: () => Promise<T>;
  /** Make the owner's result readable by the others (after `run`). */
  publish: (value: T) => Promise<void>;
  /** What a waiting caller finds. */
  published: () => Promise<Published<T>>;
  /** The work when nothing usable was published (its owner failed). @default run */
  alone?: () => Promise<T>;
  /** How often a waiting caller looks, in milliseconds. @default 500 */
  pollMs?: number;
}

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

/**
 * Do `steps.run` once for every caller that shares the lock file `lock`.
 *
 * @param lock A path no caller has created yet, the same for every caller of this work.
 * @param steps The work, how it is published and how it is read back.
 * @returns The owner's result, or the published one, or the caller's own.
 *
 * @example
 * ```ts
 * import { oncePerRun, type Published } from "./once_per_run.ts";
 * import { assertEquals } from "@std/assert";
 * const dir = await Deno.makeTempDir();
 * let runs = 0, shared: number | undefined;
 * const steps = {
 *   run: async () => ++runs,
 *   publish: async (v: number) => void (shared = v),
 *   published: async (): Promise<Published<number>> =>
 *     shared === undefined ? "pending" : { value: shared },
 *   pollMs: 10,
 * };
 * const got = await Promise.all([1, 2, 3].map(() => oncePerRun(`${dir}/work.lock`, steps)));
 * assertEquals([got, runs], [[1, 1, 1], 1]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function oncePerRun<T>(lock: string, steps: OncePerRunSteps<T>): Promise<T> {
  const { run, publish, published, alone = run, pollMs = 500 } = steps;
  let owner = false;
  try {
    (await Deno.open(lock, { createNew: true, write: true })).close();
    owner = true;
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
  }
  if (owner) {
    try {
      const value = await run();
      await publish(value);
      return value;
    } catch (e) {
      await Deno.remove(lock).catch(() => {}); // the others do the work themselves
      throw e;
    }
  }
  // Another caller is at work: wait for its result while its lock stands.
  while (true) {
    const found = await published();
    if (found === "unusable") break;
    if (found !== "pending") return found.value;
    if (!(await exists(lock))) break;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return await alone();
}

/**
 * A short name for a piece of work from what determines its result: 24 hex
 * digits of the SHA-256 of `parts` as JSON (for its lock and result files).
 *
 * @param parts What the work's result depends on (paths, contents, options).
 * @returns 24 lowercase hex digits.
 *
 * @example
 * ```ts
 * import { workKey } from "./once_per_run.ts";
 * import { assertEquals, assertMatch, assertNotEquals } from "@std/assert";
 * assertMatch(await workKey(["a.ipynb", "{}"]), /^[0-9a-f]{24}$/);
 * assertEquals(await workKey(["a", 1]), await workKey(["a", 1]));
 * assertNotEquals(await workKey(["a", 1]), await workKey(["a", 2]));
 * ```
 */
export async function workKey(parts: readonly unknown[]): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(JSON.stringify(parts)),
  );
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")
    .slice(0, 24);
}
