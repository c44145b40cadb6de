// The snapshot runner itself: id normalisation, the -changed.svg file on a
// mismatch, and no goldens written when CI is set.
import { assert, assertEquals, assertRejects } from "@std/assert";
import { mixture, mixtureFrame } from "../lib/mod.ts";
import { assertSvgSnapshot, normalizeSvg, prettySvg, SNAPSHOT_DIR } from "./_snapshot.ts";

const NAME = "runner-self-check";
const golden = `${SNAPSHOT_DIR}${NAME}.svg`;
const changed = `${SNAPSHOT_DIR}${NAME}-changed.svg`;

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

async function withEnv(name: string, value: string | undefined, body: () => Promise<void>) {
  const previous = Deno.env.get(name);
  if (value === undefined) Deno.env.delete(name);
  else Deno.env.set(name, value);
  try {
    await body();
  } finally {
    if (previous === undefined) Deno.env.delete(name);
    else Deno.env.set(name, previous);
  }
}

Deno.test("normalizeSvg() renumbers generated ids in order of appearance and rounds decimals", () => {
  const svg = '<svg><clipPath id="plot-clip-7"/><g clip-path="url(#plot-clip-7)"/>' +
    '<g clip-path="url(#plot-clip-9)"/><path d="M1.23456789,-0.00001234"/></svg>';
  assertEquals(
    normalizeSvg(svg),
    '<svg><clipPath id="plot-clip-1"/><g clip-path="url(#plot-clip-1)"/>' +
      '<g clip-path="url(#plot-clip-2)"/><path d="M1.235,0"/></svg>',
  );
  assertEquals(
    prettySvg("<svg><g><text>a</text></g></svg>"),
    "<svg>\n  <g>\n    <text>a</text>\n  </g>\n</svg>\n",
  );
});

Deno.test("assertSvgSnapshot() writes a missing golden, accepts a match, and writes -changed.svg on a mismatch", async () => {
  const one = mixtureFrame([0, 1, 2, 2.5, 3], mixture([1], [2], [1]));
  const other = mixtureFrame([0, 1, 2, 2.5, 3], mixture([1], [1.5], [1]));
  try {
    await withEnv("CI", undefined, async () => {
      await assertSvgSnapshot(NAME, one);
      assert(await exists(golden));
      await assertSvgSnapshot(NAME, one);
      await assertRejects(() => assertSvgSnapshot(NAME, other), Error, `snapshot ${NAME} differs`);
      assert(await exists(changed));
      assert((await Deno.readTextFile(changed)) !== (await Deno.readTextFile(golden)));
      await assertSvgSnapshot(NAME, one);
      assert(!(await exists(changed)), "a passing run removes the stale -changed.svg");
    });
    await Deno.remove(golden);
    await withEnv("CI", "true", async () => {
      await assertRejects(
        () => assertSvgSnapshot(NAME, one),
        Error,
        "never written when CI is set",
      );
      assert(!(await exists(golden)));
    });
  } finally {
    await Deno.remove(golden).catch(() => {});
    await Deno.remove(changed).catch(() => {});
  }
});
