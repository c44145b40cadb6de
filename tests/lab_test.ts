import { assert, assertEquals, assertMatch, assertNotEquals, assertThrows } from "@std/assert";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { freePort, parseLabArgs, prepareLab, startLab } from "../tools/lab.ts";
import {
  ensureKernelspec,
  isTransientPath,
  JUPYTER_DATA,
  KERNEL_NAME,
  pythonInstallHint,
  SetupError,
  VENV_DENO,
} from "../tools/setup.ts";

Deno.test("parseLabArgs() reads --port, --no-browser, --help and passes options after --", () => {
  assertEquals(parseLabArgs([]), { help: false, openBrowser: true, passThrough: [] });
  assertEquals(parseLabArgs(["--port", "9000", "--no-browser"]), {
    help: false,
    openBrowser: false,
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

Deno.test("ensureKernelspec() points the kernel at a deno in the venv that is this deno", async () => {
  const dir = await ensureKernelspec();
  assertEquals(dir, join(JUPYTER_DATA, "kernels", KERNEL_NAME));
  const spec = JSON.parse(await Deno.readTextFile(join(dir, "kernel.json")));
  assertEquals(spec.argv, [VENV_DENO, "jupyter", "--kernel", "--conn", "{connection_file}"]);
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
    const lab = await startLab({ port: 0, logFile: log });
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
    } finally {
      await lab.close();
      await Deno.remove(log);
    }
    const status = await lab.process.status;
    assert(status.code !== null);
    await assertRefused(lab.baseUrl);
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
