/**
 * The image build's post-build step (`binder/postBuild`, what repo2docker runs
 * for Binder, The Littlest JupyterHub and Zero to JupyterHub), run for real
 * into an empty prefix and an empty home: it installs Deno from npm,
 * registers the kernel, fetches the notebooks' packages and takes
 * rfc3987-syntax out of the image's Python; then a notebook runs through the
 * kernel it registered, with nothing left to download.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { ROOT, SLOW_IMPORTS, VENV_PYTHON } from "../tools/setup.ts";
import { KERNEL_DISPLAY_NAME, PAGE_CONFIG } from "../tools/kernelspec.ts";

const npmAvailable = await new Deno.Command("npm", { args: ["--version"], stdout: "null" })
  .output().then((o) => o.success, () => false);

Deno.test({
  name: "binder/postBuild installs Deno and the kernel into an empty prefix; a notebook runs on it",
  ignore: !npmAvailable,
  async fn() {
    const tmp = await Deno.makeTempDir({ prefix: "emlab-postbuild-" });
    const prefix = join(tmp, "prefix");
    const home = join(tmp, "home");
    await Deno.mkdir(home, { recursive: true });
    // Only what an image build has: PATH, certificates; a new HOME (so npm's
    // and Deno's caches start empty) and no JUPYTER_PATH.
    const keep = ["PATH", "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS", "LANG"];
    // The image's Python, standing in: it says rfc3987-syntax is installed and records its calls.
    const python = join(tmp, "python");
    const calls = join(tmp, "python-calls.txt");
    await Deno.writeTextFile(python, `#!/bin/sh\necho "$*" >> "${calls}"\n`);
    await Deno.chmod(python, 0o755);
    const env: Record<string, string> = {
      HOME: home,
      EMLAB_PREFIX: prefix,
      EMLAB_PYTHON: python,
    };
    for (const k of keep) {
      const v = Deno.env.get(k);
      if (v) env[k] = v;
    }
    const build = await new Deno.Command("bash", {
      args: [join(ROOT, "binder", "postBuild")],
      cwd: tmp,
      env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const log = new TextDecoder().decode(build.stdout) + new TextDecoder().decode(build.stderr);
    assert(build.success, `postBuild failed:\n${log}`);
    assertStringIncludes(log, "deno 2.9.6");
    // rfc3987-syntax (a slow import nothing needs) is taken out of the image's Python, as out
    // of the kit's own venv.
    assertEquals(SLOW_IMPORTS, ["rfc3987-syntax"], "binder/postBuild names the same packages");
    assertEquals((await Deno.readTextFile(calls)).trim().split("\n"), [
      "-m pip show rfc3987-syntax",
      "-m pip uninstall --yes --quiet rfc3987-syntax",
    ]);

    const spec = JSON.parse(
      await Deno.readTextFile(join(prefix, "share", "jupyter", "kernels", "deno", "kernel.json")),
    );
    assert(String(spec.argv[0]).startsWith(prefix), `kernel runs ${spec.argv[0]}`);
    assertEquals(spec.display_name, KERNEL_DISPLAY_NAME);
    assertEquals(spec.interrupt_mode, "message");
    // JupyterLab's page config in the prefix: no build check on every page load.
    const pageConfig = join(prefix, "etc", "jupyter", "labconfig", "page_config.d", "emlab.json");
    assertEquals(JSON.parse(await Deno.readTextFile(pageConfig)), PAGE_CONFIG);
    // The packages are in the new home's Deno cache.
    assert((await Deno.stat(join(home, ".cache", "deno", "npm"))).isDirectory);

    // A notebook through the registered kernel: nbclient finds it through
    // JUPYTER_PATH; the kernel reports the prefix's deno as its executable.
    const nb = {
      cells: [
        {
          cell_type: "code",
          metadata: {},
          outputs: [],
          execution_count: null,
          source: "Deno.execPath()",
        },
        {
          cell_type: "code",
          metadata: {},
          outputs: [],
          execution_count: null,
          source: 'import { fit, mixture, sampleMixture } from "@emlab/emlab";\n' +
            "const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 42 });\n" +
            "fit(x, 2, { seed: 1 }).mixture.means.length",
        },
      ],
      metadata: {
        kernelspec: { name: "deno", display_name: KERNEL_DISPLAY_NAME, language: "typescript" },
      },
      nbformat: 4,
      nbformat_minor: 5,
    };
    // Inside the project (as Binder serves the repository), so deno.json is found.
    const dir = await Deno.makeTempDir({ dir: join(ROOT, ".cache"), prefix: "postbuild-" });
    const path = join(dir, "probe.ipynb");
    await Deno.writeTextFile(path, JSON.stringify(nb));
    const out = join(dir, "executed.ipynb");
    const exec = await new Deno.Command(VENV_PYTHON, {
      args: [join(ROOT, "tools", "nbrun.py"), path, "--out", out, "--timeout", "300"],
      env: { ...env, JUPYTER_PATH: join(prefix, "share", "jupyter"), DENO_NO_UPDATE_CHECK: "1" },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const execLog = new TextDecoder().decode(exec.stdout) + new TextDecoder().decode(exec.stderr);
    assert(exec.success, `the notebook failed on the registered kernel:\n${execLog}`);
    const executed = JSON.parse(await Deno.readTextFile(out));
    const text = (i: number) =>
      [executed.cells[i].outputs[0]?.data?.["text/plain"]].flat().join("");
    assertStringIncludes(text(0), prefix);
    // deno-lint-ignore no-control-regex
    assertEquals(text(1).replace(/\x1b\[[0-9;]*m/g, "").trim(), "2");
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  },
});
