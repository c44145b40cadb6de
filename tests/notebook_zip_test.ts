/**
 * The students' zip (`emlab-notebooks.zip`, tools/export_site.ts) used as a
 * student uses it: unzipped into a temporary folder, the lab started there
 * with the command its `START_HERE.md` gives (`npx -y deno@2.9.6 task -q
 * lab`, run here with this Deno when it is that version, else with npx), on
 * a free port without a browser. The copy must hold every file the lab
 * needs: JupyterLab answers, lists the Deno kernel and the notebooks of both
 * editions, serves the explorable of each edition, and the first code cell
 * of 01 runs on the Deno kernel. Then the lab is stopped as Ctrl-C stops it,
 * and no process started from the copy may be left.
 *
 * The zip is the one in EMLAB_HANDOUTS_DIR (`notebooks/emlab-notebooks.zip`
 * of a `deno task export`) or else written here as the export writes it.
 * The lab reuses the project's venv (EMLAB_VENV) instead of installing
 * JupyterLab again into the copy.
 */
import { join } from "node:path";
import { unzipSync } from "fflate";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { NOTEBOOKS_ZIP, writeNotebookZip } from "../tools/export_site.ts";
import { ensureKernelspec, ensureVenv, KERNEL_DISPLAY_NAME, VENV } from "../tools/setup.ts";
import { EXPLORABLE_JA } from "../tools/export_explorable.ts";
import { NOTEBOOKS } from "../tools/build_notebooks.ts";
import { type RemoteCell, runRemoteNotebook } from "./_remote_kernel.ts";

/** Every process whose command line or working folder lies in `dir`. */
async function processesIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const e of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(e.name) || Number(e.name) === Deno.pid) continue;
    const cmd = await Deno.readTextFile(`/proc/${e.name}/cmdline`).catch(() => "");
    const cwd = await Deno.readLink(`/proc/${e.name}/cwd`).catch(() => "");
    if (cmd.includes(dir) || cwd.startsWith(dir)) {
      found.push(`${e.name}: ${cmd.replaceAll("\0", " ").trim()} (in ${cwd})`);
    }
  }
  return found;
}

/** A free port on 127.0.0.1. */
function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = l.addr as Deno.NetAddr;
  l.close();
  return port;
}

Deno.test({
  name:
    "the students' zip, unzipped: START_HERE's lab command opens the notebooks on the Deno kernel",
  ignore: Deno.build.os !== "linux",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await ensureVenv();
    await ensureKernelspec();
    const given = Deno.env.get("EMLAB_HANDOUTS_DIR");
    const scratch = await Deno.makeTempDir({ prefix: "emlab-zip-" });
    const zipPath = given ? join(given, "notebooks", NOTEBOOKS_ZIP) : join(scratch, NOTEBOOKS_ZIP);
    if (!given) await writeNotebookZip(zipPath);
    const home = join(scratch, "student");
    const files = unzipSync(await Deno.readFile(zipPath));
    for (const [name, bytes] of Object.entries(files)) {
      if (name.endsWith("/")) continue;
      const path = join(home, name);
      await Deno.mkdir(join(path, ".."), { recursive: true });
      await Deno.writeFile(path, bytes);
    }
    const copy = join(home, "emlab");
    const startHere = await Deno.readTextFile(join(copy, "START_HERE.md"));
    const command = /npx -y deno@([\d.]+) task -q lab/.exec(startHere);
    assert(command, "START_HERE.md gives the lab command");
    const version = command[1]!;
    // The command as START_HERE gives it, with this Deno when it is the version named.
    const deno = Deno.version.deno === version
      ? [Deno.execPath()]
      : ["npx", "-y", `deno@${version}`];
    const port = freePort();
    const token = crypto.randomUUID().replaceAll("-", "");
    const log = join(scratch, "lab.log");
    const out = await Deno.open(log, { write: true, create: true });
    // setsid: the task and the lab it starts in a process group of their own, as in a terminal,
    // so that the group's SIGINT is what Ctrl-C sends.
    const child = new Deno.Command("setsid", {
      args: [...deno, "task", "-q", "lab", "--no-browser", "--port", String(port)],
      cwd: copy,
      env: { EMLAB_VENV: VENV, JUPYTER_TOKEN: token, NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const pipe = (s: ReadableStream<Uint8Array>) =>
      s.pipeTo(
        new WritableStream({ write: (chunk) => void out.writeSync(chunk) }),
      ).catch(() => {});
    const piped = Promise.all([pipe(child.stdout), pipe(child.stderr)]);
    const base = `http://127.0.0.1:${port}/`;
    const headers = { Authorization: `token ${token}` };
    const readLog = () => Deno.readTextFile(log).catch(() => "");
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      // Ctrl-C in the terminal: SIGINT to the foreground group.
      await new Deno.Command("kill", { args: ["-INT", "--", `-${child.pid}`] }).output();
      const timer = setTimeout(() => {
        new Deno.Command("kill", { args: ["-KILL", "--", `-${child.pid}`] }).outputSync();
      }, 60_000);
      await child.status;
      clearTimeout(timer);
      await piped;
      out.close();
    };
    try {
      await t.step("the lab starts from the unzipped copy", async () => {
        const deadline = Date.now() + 240_000;
        for (;;) {
          const up = await fetch(`${base}api/status`, { headers }).then(
            async (r) => (await r.body?.cancel(), r.ok),
            () => false,
          );
          if (up) break;
          const ended = await Promise.race([
            child.status.then(() => true),
            new Promise((r) => setTimeout(() => r(false), 1000)),
          ]);
          assert(!ended, `the lab ended before it answered:\n${await readLog()}`);
          assert(Date.now() < deadline, `the lab did not answer in 240 s:\n${await readLog()}`);
        }
        assertStringIncludes(await readLog(), `127.0.0.1:${port}/lab?token=`);
      });

      await t.step("it lists the Deno kernel and the notebooks of both editions", async () => {
        const specs = await (await fetch(`${base}api/kernelspecs`, { headers })).json();
        assertEquals(specs.kernelspecs.deno?.spec?.display_name, KERNEL_DISPLAY_NAME);
        for (const dir of ["", "ja"]) {
          const listing = await (await fetch(`${base}api/contents/${dir}`, { headers })).json();
          const names = (listing.content as { name: string }[]).map((f) => f.name);
          for (const n of NOTEBOOKS) assert(names.includes(n.file), `${dir}/${n.file}: ${names}`);
        }
        const nb = await fetch(`${base}api/contents/ja/01-em-walkthrough.ipynb?content=1`, {
          headers,
        });
        assertEquals(nb.status, 200);
        assertEquals((await nb.json()).content.metadata.kernelspec.name, "deno");
      });

      await t.step("the explorable opens in each edition's language", async () => {
        for (const [name, lang] of [["explorable.html", "en"], [EXPLORABLE_JA, "ja"]]) {
          const res = await fetch(`${base}files/out/${name}`, { headers });
          assertEquals(res.status, 200, name);
          assertMatch(await res.text(), new RegExp(`<html lang="${lang}" data-lang="${lang}">`));
        }
        // The Japanese notebooks link the Japanese file.
        const ja = JSON.parse(
          await Deno.readTextFile(join(copy, "notebooks", "ja", NOTEBOOKS[0]!.file)),
        );
        const text = ja.cells.map((c: { source: string[] }) => c.source.join("")).join("\n");
        assertStringIncludes(text, `(../../out/${EXPLORABLE_JA})`);
        assert(!text.includes("(../../out/explorable.html)"));
      });

      await t.step("01's first code cell runs on the Deno kernel", async () => {
        const ran: RemoteCell[] = [];
        await runRemoteNotebook(base, token, "01-em-walkthrough.ipynb", {
          timeoutMs: 180_000,
          // One cell is enough: the run ends after it (its session and kernel deleted).
          afterCell: (cell) => {
            ran.push(cell);
            return Promise.reject(new StopRun());
          },
        }).catch((e) => {
          if (!(e instanceof StopRun)) throw e;
        });
        assertEquals(ran.length, 1);
        assertEquals(ran[0]!.status, "ok", JSON.stringify(ran[0]));
        assert(
          ran[0]!.outputs.some((o) => o.text.includes("1000 points, seed 16")),
          JSON.stringify(ran[0]!.outputs),
        );
        console.log(`  01's first cell on the kernel: ${ran[0]!.seconds.toFixed(1)} s`);
      });
    } finally {
      await stop();
      const left = await processesIn(scratch);
      await Deno.remove(scratch, { recursive: true }).catch(() => {});
      assertEquals(left, [], "no process started from the copy is left");
    }
  },
});

/** Thrown after the first cell to end a notebook run early. */
class StopRun extends Error {}
