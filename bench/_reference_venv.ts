/**
 * The Python venv the reference comparisons share (numpy and scikit-learn in
 * `.cache/ref-venv`), and a helper to run a command and read its output.
 *
 * @module
 */
import { join } from "node:path";
import { ROOT } from "../tools/setup.ts";

/** Where the reference venv lives. */
export const VENV: string = join(ROOT, ".cache", "ref-venv");
/** Its Python. */
export const PYTHON: string = join(VENV, "bin", "python");

/**
 * Run a command (single-threaded BLAS, so timings and results do not depend
 * on the machine's cores), feed it `stdin`, and return its standard output.
 * Throws with its standard error when it fails.
 */
export async function run(cmd: string, args: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1" },
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  const text = new TextDecoder();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${text.decode(out.stderr)}`);
  }
  return text.decode(out.stdout);
}

/** Create the venv with numpy and scikit-learn unless it already imports them. */
export async function ensureReferenceVenv(): Promise<void> {
  try {
    await run(PYTHON, ["-c", "import numpy, sklearn"]);
    return;
  } catch {
    console.log(`Creating ${VENV} with numpy and scikit-learn …`);
  }
  await run("python3", ["-m", "venv", VENV]);
  await run(join(VENV, "bin", "pip"), ["install", "--quiet", "numpy", "scikit-learn"]);
}
