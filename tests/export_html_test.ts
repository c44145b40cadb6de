import { join } from "node:path";
import {
  assert,
  assertEquals,
  assertGreater,
  assertMatch,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  checkMath,
  checkOutputs,
  displayMathCount,
  executeOnce,
  exportNotebook,
  linkExportedNotebooks,
  mathErrors,
  scopeSvgIds,
  SHARED_EXECUTIONS_ENV,
  typesetMath,
} from "../tools/export.ts";
import { ensureKernelspec, ROOT } from "../tools/setup.ts";
import { displayEquations, EDITIONS, NOTEBOOKS, SOURCE_DIR } from "../tools/build_notebooks.ts";

Deno.test("typesetMath() turns inline and display TeX into SVG and leaves code and \\$ alone", () => {
  const page = "<!DOCTYPE html><html><head></head><body>" +
    "<p>Inline $\\mu_h = \\frac{1}{n}$ and a price of \\$5.</p>" +
    "<p>$$\\log L = \\sum_i \\log p(x_i)$$</p>" +
    "<pre>const cost = '$5 and $6';</pre></body></html>";
  const out = typesetMath(page);
  const containers = out.match(/<mjx-container[^>]*>/g) ?? [];
  assertEquals(containers.length, 2);
  assertEquals(containers.filter((c) => c.includes('display="true"')).length, 1);
  assertMatch(out, /a price of (<span>)?\$(<\/span>)?5\./);
  assertStringIncludes(out, "<pre>const cost = '$5 and $6';</pre>");
  assert(!out.includes("\\frac"), "the TeX source is gone from the text");
  assertMatch(out, /<mjx-container[^>]*><svg[^>]*>/);
  assertStringIncludes(out, "<style", "MathJax's CSS for the SVG output is in the page");
});

Deno.test("scopeSvgIds() renames ids and their references per chart", () => {
  const chart = '<svg><clipPath id="c1"><rect/></clipPath><g clip-path="url(#c1)"></g>' +
    '<use href="#c1"/><a href="#elsewhere"></a></svg>';
  const out = scopeSvgIds(`<p>${chart}</p><p>${chart}</p>`);
  assertStringIncludes(out, 'id="chart1-c1"');
  assertStringIncludes(out, "url(#chart1-c1)");
  assertStringIncludes(out, 'href="#chart1-c1"');
  assertStringIncludes(out, 'id="chart2-c1"');
  assertStringIncludes(out, "url(#chart2-c1)");
  assertStringIncludes(out, 'href="#elsewhere"', "links to ids outside the chart stay");
  assertEquals(scopeSvgIds("<svg><g></g></svg>"), "<svg><g></g></svg>");
});

Deno.test("linkExportedNotebooks() points links to exported notebooks at their HTML", () => {
  const names = new Set(["02-deriving.ipynb"]);
  assertEquals(
    linkExportedNotebooks('<a href="02-deriving.ipynb#m-step">', names),
    '<a href="02-deriving.html#m-step">',
  );
  assertEquals(
    linkExportedNotebooks('<a href="./02-deriving.ipynb">', names),
    '<a href="02-deriving.html">',
  );
  assertEquals(linkExportedNotebooks('<a href="other.ipynb">', names), '<a href="other.ipynb">');
  assertEquals(linkExportedNotebooks('<a href="README.md">', names), '<a href="README.md">');
  const withIndex = new Set([...names, "README.md"]);
  assertEquals(linkExportedNotebooks('<a href="README.md">', withIndex), '<a href="index.html">');
  assertEquals(
    linkExportedNotebooks('<a href="data/README.md">', withIndex),
    '<a href="data/README.md">',
  );
  assertEquals(
    linkExportedNotebooks('<a href="https://x.org/02-deriving.ipynb">', names),
    '<a href="https://x.org/02-deriving.ipynb">',
  );
});

Deno.test("exportNotebook() executes a notebook into offline HTML with its SVG plots and typeset math", async () => {
  await ensureKernelspec();
  // A notebook one folder below the root, like notebooks/, so "../lib/mod.ts" and deno.json resolve.
  const dir = join(ROOT, ".cache", "export_html_test");
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  const notebook = {
    cells: [
      {
        cell_type: "markdown",
        metadata: {},
        source: [
          "# Tiny\n",
          "The responsibility $\\bar{p}(h \\mid x_i)$, then\n",
          "$$\\lambda_h = \\frac{1}{n} \\sum_i \\bar{p}(h \\mid x_i)$$\n",
          "Next: [the derivation](02-next.ipynb).",
        ],
      },
      {
        cell_type: "code",
        execution_count: null,
        metadata: {},
        outputs: [],
        source: [
          'import { mixture, mixtureFrame, sampleMixture, show } from "../../lib/mod.ts";\n',
          "const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);\n",
          "const { x } = sampleMixture(truth, 200, { seed: 3 });\n",
          // Through show(), as in the notebooks: the chart is sent before the cell reports idle.
          'await show(mixtureFrame(x, { mixture: truth, iteration: 7 }, { xLabel: "x" }));',
        ],
      },
    ],
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const path = join(dir, "tiny.ipynb");
  await Deno.writeTextFile(path, JSON.stringify(notebook, null, 1));
  try {
    const out = await exportNotebook(path, join(dir, "html"), new Set(["02-next.ipynb"]));
    const html = await Deno.readTextFile(out);
    // The plot is inline SVG markup (not a base64 image), with its title and axis.
    const svgs = html.match(/<svg\b[^>]*class="plot-[^"]*"[\s\S]*?<\/svg>/g) ?? [];
    assertEquals(svgs.length, 1, "one Plot chart inline");
    assertStringIncludes(svgs[0]!, "iteration 7");
    assertStringIncludes(svgs[0]!, "log-likelihood =");
    assertStringIncludes(svgs[0]!, 'aria-label="x-axis tick label"');
    assert(!/<img[^>]*src="data:image\/svg\+xml/.test(html), "no SVG hidden in an <img>");
    // The math is typeset: SVG inside mjx-container, one of them displayed, no TeX left.
    const math = html.match(/<mjx-container[^>]*>\s*<svg/g) ?? [];
    assertEquals(math.length, 2);
    assert(!html.includes("\\bar{p}"), "the TeX source was replaced");
    // Nothing is fetched from elsewhere: no external scripts, no CDN.
    assertEquals(html.match(/<script\b[^>]*\bsrc=/g) ?? [], []);
    assert(!/cdnjs|cdn\.jsdelivr|unpkg\.com/.test(html), "no CDN URL");
    assertStringIncludes(html, 'href="02-next.html"');
    assertGreater(html.length, 10_000);
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});

Deno.test("displayMathCount() counts display formulas only; checkMath() compares with the source", () => {
  const html = typesetMath("<p>$a$ and</p><p>$$\nb = c\n$$</p><p>$$\\frac{1}{2}$$</p>");
  assertEquals(displayMathCount(html), 2);
  assertEquals(mathErrors(html), []);
  assertEquals(mathErrors(typesetMath("<p>$\\frac{1}$</p>")).length, 1);
  const name = NOTEBOOKS.find((n) => n.built)!.file.replace(".ipynb", "");
  const expected = displayEquations(Deno.readTextFileSync(join(SOURCE_DIR, `${name}.md`))).length;
  const page = typesetMath(`<p>${"$$x$$ ".repeat(expected + 1)}</p>`);
  assertThrows(() => checkMath(name, page), Error, `${expected} display equations in the source`);
});

Deno.test("checkOutputs() fails an export whose cell lost an expected output", () => {
  const cell = (outputs: unknown[], manifest: unknown[]) => ({
    cell_type: "code",
    metadata: { emlab: { outputs: manifest } },
    outputs: outputs as never,
  });
  const table = {
    output_type: "display_data",
    data: { "text/html": "<table><thead><tr><th>k</th></tr></thead></table>" },
  };
  const ok = { cells: [cell([table], [{ kind: "table", header: ["k"] }])] };
  checkOutputs("x", ok);
  const lost = { cells: [cell([], [{ kind: "table", header: ["k"] }]), cell([table], [])] };
  assertThrows(() => checkOutputs("x", lost), Error, "cell 0: expected [table[k]], shown []");
  checkOutputs("x", { cells: [{ cell_type: "code", metadata: {}, outputs: [] }] }); // no manifests
});

Deno.test({
  name: "exportNotebook(): every notebook's page typesets each display equation of its source",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await ensureKernelspec();
    const dir = await Deno.makeTempDir({ prefix: "emlab-export-all-" });
    try {
      // Last notebook first: under deno task test, the students' export (tests/_handouts.ts)
      // executes the same notebooks first to last, each once for both (SHARED_EXECUTIONS_ENV),
      // so the two meet in the middle instead of one waiting on the other at every notebook.
      for (const entry of NOTEBOOKS.filter((n) => n.built).reverse()) {
        const stem = entry.file.replace(".ipynb", "");
        // exportNotebook itself fails on a missing output or a display-math count that differs.
        const out = await exportNotebook(join(ROOT, "notebooks", entry.file), dir);
        const html = await Deno.readTextFile(out);
        const expected = displayEquations(Deno.readTextFileSync(join(SOURCE_DIR, `${stem}.md`)));
        assertEquals(displayMathCount(html), expected.length, stem);
        assert(!/\$\$/.test(html.replace(/<script[\s\S]*?<\/script>/g, "")), `${stem}: raw $$`);
        console.log(`${stem}.html: ${expected.length} display equations typeset`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test("linkExportedNotebooks() sends the Japanese index's link to the English one to ../index.html", () => {
  assertEquals(
    linkExportedNotebooks('<a href="../README.md">English</a>', new Set(["README.md"])),
    '<a href="../index.html">English</a>',
  );
});

Deno.test({
  name: "exportNotebook(): a Japanese notebook's page has its Japanese charts and every equation",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await ensureKernelspec();
    const dir = await Deno.makeTempDir({ prefix: "emlab-export-ja-" });
    try {
      const stem = "02-deriving-the-updates";
      const out = await exportNotebook(
        join(EDITIONS.ja.notebookDir, `${stem}.ipynb`),
        dir,
        new Set(),
        {
          sourceDir: EDITIONS.ja.sourceDir,
        },
      );
      const html = await Deno.readTextFile(out);
      const expected = displayEquations(
        Deno.readTextFileSync(join(EDITIONS.ja.sourceDir, `${stem}.md`)),
      );
      assertEquals(displayMathCount(html), expected.length);
      assert(html.includes("最終的な対数尤度との差"), "the gap chart's Japanese title");
      assert(html.includes("イェンセンの不等式"), "the Japanese prose");
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test("executeOnce() executes a notebook once for callers sharing a folder, again when it changes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "emlab-execute-once-" });
  const before = Deno.env.get(SHARED_EXECUTIONS_ENV);
  try {
    const notebook = join(dir, "a.ipynb");
    await Deno.writeTextFile(notebook, '{"cells": []}');
    let executed = 0;
    const execute = (target: string) => async () => {
      executed++;
      await new Promise((r) => setTimeout(r, 300));
      await Deno.writeTextFile(target, `executed ${executed}`);
    };
    // Without the shared folder: every call executes.
    Deno.env.delete(SHARED_EXECUTIONS_ENV);
    await executeOnce(notebook, join(dir, "0.ipynb"), execute(join(dir, "0.ipynb")));
    assertEquals(executed, 1);
    Deno.env.set(SHARED_EXECUTIONS_ENV, join(dir, "shared"));
    const targets = [1, 2, 3].map((i) => join(dir, `${i}.ipynb`));
    await Promise.all(targets.map((t) => executeOnce(notebook, t, execute(t))));
    assertEquals(executed, 2, "three callers at once, one execution");
    for (const t of targets) assertEquals(await Deno.readTextFile(t), "executed 2");
    await Deno.writeTextFile(notebook, '{"cells": [], "metadata": {}}');
    await executeOnce(notebook, join(dir, "4.ipynb"), execute(join(dir, "4.ipynb")));
    assertEquals(executed, 3, "changed content, executed again");
    // A failed execution is not shared: the next caller executes.
    const other = join(dir, "b.ipynb");
    await Deno.writeTextFile(other, "{}");
    await assertRejects(() =>
      executeOnce(other, join(dir, "5.ipynb"), () => Promise.reject(new Error("kernel died")))
    );
    await executeOnce(other, join(dir, "6.ipynb"), execute(join(dir, "6.ipynb")));
    assertEquals(await Deno.readTextFile(join(dir, "6.ipynb")), "executed 4");
  } finally {
    if (before === undefined) Deno.env.delete(SHARED_EXECUTIONS_ENV);
    else Deno.env.set(SHARED_EXECUTIONS_ENV, before);
    await Deno.remove(dir, { recursive: true });
  }
});
