/**
 * Every notebook in `notebooks/` runs top to bottom in a fresh Deno kernel
 * (nbclient from the project's venv) without errors and draws its plots; the
 * animations end on their last iteration; the walkthrough's EM cell runs
 * again in the same kernel and converges again, and its hand stepping starts
 * from the last animation's start and stops where it ended. The committed notebooks
 * carry no outputs (the output policy), and every notebook matches a fresh build from
 * `tools/notebooks/`. The Japanese edition (`notebooks/ja/`, test names
 * `ja/NN-….ipynb`) runs the same checks, and its charts and the text its cells write must speak
 * Japanese.
 */
import { assert, assertEquals, assertGreater, assertMatch } from "@std/assert";
import { join } from "node:path";
import { em, EXERCISE_MESSAGES, initRandom, mixture, sampleMixture } from "../lib/mod.ts";
import { ANSWER_MARKER, KERNELSPEC, NOTEBOOKS, staleNotebooks } from "../tools/build_notebooks.ts";
import { codeTokens } from "../tools/code_tokens.ts";
import { checkNotebookOutputs } from "../tools/manifest.ts";
import { ROOT } from "../tools/setup.ts";
import { verdicts } from "./_exercises.ts";
import {
  mimeText,
  type Notebook,
  type NotebookCell,
  type NotebookOutput,
  runCells,
  runNotebook,
  type RunResult,
} from "./_kernel.ts";

const NOTEBOOK_DIR = join(ROOT, "notebooks");
const EM_RUN_TAG = "em-run";
/** A cell calling one of these is expected to show at least one SVG. */
const DRAWS =
  /\b(mixtureFrame|logLikelihoodTrace|filmstrip|responsibilityStrip|criterionChart|watchEm|animateEm|Plot\.plot)\(/;
/** A cell calling one of these animates: exactly one SVG output, the last frame. */
const ANIMATES = /\b(watchEm|animateEm)\(/;

const notebooksIn = (dir: string, prefix = "") =>
  [...Deno.readDirSync(join(NOTEBOOK_DIR, dir))]
    .filter((e) => e.isFile && e.name.endsWith(".ipynb"))
    .map((e) => `${prefix}${e.name}`)
    .sort();
/** English notebooks by name, then the Japanese edition's as `ja/<name>`. */
const files = [...notebooksIn("."), ...notebooksIn("ja", "ja/")];
/**
 * `EMLAB_NOTEBOOKS_EDITION=en` or `ja` registers one edition's kernel tests only (the checks
 * without a kernel go with the English half): the test runner runs the two halves side by side.
 */
const edition = Deno.env.get("EMLAB_NOTEBOOKS_EDITION") ?? "";
const runsEdition = (name: string) =>
  edition === "" || (edition === "ja") === name.startsWith("ja/");
const staticChecks = edition !== "ja";
/** Deno.test, registered only when `when` holds. */
function testIf(when: boolean, ...args: [string, () => unknown] | [Deno.TestDefinition]): void {
  if (!when) return;
  if (args.length === 2) Deno.test(args[0], args[1] as () => void);
  else Deno.test(args[0]);
}
/** Kana and CJK ideographs: a Japanese chart's text has them. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const built = new Set(NOTEBOOKS.filter((n) => n.built).map((n) => n.file));
/** Words of the English notebooks' own printed lines, titles and headers. */
const ENGLISH_WORDS =
  /\b(?:iterations?|converged|stopped|log-likelihood|eruptions?|minutes|the|of|from)\b/i;

/**
 * The Latin words a Japanese table header may hold besides single letters (k, t, μ's
 * subscripts): maths symbols and names — log L, BIC, AIC, KL, EM, the covariance
 * models' names, θ_old/θ_new's subscripts, and the programs compared.
 */
const HEADER_NAMES = new Set([
  "log",
  "BIC",
  "AIC",
  "KL",
  "EM",
  "VVV",
  "EEE",
  "VVI",
  "old",
  "new",
  "emlab",
  "mclust",
]);

/** The text of every header cell of the tables an output shows, as HTML or Markdown. */
function tableHeaders(text: string): string[] {
  const html = [...text.matchAll(/<thead>([\s\S]*?)<\/thead>/g)].flatMap(([, head]) =>
    [...head!.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map(([, th]) => th!.replace(/<[^>]*>/g, ""))
  );
  // A Markdown table's header is the row above its | --- | line.
  const markdown = [...text.matchAll(/^(\|.*\|)\n\|(?:\s*:?-{3,}:?\s*\|)+$/gm)].flatMap((
    [, row],
  ) => row!.slice(1, -1).split("|"));
  return [...html, ...markdown].map((h) => h.trim());
}

/** Everything an output shows as text: a stream's lines, or its text, HTML or SVG. */
function outputText(output: NotebookOutput): string {
  if (output.text !== undefined) return [output.text].flat().join("");
  // A player's page carries its script; its frames' text is checked as SVG elsewhere.
  if (isPlayer(output)) return mimeText(output, "text/plain") ?? "";
  // The richest form only: a table's plain text repeats its header outside <thead>.
  const rich = mimeText(output, "image/svg+xml") ?? mimeText(output, "text/html");
  return rich ?? mimeText(output, "text/markdown") ?? mimeText(output, "text/plain") ?? "";
}

/** Runs of this file, so the walkthrough's re-run check reuses the full run. */
const runs = new Map<string, RunResult>();

async function run(name: string): Promise<RunResult> {
  const cached = runs.get(name);
  if (cached) return cached;
  const result = await runNotebook(join("notebooks", name), { rerunTag: EM_RUN_TAG });
  runs.set(name, result);
  return result;
}

function source(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** A cell's pictures: SVG charts, and players (lib/notebook/player.ts), which show their last frame. */
function svgOutputs(cell: NotebookCell): NotebookOutput[] {
  return (cell.outputs ?? []).filter((o) => o.data?.["image/svg+xml"] !== undefined || isPlayer(o));
}

function isPlayer(output: NotebookOutput): boolean {
  return (mimeText(output, "text/html") ?? "").includes("data-emlab-player=");
}

function readNotebook(name: string): Notebook & { nbformat: number } {
  return JSON.parse(Deno.readTextFileSync(join(NOTEBOOK_DIR, name)));
}

/** The iteration number in a frame's text, "iteration 45 · log-likelihood = −514.47" (or Japanese). */
function frameIteration(output: NotebookOutput): number {
  const text = mimeText(output, "text/plain") ?? "";
  const match = /^(?:iteration|反復) (\d+) · (?:log-likelihood|対数尤度)/.exec(text);
  if (!match) throw new Error(`not an EM frame: ${JSON.stringify(text.slice(0, 80))}`);
  return Number(match[1]);
}

testIf(staticChecks, "notebooks: every notebook 01–05 exists and the index lists each one", () => {
  const index = Deno.readTextFileSync(join(NOTEBOOK_DIR, "README.md"));
  for (const entry of NOTEBOOKS) {
    assert(index.includes(`](${entry.file})`), `notebooks/README.md does not link ${entry.file}`);
  }
  for (const name of files) {
    assert(
      NOTEBOOKS.some((n) => `ja/${n.file}` === name || n.file === name),
      `${name} is not in the reading order`,
    );
  }
  for (const entry of NOTEBOOKS.filter((n) => n.built)) {
    assert(files.includes(entry.file), `${entry.file} is missing`);
    assert(files.includes(`ja/${entry.file}`), `ja/${entry.file} is missing`);
  }
});

testIf(
  staticChecks,
  "notebooks: committed without outputs (output policy), with the emlab kernelspec",
  () => {
    for (const name of files) {
      const nb = readNotebook(name);
      assertEquals(nb.nbformat, 4, `${name}: nbformat`);
      assertEquals(nb.metadata.kernelspec, KERNELSPEC, `${name}: kernelspec`);
      assertEquals(
        (nb.metadata.language_info as { name?: string } | undefined)?.name,
        "typescript",
        `${name}: language_info.name`,
      );
      nb.cells.forEach((cell, i) => {
        if (cell.cell_type !== "code") return;
        assertEquals(cell.outputs ?? [], [], `${name} cell ${i} has outputs; clear them`);
        assertEquals(
          (cell as { execution_count?: unknown }).execution_count ?? null,
          null,
          `${name} cell ${i} has an execution count; clear outputs before committing`,
        );
      });
    }
  },
);

testIf(
  staticChecks,
  "notebooks: each starts with a # Title and has navigation at top and bottom",
  () => {
    for (const name of files) {
      const nb = readNotebook(name);
      const first = source(nb.cells[0]!);
      const last = source(nb.cells.at(-1)!);
      assertEquals(nb.cells[0]!.cell_type, "markdown", `${name}: first cell`);
      assertMatch(first, /^# \S/, `${name}: first cell must start with "# Title"`);
      assert(first.includes("](README.md)"), `${name}: no index link at the top`);
      assert(last.includes("](README.md)"), `${name}: no index link at the bottom`);
    }
  },
);

testIf(staticChecks, "notebooks: 01–05 are up to date with tools/notebooks/", async () => {
  assertEquals(
    await staleNotebooks(),
    [],
    "run `deno run -A tools/build_notebooks.ts` after editing tools/notebooks/",
  );
});

for (const name of files.filter(runsEdition)) {
  Deno.test({
    name: `notebooks: ${name} runs in a fresh Deno kernel without errors and draws its plots`,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      const started = performance.now();
      const { summary, notebook, stderr } = await run(name);
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${name}: ${summary.wall_seconds.toFixed(1)} s in the runner (${
          seconds.toFixed(1)
        } s with start-up)`,
      );
      assertEquals(summary.kernel_error, null, `${name}: kernel failed\n${stderr}`);
      const errors = summary.cells.filter((c) => c.error !== null);
      assertEquals(
        errors.map((c) => `cell ${c.index}: ${c.error!.ename}: ${c.error!.evalue}`),
        [],
        `${name}: cells raised errors`,
      );
      assert(summary.ok, `${name}: the runner reports failure`);
      // Every cell shows the outputs its source declares, in that cell (none late, none moved).
      assertEquals(
        checkNotebookOutputs(notebook).map((m) => `cell ${m.index}: ${m.problem}`),
        [],
        `${name}: outputs differ from the manifest`,
      );

      let svgCount = 0;
      notebook.cells.forEach((cell, i) => {
        if (cell.cell_type !== "code") return;
        const outputs = cell.outputs ?? [];
        const svgs = svgOutputs(cell);
        svgCount += svgs.length;
        for (const o of outputs) {
          assert(o.output_type !== "error", `${name} cell ${i}: error output`);
        }
        // the checks below rely on the built notebooks' conventions
        if (!built.has(name.replace(/^ja\//, ""))) return;
        const code = source(cell);
        if (DRAWS.test(code)) {
          assertGreater(svgs.length, 0, `${name} cell ${i} draws but shows no SVG:\n${code}`);
        }
        if (ANIMATES.test(code)) {
          assertEquals(svgs.length, 1, `${name} cell ${i}: an animation leaves one output`);
          assert(
            outputs.at(-1) === svgs[0],
            `${name} cell ${i}: the frame must be the last output`,
          );
          assertGreater(frameIteration(svgs[0]!), 0, `${name} cell ${i}: frame after iteration 0`);
          assert(isPlayer(svgs[0]!), `${name} cell ${i}: the animation ends as a player`);
        }
      });
      assertGreater(svgCount, 0, `${name}: no plots at all`);
      if (name.startsWith("ja/")) {
        const japanese = notebook.cells.flatMap(svgOutputs).filter((o) =>
          JAPANESE.test(mimeText(o, "image/svg+xml") ?? "")
        );
        assertGreater(japanese.length, 0, `${name}: no chart with Japanese text`);
        // The words a cell's own code writes (titles, printed lines, table cells) are
        // translated: a cell whose literals hold Japanese text shows Japanese, and no cell shows
        // the English notebooks' words. A table's headers are its rows' keys, written as
        // string literals so that they translate: no header holds a Latin word but the
        // symbols and names of HEADER_NAMES.
        notebook.cells.forEach((cell, i) => {
          if (cell.cell_type !== "code") return;
          const shown = (cell.outputs ?? []).map(outputText).join("\n");
          // Comments are translated too, but a cell shows only its literals' words.
          const literals = codeTokens(source(cell))
            .filter((t) => t.kind === "string" || t.kind === "template").map((t) => t.text);
          if (literals.some((text) => JAPANESE.test(text))) {
            assertMatch(shown, JAPANESE, `${name} cell ${i}: its Japanese text is not shown`);
          }
          const body = shown.replace(/<thead>[\s\S]*?<\/thead>/g, "").replace(/<[^>]*>/g, " ");
          const english = ENGLISH_WORDS.exec(body);
          assert(english === null, `${name} cell ${i} shows "${english?.[0]}"`);
          for (const header of tableHeaders(shown)) {
            const word = header.match(/[A-Za-z]+/g)?.find((w) =>
              w.length > 1 && !HEADER_NAMES.has(w)
            );
            assert(word === undefined, `${name} cell ${i}: the header "${header}" shows "${word}"`);
          }
        });
      }
    },
  });
}

testIf(runsEdition("01-em-walkthrough.ipynb"), {
  name: "notebooks: the walkthrough animates to the final iteration, and re-running its EM cell " +
    "converges again from a new start",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const name = "01-em-walkthrough.ipynb";
    const { summary, notebook } = await run(name);
    assert(summary.ok, `${name} failed: ${JSON.stringify(summary.cells.find((c) => c.error))}`);
    assertEquals(summary.reruns.length, 1, `exactly one cell is tagged ${EM_RUN_TAG}`);
    const rerun = summary.reruns[0]!;
    assertEquals(rerun.error, null);
    const cell = notebook.cells[rerun.index]!;
    const svgs = svgOutputs(cell);
    assertEquals(svgs.length, 1, "the re-run leaves one animated output");
    assert((cell.outputs ?? []).at(-1) === svgs[0], "the frame is the cell's last output");

    // Recompute both runs outside the kernel: the frame must be the final iteration of the
    // second start (seed + 1), which converges.
    const setup = notebook.cells.map(source).find((s) => /const seed = \d+;/.test(s))!;
    const seed = Number(/const seed = (\d+);/.exec(setup)![1]);
    const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed });
    const second = [...em(x, initRandom(2, { seed: seed + 1 }), { tol: 1e-3 })];
    assert(second.at(-1)!.converged);
    assertEquals(frameIteration(svgs[0]!), second.at(-1)!.iteration);
    const first = [...em(x, initRandom(2, { seed }), { tol: 1e-3 })];
    assert(first.at(-1)!.iteration !== second.at(-1)!.iteration, "the two starts differ");
  },
});

testIf(runsEdition("01-em-walkthrough.ipynb"), {
  name: "notebooks: the walkthrough shows its run as an animated GIF, one frame per iteration",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const { summary, notebook } = await run("01-em-walkthrough.ipynb");
    assert(summary.ok);
    const index = notebook.cells.findIndex((c) => /animationGif\(/.test(source(c)));
    assertGreater(index, -1, "a cell renders the GIF");
    const gif = (notebook.cells[index]!.outputs ?? []).find((o) => o.data?.["image/gif"]);
    assert(gif, "the GIF cell shows an image/gif output");
    const bytes = Uint8Array.from(atob(mimeText(gif, "image/gif")!.trim()), (c) => c.charCodeAt(0));
    assertEquals(new TextDecoder().decode(bytes.subarray(0, 6)), "GIF89a");
    // Frames in the file: one image descriptor per frame.
    const frames = (mimeText(gif, "text/plain") ?? "").match(/(\d+) frames/)?.[1];
    const setup = notebook.cells.map(source).find((s) => /const seed = \d+;/.test(s))!;
    const seed = Number(/const seed = (\d+);/.exec(setup)![1]);
    const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed });
    const run1 = [...em(x, initRandom(2, { seed }), { tol: 1e-3 })];
    assertEquals(Number(frames), run1.length);
  },
});

testIf(runsEdition("01-em-walkthrough.ipynb"), {
  name: "notebooks: the walkthrough's hand-stepping cells survive any order a student might use",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const nb = readNotebook("01-em-walkthrough.ipynb");
    const find = (pattern: RegExp) => {
      const cell = nb.cells.find((c) => c.cell_type === "code" && pattern.test(source(c)));
      if (!cell) throw new Error(`no cell matching ${pattern}`);
      return source(cell);
    };
    const setup = find(/const seed = \d+;/);
    const domain = find(/const domain = frameDomain/);
    const start = find(/new EmStepper/);
    const e = find(/stepper\.eStep\(\)/);
    const m = find(/stepper\.mStep\(\)/);
    // M twice without E, E twice, re-running the top cell in between: four iterations.
    const order = [setup, domain, start, m, m, e, e, m, setup, e, m];
    const { summary, notebook } = await runCells(order);
    assertEquals(summary.kernel_error, null);
    assertEquals(
      summary.cells.filter((c) => c.error).map((c) => `${c.index}: ${c.error!.evalue}`),
      [],
    );
    const last = svgOutputs(notebook.cells.at(-1)!)[0];
    const title = last
      ? /iteration (\d+) · log-likelihood/.exec(mimeText(last, "image/svg+xml")!)?.[0] ?? ""
      : "";
    assertMatch(title, /^iteration 4 · log-likelihood/);
  },
});

testIf(runsEdition("01-em-walkthrough.ipynb"), {
  name: "notebooks: the walkthrough's hand stepping starts from the last animation's start and " +
    "says when it reaches the animation's end",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const nb = readNotebook("01-em-walkthrough.ipynb");
    const find = (pattern: RegExp) => {
      const cell = nb.cells.find((c) => c.cell_type === "code" && pattern.test(source(c)));
      if (!cell) throw new Error(`no cell matching ${pattern}`);
      return source(cell);
    };
    const setup = find(/const seed = \d+;/);
    const seed = Number(/const seed = (\d+);/.exec(setup)![1]);
    const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed });
    // The EM cell runs twice, so the second animation starts from seed + 1.
    const watched = [...em(x, initRandom(2, { seed: seed + 1 }), { tol: 1e-3 })].at(-1)!;
    const n = watched.iteration;
    const emCell = find(/watchEm\(/);
    const m = find(/stepper\.mStep\(\)/);
    const order = [
      setup,
      find(/const domain = frameDomain/),
      emCell,
      emCell,
      find(/new EmStepper/),
      ...Array.from({ length: n }, () => m),
    ];
    const { summary, notebook } = await runCells(order);
    assertEquals(summary.kernel_error, null);
    assertEquals(
      summary.cells.filter((c) => c.error).map((c) => `${c.index}: ${c.error!.evalue}`),
      [],
    );
    const text = (cell: NotebookCell) =>
      (cell.outputs ?? []).map((o) => [o.text ?? mimeText(o, "text/plain") ?? ""].flat().join(""))
        .join("");
    const started = text(notebook.cells[4]!);
    assertMatch(started, new RegExp(`seed: ${seed + 1} \\}\\); EM from here stopped after ${n} `));
    const lastStep = notebook.cells.at(-1)!;
    assertMatch(text(lastStep), new RegExp(`the animation stopped here, at iteration ${n}\\b`));
    assert(!/animation stopped here/.test(text(notebook.cells.at(-2)!)), "not one round early");
    // The hand-stepped parameters are those the animation ended with.
    const frame = mimeText(svgOutputs(lastStep)[0]!, "text/plain") ?? "";
    assertMatch(frame, new RegExp(`^iteration ${n} · log-likelihood`));
    const shown = Number(/log-likelihood = (−?[\d.]+)/.exec(frame)![1]!.replace("−", "-"));
    assert(Math.abs(shown - watched.logLikelihood) < 0.01, `${shown} vs ${watched.logLikelihood}`);
  },
});

for (
  const [file, lang] of NOTEBOOKS.filter((n) => n.built).flatMap((n) =>
    [[n.file, "en"], [`ja/${n.file}`, "ja"]] as const
  )
) {
  testIf(runsEdition(file), {
    name: `notebooks: ${file} has at least three exercises, each check saying ` +
      `"not answered yet" in the students' copy${lang === "ja" ? ", in Japanese" : ""}`,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      const { notebook } = await run(file);
      const tagged = (tag: string) =>
        notebook.cells.filter((c) =>
          ((c.metadata.tags as string[] | undefined) ?? []).includes(tag)
        );
      const exercises = tagged("exercise");
      const found = verdicts(notebook.cells);
      console.log(`${file}: ${exercises.length} exercises`);
      assertGreater(exercises.length, 2, `${file}: at least three exercises`);
      assertEquals(found.length, exercises.length, `${file}: one check per exercise`);
      for (const v of found) assertEquals(v.status, "unanswered", `${file}: ${v.exercise}`);
      // The check says so in the notebook's language (its first cell's setLanguage).
      for (const c of tagged("check")) {
        const shown = (c.outputs ?? []).map((o) => mimeText(o, "text/plain")).filter((t) => t);
        assertEquals(shown, [EXERCISE_MESSAGES[lang].unanswered], `${file}: check text`);
      }
      for (const c of exercises) {
        assertMatch(
          source(c),
          new RegExp(`^${ANSWER_MARKER[lang]}\\n.*= undefined;$`, "s"),
          `${file}: placeholder`,
        );
      }
    },
  });
}
