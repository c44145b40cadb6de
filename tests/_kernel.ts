/**
 * Run notebooks through the real Deno Jupyter kernel from tests, via
 * `tools/nbrun.py` (nbclient in the project's venv).
 *
 * ```ts ignore
 * import { runCells, runNotebook } from "./_kernel.ts";
 * const { summary } = await runNotebook("notebooks/01-em-walkthrough.ipynb");
 * const run = await runCells(['import { mixture } from "../lib/mod.ts";', "mixture([1], [0], [1])"]);
 * ```
 *
 * Cells built on the fly are written to a notebook directly inside `.cache/`
 * (one folder below the project root, like `notebooks/`), so
 * `import … from "../lib/mod.ts"` resolves to the project's library and the
 * root `deno.json` (its imports map, e.g. `@observablehq/plot`,
 * `@emlab/emlab`) is found by the kernel.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { ensureKernelspec, jupyterEnv, KERNEL_NAME, ROOT, VENV_PYTHON } from "../tools/setup.ts";
import { oncePerRun, workKey } from "../tools/once_per_run.ts";

/** One output of a cell as summarised by `tools/nbrun.py`. */
export interface OutputSummary {
  /** "execute_result", "display_data", "stream" or "error". */
  output_type: string;
  /** MIME types of a data output. */
  mime_types?: string[];
  /** Stream name ("stdout"/"stderr") of a stream output. */
  name?: string;
  /** First characters of a stream output. */
  text_head?: string;
  /** Error name of an error output. */
  ename?: string;
  /** Error message of an error output. */
  evalue?: string;
}

/** One cell as summarised by `tools/nbrun.py`. */
export interface CellSummary {
  /** Position in the notebook. */
  index: number;
  /** "code", "markdown" or "raw". */
  cell_type: string;
  /** The cell's metadata tags. */
  tags: string[];
  /** First 200 characters of the source. */
  source_head: string;
  /** Execution count, null for cells that did not run. */
  execution_count: number | null;
  /** The cell's outputs, in order. */
  outputs: OutputSummary[];
  /** The first error output, if any. */
  error: { ename: string; evalue: string } | null;
  /** Wall time of the cell in seconds, null for cells that did not run. */
  seconds: number | null;
}

/** The JSON summary written by `tools/nbrun.py`. */
export interface RunSummary {
  /** Absolute path of the notebook. */
  notebook: string;
  /** Kernelspec name. */
  kernel: string;
  /** Every cell after the full run. */
  cells: CellSummary[];
  /** The cells tagged `rerunTag`, after their second execution. */
  reruns: CellSummary[];
  /** Set when the kernel could not start or died. */
  kernel_error: string | null;
  /** Wall time of the whole run in seconds. */
  wall_seconds: number;
  /** No kernel error and no cell error. */
  ok: boolean;
}

/** A raw notebook output (nbformat 4). */
export interface NotebookOutput {
  /** "execute_result", "display_data", "stream" or "error". */
  output_type: string;
  /** MIME bundle of a data output. */
  data?: Record<string, string | string[] | unknown>;
  /** Text of a stream output. */
  text?: string | string[];
  /** Error name. */
  ename?: string;
  /** Error message. */
  evalue?: string;
}

/** A raw notebook cell (nbformat 4). */
export interface NotebookCell {
  /** "code", "markdown" or "raw". */
  cell_type: string;
  /** Source text or lines. */
  source: string | string[];
  /** Cell metadata (tags …). */
  metadata: Record<string, unknown>;
  /** Outputs of a code cell. */
  outputs?: NotebookOutput[];
}

/** A parsed executed notebook. */
export interface Notebook {
  /** The cells. */
  cells: NotebookCell[];
  /** Notebook metadata. */
  metadata: Record<string, unknown>;
}

/** Options for {@linkcode runNotebook} and {@linkcode runCells}. */
export interface RunOptions {
  /** Re-execute the cells with this tag after the full run (same kernel). */
  rerunTag?: string;
  /** Seconds allowed per cell. @default 120 */
  timeoutSec?: number;
  /** Extra environment for the runner and the kernel. */
  env?: Record<string, string>;
}

/** What {@linkcode runNotebook} returns. */
export interface RunResult {
  /** The runner's per-cell summary. */
  summary: RunSummary;
  /** The executed notebook. */
  notebook: Notebook;
  /** The runner's stderr (kernel warnings, tracebacks). */
  stderr: string;
}

let kernelspecReady: Promise<string> | undefined;

/**
 * `deno task test` sets this to a folder of its own for the run: test files
 * running side by side that execute the same notebook (same content, rerun
 * tag and environment) share one execution through it.
 */
export const SHARED_RUNS_ENV = "EMLAB_SHARED_NOTEBOOK_RUNS";

/** Whether a recorded run answers a request with this cell time limit: no cell timed out or took longer. */
function fitsTimeout(result: RunResult, timeoutSec: number): boolean {
  return result.summary.kernel_error === null &&
    result.summary.cells.every((c) =>
      (c.seconds ?? 0) <= timeoutSec && c.error?.ename !== "CellTimeoutError"
    );
}

/**
 * Execute a notebook with the Deno kernel (cwd = the notebook's folder) and
 * return the summary and the executed notebook. Cell errors are recorded,
 * not thrown; a runner crash throws with its stderr.
 *
 * Under `deno task test` ({@linkcode SHARED_RUNS_ENV} set), a notebook that
 * another test file of the same run executed with the same content, rerun
 * tag and environment is not executed again: its recorded result is returned
 * when no cell of it took longer than this call's time limit.
 */
export async function runNotebook(path: string, options: RunOptions = {}): Promise<RunResult> {
  const shared = Deno.env.get(SHARED_RUNS_ENV);
  if (!shared) return await executeNotebook(path, options);
  const notebookPath = resolve(ROOT, path);
  const text = await Deno.readTextFile(notebookPath);
  // A rerun tag no cell carries changes nothing.
  const tag = options.rerunTag && text.includes(`"${options.rerunTag}"`) ? options.rerunTag : null;
  const key = await workKey([notebookPath, text, tag, options.env ?? {}]);
  const file = join(shared, `${key}.json`);
  const timeoutSec = options.timeoutSec ?? 120;
  return await oncePerRun(join(shared, `${key}.lock`), {
    run: () => executeNotebook(path, options),
    publish: async (result) => {
      const staged = `${file}.${Deno.pid}`;
      await Deno.writeTextFile(staged, JSON.stringify(result));
      await Deno.rename(staged, file);
    },
    published: async () => {
      let result: RunResult;
      try {
        result = JSON.parse(await Deno.readTextFile(file));
      } catch {
        return "pending";
      }
      // A cell took longer than this call's limit: this call's own run would have stopped it.
      if (!fitsTimeout(result, timeoutSec)) return "unusable";
      console.log(`${path}: executed once for this test run by another test file, shared`);
      return { value: result };
    },
  });
}

async function executeNotebook(path: string, options: RunOptions): Promise<RunResult> {
  kernelspecReady ??= ensureKernelspec();
  await kernelspecReady;
  const notebookPath = resolve(ROOT, path);
  const dir = await Deno.makeTempDir({ prefix: "emlab-nbrun-" });
  try {
    const out = join(dir, "executed.ipynb");
    const json = join(dir, "summary.json");
    const args = [
      join(ROOT, "tools", "nbrun.py"),
      notebookPath,
      "--kernel",
      KERNEL_NAME,
      "--out",
      out,
      "--json",
      json,
      "--timeout",
      String(options.timeoutSec ?? 120),
    ];
    if (options.rerunTag) args.push("--rerun-tag", options.rerunTag);
    const child = await new Deno.Command(VENV_PYTHON, {
      args,
      cwd: ROOT,
      env: { ...jupyterEnv(), EMLAB_FRAME_DELAY: "0", ...options.env },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(child.stderr);
    let summary: RunSummary;
    try {
      summary = JSON.parse(await Deno.readTextFile(json));
    } catch {
      throw new Error(`tools/nbrun.py wrote no summary (exit ${child.code}):\n${stderr}`);
    }
    let notebook: Notebook = { cells: [], metadata: {} };
    try {
      notebook = JSON.parse(await Deno.readTextFile(out));
    } catch {
      // no executed notebook when the input could not be read
    }
    return { summary, notebook, stderr };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A cell for {@linkcode runCells}: its source, or source and tags. */
export type CellSpec = string | { source: string; tags?: string[] };

/**
 * Build a notebook from cell sources, execute it with the Deno kernel and
 * return the result. The notebook is written directly inside `.cache/` (so
 * `../lib/mod.ts` and the root `deno.json` resolve as from `notebooks/`), or
 * into `options.dir` (so `data/…` resolves as from a notebook there), and
 * removed afterwards.
 */
export async function runCells(
  cells: CellSpec[],
  options: RunOptions & { dir?: string } = {},
): Promise<RunResult> {
  const cacheDir = options.dir ?? join(ROOT, ".cache");
  await Deno.mkdir(cacheDir, { recursive: true });
  const id = crypto.randomUUID().slice(0, 8);
  const path = join(cacheDir, `kernel-test-${id}.ipynb`);
  const notebook = {
    cells: cells.map((c, i) => {
      const { source, tags = [] } = typeof c === "string" ? { source: c } : c;
      return {
        cell_type: "code",
        id: `cell-${i}`,
        metadata: { tags },
        source,
        outputs: [],
        execution_count: null,
      };
    }),
    metadata: {
      kernelspec: { name: KERNEL_NAME, display_name: "Deno", language: "typescript" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  await Deno.writeTextFile(path, JSON.stringify(notebook, null, 1));
  try {
    return await runNotebook(path, options);
  } finally {
    await Deno.remove(path).catch(() => {});
  }
}

/** The text of an output's MIME entry (nbformat stores long text as lines). */
export function mimeText(output: NotebookOutput, mime: string): string | undefined {
  const value = output.data?.[mime];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.join("");
  return typeof value === "string" ? value : JSON.stringify(value);
}
