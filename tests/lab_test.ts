import {
  assert,
  assertEquals,
  assertGreater,
  assertMatch,
  assertNotEquals,
  assertThrows,
} from "@std/assert";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { freePort, labEnv, parseLabArgs, prepareLab, startLab } from "../tools/lab.ts";
import { describeSync, MANIFEST_NAME, syncWorkingCopy } from "../tools/working_copy.ts";
import { NOTEBOOKS } from "../tools/build_notebooks.ts";
import { PAGE_CONFIG, writePageConfig } from "../tools/kernelspec.ts";
import { CHART_SCALE_ENV, chartScale, parseChartScale } from "../lib/plot/_scale.ts";
import { fit, logLikelihoodTrace, mixture, mixtureFrame, sampleMixture } from "../lib/mod.ts";
import { ParameterRangeError } from "../lib/core/errors.ts";
import {
  ensureKernelspec,
  isTransientPath,
  JUPYTER_DATA,
  KERNEL_NAME,
  pythonInstallHint,
  ROOT,
  SetupError,
  VENV_DENO,
} from "../tools/setup.ts";

Deno.test("parseLabArgs() reads --port, --no-browser, --help and passes options after --", () => {
  assertEquals(parseLabArgs([]), {
    help: false,
    openBrowser: true,
    fresh: false,
    passThrough: [],
  });
  assertEquals(parseLabArgs(["--port", "9000", "--no-browser"]), {
    help: false,
    openBrowser: false,
    fresh: false,
    port: 9000,
    passThrough: [],
  });
  assertEquals(parseLabArgs(["--port=9001"]).port, 9001);
  assertEquals(parseLabArgs(["-h"]).help, true);
  assertEquals(parseLabArgs(["--", "--log-level=INFO"]).passThrough, ["--log-level=INFO"]);
});

Deno.test("parseLabArgs() rejects bad ports, unknown options and a public ip or no token", () => {
  for (const bad of [["--port", "0"], ["--port", "abc"], ["--port", "70000"], ["--port"]]) {
    assertThrows(() => parseLabArgs(bad), SetupError, "--port expects an integer");
  }
  assertThrows(() => parseLabArgs(["--bogus"]), SetupError, "Unknown option");
  assertThrows(() => parseLabArgs(["--", "--ip=0.0.0.0"]), SetupError, "127.0.0.1");
  assertThrows(() => parseLabArgs(["--", "--IdentityProvider.token="]), SetupError, "token");
});

Deno.test("isTransientPath() flags npx's cache and the temp folder, not installed binaries", () => {
  assert(isTransientPath("/home/ana/.npm/_npx/7a40be787520bede/node_modules/deno/deno"));
  assert(isTransientPath(join(tmpdir(), "x", "deno")));
  assert(!isTransientPath("/home/ana/.deno/bin/deno"));
  assert(!isTransientPath("/usr/lib/node_modules/deno/deno"));
  assert(!isTransientPath("/opt/homebrew/bin/deno"));
});

Deno.test("pythonInstallHint() names the platform's package manager", () => {
  assertMatch(pythonInstallHint("linux", "ID=debian\n"), /apt-get install python3 python3-venv/);
  assertMatch(pythonInstallHint("linux", 'ID=pop\nID_LIKE="ubuntu debian"\n'), /apt-get/);
  assertMatch(pythonInstallHint("linux", "ID=fedora\n"), /dnf install python3/);
  assertMatch(pythonInstallHint("linux", "ID=arch\n"), /pacman/);
  assertMatch(pythonInstallHint("darwin"), /brew install python/);
  assertMatch(pythonInstallHint("windows"), /winget|python\.org/);
  assertMatch(pythonInstallHint("linux", ""), /venv/);
});

Deno.test("freePort() returns a port nothing listens on", () => {
  const port = freePort(0);
  const listener = Deno.listen({ hostname: "127.0.0.1", port });
  try {
    assertNotEquals(freePort(port), port);
  } finally {
    listener.close();
  }
});

Deno.test("writePageConfig() adds the kit's page config beside JupyterLab's own, which it leaves alone", async () => {
  const prefix = await Deno.makeTempDir({ prefix: "emlab-pageconfig-" });
  try {
    const labconfig = join(prefix, "etc", "jupyter", "labconfig");
    await Deno.mkdir(labconfig, { recursive: true });
    // What `jupyter labextension disable` writes at the venv's level.
    const own = JSON.stringify({ disabledExtensions: { "@jupyterlab/some-extension": true } });
    await Deno.writeTextFile(join(labconfig, "page_config.json"), own);
    const file = await writePageConfig(prefix);
    assertEquals(file, join(labconfig, "page_config.d", "emlab.json"));
    assertEquals(JSON.parse(await Deno.readTextFile(file)), PAGE_CONFIG);
    assertEquals(await Deno.readTextFile(join(labconfig, "page_config.json")), own);
    await writePageConfig(prefix); // again: the same file
    assertEquals(JSON.parse(await Deno.readTextFile(file)), PAGE_CONFIG);
  } finally {
    await Deno.remove(prefix, { recursive: true });
  }
});

Deno.test("ensureKernelspec() points the kernel at a deno in the venv that is this deno", async () => {
  const dir = await ensureKernelspec();
  assertEquals(dir, join(JUPYTER_DATA, "kernels", KERNEL_NAME));
  const spec = JSON.parse(await Deno.readTextFile(join(dir, "kernel.json")));
  assertEquals(spec.argv, [VENV_DENO, "jupyter", "--kernel", "--conn", "{connection_file}"]);
  // ■ sends an interrupt_request (the kernel stops the cell), not SIGINT (which ends the kernel).
  assertEquals(spec.interrupt_mode, "message");
  const out = await new Deno.Command(VENV_DENO, { args: ["--version"], stdout: "piped" }).output();
  assertMatch(new TextDecoder().decode(out.stdout), new RegExp(`^deno ${Deno.version.deno} `));
  // A symlink only to a deno installed for good; a deno from a cache is linked or copied.
  const target = await Deno.readLink(VENV_DENO).catch(() => null);
  assert(
    target === null || !isTransientPath(target),
    `the kernel's deno links into a cache: ${target}`,
  );
});

Deno.test({
  name: "startLab() serves on 127.0.0.1 with a token, and close() ends the server",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await prepareLab();
    const log = await Deno.makeTempFile({ suffix: ".log" });
    const lab = await startLab({ port: 0, root: join(ROOT, "notebooks"), logFile: log });
    try {
      assertEquals(lab.url, `http://127.0.0.1:${lab.port}/lab?token=${lab.token}`);
      assertMatch(lab.token, /^[0-9a-f]{48}$/);
      const without = await fetch(`${lab.baseUrl}api/kernelspecs`);
      await without.body?.cancel();
      assertEquals(without.status, 403);
      const specs = await (await fetch(`${lab.baseUrl}api/kernelspecs`, {
        headers: { Authorization: `token ${lab.token}` },
      })).json();
      assertEquals(specs.kernelspecs[KERNEL_NAME].spec.argv[0], VENV_DENO);
      // The page's config: no build check (each would run `node yarn.js config` on the server).
      const page = await (await fetch(lab.url)).text();
      const config = JSON.parse(
        /<script id="jupyter-config-data" type="application\/json">([\s\S]*?)<\/script>/
          .exec(page)?.[1] ?? "{}",
      );
      assertEquals([config.buildCheck, config.buildAvailable], [false, false]);
    } finally {
      await lab.close();
      await Deno.remove(log);
    }
    const status = await lab.process.status;
    assert(status.code !== null);
    await assertRefused(lab.baseUrl);
  },
});

Deno.test({
  name:
    "startLab(): two labs started at once from the same first free port each get a port of their own",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await prepareLab();
    const root = join(ROOT, "notebooks");
    const logs = [await Deno.makeTempFile({ suffix: ".log" }), await Deno.makeTempFile()];
    // Both look for the first free port from 8888 on, and find the same one: the
    // second's JupyterLab cannot bind it, and startLab() tries the next free port.
    const started = await Promise.allSettled(logs.map((logFile) => startLab({ root, logFile })));
    const labs = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    try {
      assertEquals(
        started.map((s) => s.status),
        ["fulfilled", "fulfilled"],
        String(
          started.map((s) => s.status === "rejected" ? s.reason : "").join(" "),
        ),
      );
      assertNotEquals(labs[0]!.port, labs[1]!.port);
      for (const lab of labs) {
        const res = await fetch(`${lab.baseUrl}api/status`, {
          headers: { Authorization: `token ${lab.token}` },
        });
        await res.body?.cancel();
        assertEquals(res.status, 200, `${lab.baseUrl} answers its own token`);
      }
    } finally {
      await Promise.all(labs.map((lab) => lab.close()));
      for (const log of logs) await Deno.remove(log);
    }
  },
});

async function assertRefused(url: string): Promise<void> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
  } catch {
    return;
  }
  throw new Error(`${url} still answers after close()`);
}

Deno.test("parseLabArgs() reads --fresh and --scale, and rejects a bad scale", () => {
  assertEquals(parseLabArgs(["--fresh"]).fresh, true);
  assertEquals(parseLabArgs(["--scale", "1.5"]).scale, 1.5);
  assertEquals(parseLabArgs(["--scale=2"]).scale, 2);
  assertEquals(parseLabArgs([]).scale, undefined);
  for (const bad of [["--scale", "0"], ["--scale", "abc"], ["--scale", "9"], ["--scale"]]) {
    assertThrows(() => parseLabArgs(bad), SetupError, "--scale");
  }
});

Deno.test("labEnv() passes --scale to the kernels as EMLAB_CHART_SCALE, and nothing without it", () => {
  assertEquals(labEnv({ scale: 1.5 }), { [CHART_SCALE_ENV]: "1.5" });
  assertEquals(labEnv({}), {});
});

/** Run `fn` with EMLAB_CHART_SCALE set to `value`, then restore it. */
function withScale<T>(value: string | undefined, fn: () => T): T {
  const before = Deno.env.get(CHART_SCALE_ENV);
  if (value === undefined) Deno.env.delete(CHART_SCALE_ENV);
  else Deno.env.set(CHART_SCALE_ENV, value);
  try {
    return fn();
  } finally {
    if (before === undefined) Deno.env.delete(CHART_SCALE_ENV);
    else Deno.env.set(CHART_SCALE_ENV, before);
  }
}

Deno.test("EMLAB_CHART_SCALE enlarges every chart's width and height, not its layout", () => {
  const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 300, { seed: 3 });
  const result = fit(x, 2, { seed: 3 });
  const charts =
    () => [mixtureFrame(x, result.history.at(-1)!), logLikelihoodTrace(result.history)];
  const normal = withScale(undefined, charts);
  const large = withScale("1.5", charts);
  for (const [i, chart] of normal.entries()) {
    const w = Number(chart.getAttribute("width"));
    const h = Number(chart.getAttribute("height"));
    assertEquals(large[i]!.getAttribute("width"), String(Math.round(w * 1.5)));
    assertEquals(large[i]!.getAttribute("height"), String(Math.round(h * 1.5)));
    // Same drawing: only the outer size differs.
    assertEquals(
      large[i]!.getAttribute("viewBox"),
      chart.getAttribute("viewBox") ?? `0 0 ${w} ${h}`,
    );
    const inner = (c: typeof chart) =>
      c.outerHTML.slice(c.outerHTML.indexOf(">")).replace(/plot-clip-\d+/g, "plot-clip");
    assertEquals(inner(large[i]!), inner(chart));
  }
  assertEquals(withScale("", chartScale), 1);
  assertEquals(withScale("2", chartScale), 2);
  const error = assertThrows(() => withScale("big", charts), ParameterRangeError);
  assertEquals(error.parameter, CHART_SCALE_ENV);
  assertThrows(() => parseChartScale("0.1"), ParameterRangeError, "0.25 to 4");
});

/** A notebook with the given cell sources (and outputs). */
function notebook(sources: string[], output = ""): string {
  return JSON.stringify({
    cells: sources.map((source) => ({
      cell_type: "code",
      source,
      metadata: {},
      outputs: output ? [{ output_type: "stream", name: "stdout", text: output }] : [],
      execution_count: output ? 1 : null,
    })),
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  });
}

Deno.test("syncWorkingCopy() copies, keeps edits, updates unedited notebooks, and --fresh resets", async () => {
  const dir = await Deno.makeTempDir({ prefix: "emlab-copy-" });
  const source = join(dir, "notebooks");
  const target = join(dir, ".lab");
  const src = (p: string) => join(source, p);
  const dst = (p: string) => join(target, p);
  try {
    await Deno.mkdir(join(source, "data"), { recursive: true });
    await Deno.writeTextFile(src("a.ipynb"), notebook(["1 + 1"]));
    await Deno.writeTextFile(src("b.ipynb"), notebook(["2 + 2"]));
    await Deno.writeTextFile(src("data/x.csv"), "x\n1\n");
    const committed = async () => [
      await Deno.readTextFile(src("a.ipynb")),
      await Deno.readTextFile(src("b.ipynb")),
      await Deno.readTextFile(src("data/x.csv")),
    ];

    // First run: everything copied, byte for byte.
    let report = await syncWorkingCopy({ source, target });
    assert(report.created);
    for (const p of ["a.ipynb", "b.ipynb", "data/x.csv"]) {
      assertEquals(await Deno.readTextFile(dst(p)), await Deno.readTextFile(src(p)));
    }
    assert((await Deno.stat(dst(MANIFEST_NAME))).isFile);

    // The class: a is run and saved with outputs, b is edited, a file of one's own is added.
    await Deno.writeTextFile(dst("a.ipynb"), notebook(["1 + 1"], "2\n"));
    await Deno.writeTextFile(dst("b.ipynb"), notebook(["2 + 2", "// my note"]));
    await Deno.writeTextFile(dst("mine.ipynb"), notebook(["42"]));
    const before = await committed();
    report = await syncWorkingCopy({ source, target });
    assertEquals(await committed(), before, "the committed notebooks are never written");
    assert(!report.created);
    assertEquals(report.edited, ["a.ipynb", "b.ipynb"]);
    assertEquals([report.added, report.updated, report.differs], [[], [], []]);
    assertMatch(await Deno.readTextFile(dst("b.ipynb")), /my note/);
    assertMatch(await Deno.readTextFile(dst("a.ipynb")), /"output_type"/);

    // Upstream changes both notebooks and adds one.
    await Deno.writeTextFile(src("a.ipynb"), notebook(["1 + 2"]));
    await Deno.writeTextFile(src("b.ipynb"), notebook(["2 + 3"]));
    await Deno.writeTextFile(src("c.ipynb"), notebook(["3"]));
    report = await syncWorkingCopy({ source, target });
    assertEquals(report.added, ["c.ipynb"]);
    assertEquals(report.updated, ["a.ipynb"], "only outputs differed: take the new version");
    assertEquals(report.differs, ["b.ipynb"], "edited: keep the copy, say it differs");
    assertEquals(await Deno.readTextFile(dst("a.ipynb")), await Deno.readTextFile(src("a.ipynb")));
    assertMatch(await Deno.readTextFile(dst("b.ipynb")), /my note/);
    assertEquals(await Deno.readTextFile(dst("mine.ipynb")), notebook(["42"]));
    const lines = describeSync(report, source);
    assert(lines.some((l) => l.includes("b.ipynb") && l.includes("--fresh")), lines.join("\n"));
    assert(lines.some((l) => l.includes("c.ipynb")), lines.join("\n"));

    // Still differs on the next run (the manifest keeps the old base for b).
    report = await syncWorkingCopy({ source, target });
    assertEquals(report.differs, ["b.ipynb"]);

    // --fresh: the copy is the committed folder again, nothing of one's own left.
    report = await syncWorkingCopy({ source, target, fresh: true });
    assert(report.created);
    assertEquals(await Deno.readTextFile(dst("b.ipynb")), await Deno.readTextFile(src("b.ipynb")));
    await assertRejectsNotFound(dst("mine.ipynb"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function assertRejectsNotFound(path: string): Promise<void> {
  try {
    await Deno.stat(path);
  } catch (e) {
    assert(e instanceof Deno.errors.NotFound);
    return;
  }
  throw new Error(`${path} still exists`);
}

Deno.test({
  name: "startLab() on the working copy: saving a notebook writes .lab*, never notebooks/",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await prepareLab();
    // A working copy beside lib/, as `deno task lab` makes it (its own folder, not the user's .lab/).
    const target = join(ROOT, ".lab-test");
    const report = await syncWorkingCopy({ target, fresh: true });
    const log = await Deno.makeTempFile({ suffix: ".log" });
    const lab = await startLab({ port: 0, root: target, logFile: log });
    const headers = { Authorization: `token ${lab.token}` };
    try {
      const listing = await (await fetch(`${lab.baseUrl}api/contents`, { headers })).json();
      const served = listing.content.map((e: { name: string }) => e.name).sort();
      const committed = [];
      for await (const e of Deno.readDir(join(ROOT, "notebooks"))) {
        if (e.name.endsWith(".ipynb")) committed.push(e.name);
      }
      assertGreater(committed.length, 0);
      for (const name of committed) assert(served.includes(name), `${name} is served`);
      // Save a notebook with an output through the API, as JupyterLab's (auto)save does.
      const name = committed.sort()[0]!;
      const model = await (await fetch(`${lab.baseUrl}api/contents/${name}`, { headers })).json();
      model.content.cells[0].metadata = { saved_in_class: true };
      const put = await fetch(`${lab.baseUrl}api/contents/${name}`, {
        method: "PUT",
        headers: { ...headers, "Content-Type": "application/json" },
        body: JSON.stringify({ type: "notebook", format: "json", content: model.content }),
      });
      await put.body?.cancel();
      assertEquals(put.status, 200);
      assertMatch(await Deno.readTextFile(join(target, name)), /saved_in_class/);
      assertEquals(await gitStatus("notebooks/"), "", "the committed notebooks are unchanged");
      assert(report.created);
    } finally {
      await lab.close();
      await Deno.remove(log);
      await Deno.remove(target, { recursive: true });
    }
  },
});

async function gitStatus(path: string): Promise<string> {
  const out = await new Deno.Command("git", {
    args: ["status", "--porcelain", "--", path],
    cwd: ROOT,
    stdout: "piped",
  }).output();
  assert(out.success, "git status failed");
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test("deno.lock holds only the library's packages; the dev import map adds the tools' own", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const dev = JSON.parse(await Deno.readTextFile(join(ROOT, "tools", "dev_import_map.json")));
  for (const [key, value] of Object.entries(config.imports as Record<string, string>)) {
    assertEquals(
      dev.imports[key],
      value,
      `tools/dev_import_map.json maps ${key} as deno.json does`,
    );
  }
  const devOnly = Object.entries(dev.imports as Record<string, string>)
    .filter(([key, value]) => !(key in config.imports) && value.startsWith("npm:"))
    .map(([, value]) => /^npm:\/?(@?[^@/]+(?:\/[^@/]+)?)@/.exec(value)![1]!);
  assertGreater(devOnly.length, 0);
  // `deno task` installs every npm package of deno.lock before any task (the lab too).
  const lock = await Deno.readTextFile(join(ROOT, "deno.lock"));
  for (const name of devOnly) {
    assert(!lock.includes(`"${name}@`), `deno.lock lists ${name}: run tools with the dev map`);
  }
});

Deno.test("parseLabArgs() reads --solutions, set only when given", () => {
  assertEquals(parseLabArgs(["--solutions", "--fresh"]).solutions, true);
  assertEquals(parseLabArgs(["--solutions", "--fresh"]).fresh, true);
  assertEquals("solutions" in parseLabArgs([]), false);
});

Deno.test("syncWorkingCopy() of notebooks/ brings the Japanese edition, its index and its data", async () => {
  const target = await Deno.makeTempDir({ prefix: "emlab-copy-ja-" });
  try {
    await syncWorkingCopy({ source: join(ROOT, "notebooks"), target });
    for (const entry of NOTEBOOKS) {
      const rel = `ja/${entry.file}`;
      assertEquals(
        await Deno.readTextFile(join(target, rel)),
        await Deno.readTextFile(join(ROOT, "notebooks", rel)),
        rel,
      );
    }
    for (const rel of ["ja/README.md", "ja/data/old_faithful.csv"]) {
      assert((await Deno.stat(join(target, rel))).isFile, `${rel} is in the working copy`);
    }
  } finally {
    await Deno.remove(target, { recursive: true });
  }
});
