/**
 * The lab's working copy of the notebooks.
 *
 * JupyterLab saves (and autosaves) every notebook it has open, outputs
 * included. So that a class never dirties the committed `notebooks/`, the lab
 * serves a copy in `.lab/` (git-ignored) beside `lib/`: the notebooks'
 * `import … from "../lib/mod.ts"` and `data/…` paths work there unchanged,
 * and the kernel finds the project's `deno.json` in the parent folder.
 *
 * The copy keeps the lecturer's edits across runs. A manifest
 * (`.lab/.emlab-copy.json`) records which committed version each file was
 * copied from, so that when `notebooks/` changes (a `git pull`):
 * - a new file is copied in;
 * - a file the lecturer has not edited (for a notebook: whose cells' sources
 *   are unchanged, whatever its outputs) is replaced by the new version;
 * - a file the lecturer has edited is kept, and reported as differing.
 * Files the lecturer added to `.lab/` are never touched. `fresh` starts over.
 *
 * @module
 */
import { dirname, join, relative, sep } from "node:path";
import { ROOT } from "./setup.ts";

/** The committed notebooks, the source of the working copy. */
export const NOTEBOOKS: string = join(ROOT, "notebooks");
/** The working copy JupyterLab serves (git-ignored). */
export const WORKING_COPY: string = join(ROOT, ".lab");
/** The manifest inside the working copy. */
export const MANIFEST_NAME = ".emlab-copy.json";

/** What the manifest records for one copied file. */
interface ManifestEntry {
  /** SHA-256 of the committed file when it was copied. */
  hash: string;
  /** SHA-256 of its content without outputs (notebooks: cell types and sources). */
  sourceHash: string;
}

interface Manifest {
  files: Record<string, ManifestEntry>;
}

/** What {@link syncWorkingCopy} did, file by file (paths relative to the copy). */
export interface SyncReport {
  /** The folder synced into. */
  target: string;
  /** The copy was made from scratch (first run, or `fresh`). */
  created: boolean;
  /** Copied in because they were new upstream (not on a from-scratch copy). */
  added: string[];
  /** Replaced by a newer committed version; the copy had no edits of the lecturer's. */
  updated: string[];
  /** Edited in the copy and changed upstream since: the copy was kept. */
  differs: string[];
  /** Edited in the copy (or run and saved with outputs), unchanged upstream: kept. */
  edited: string[];
}

/** Options of {@link syncWorkingCopy}. */
export interface SyncOptions {
  /**
   * The committed notebooks folder.
   * @default NOTEBOOKS
   */
  source?: string;
  /**
   * The working copy.
   * @default WORKING_COPY
   */
  target?: string;
  /**
   * Delete the working copy first and copy everything anew.
   * @default false
   */
  fresh?: boolean;
}

async function sha256(bytes: Uint8Array | string): Promise<string> {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The content that counts as the lecturer's edit: for a notebook, its cells'
 * types and sources (outputs, execution counts and metadata left out), so a
 * notebook that was only run and saved counts as unedited.
 */
async function sourceHash(path: string, bytes: Uint8Array): Promise<string> {
  if (!path.endsWith(".ipynb")) return await sha256(bytes);
  try {
    const nb = JSON.parse(new TextDecoder().decode(bytes)) as {
      cells?: { cell_type?: string; source?: string | string[] }[];
    };
    const cells = (nb.cells ?? []).map((c) => [
      c.cell_type ?? "",
      Array.isArray(c.source) ? c.source.join("") : c.source ?? "",
    ]);
    return await sha256(JSON.stringify(cells));
  } catch {
    return await sha256(bytes); // not JSON (half-written?): compare bytes
  }
}

/** Files under `dir`, relative, `/`-separated; hidden names and checkpoints skipped. */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(join(dir, prefix))) {
    if (entry.name.startsWith(".")) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory) out.push(...await listFiles(dir, rel));
    else if (entry.isFile) out.push(rel);
  }
  return out.sort();
}

async function readOrNull(path: string): Promise<Uint8Array | null> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

async function readManifest(target: string): Promise<Manifest | null> {
  try {
    const m = JSON.parse(await Deno.readTextFile(join(target, MANIFEST_NAME))) as Manifest;
    return m && typeof m.files === "object" ? m : null;
  } catch {
    return null;
  }
}

async function writeFile(path: string, bytes: Uint8Array): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeFile(path, bytes);
}

/**
 * Bring the working copy up to date with the committed notebooks without
 * losing the lecturer's edits (see the module documentation).
 *
 * @param options Source, target and `fresh`.
 * @returns What was copied, updated and kept.
 */
export async function syncWorkingCopy(options: SyncOptions = {}): Promise<SyncReport> {
  const source = options.source ?? NOTEBOOKS;
  const target = options.target ?? WORKING_COPY;
  if (options.fresh) await Deno.remove(target, { recursive: true }).catch(() => {});
  const previous = await readManifest(target);
  const created = previous === null;
  const manifest: Manifest = { files: { ...(previous?.files ?? {}) } };
  const report: SyncReport = {
    target,
    created,
    added: [],
    updated: [],
    differs: [],
    edited: [],
  };
  for (const rel of await listFiles(source)) {
    const upstream = await Deno.readFile(join(source, rel));
    const up: ManifestEntry = {
      hash: await sha256(upstream),
      sourceHash: await sourceHash(rel, upstream),
    };
    const dest = join(target, ...rel.split("/"));
    const current = await readOrNull(dest);
    const base = manifest.files[rel];
    if (current === null) {
      // New upstream, or deleted from the copy: copy it (again).
      await writeFile(dest, upstream);
      manifest.files[rel] = up;
      if (!created) report.added.push(rel);
      continue;
    }
    const cur: ManifestEntry = {
      hash: await sha256(current),
      sourceHash: await sourceHash(rel, current),
    };
    if (cur.hash === up.hash) {
      manifest.files[rel] = up;
      continue;
    }
    if (base === undefined) {
      // A file of the lecturer's with the name of a committed one: keep it.
      report.differs.push(rel);
      continue;
    }
    if (base.hash === up.hash) {
      // Upstream unchanged; the copy was edited or run and saved: keep it.
      report.edited.push(rel);
      continue;
    }
    if (cur.sourceHash === base.sourceHash) {
      // Upstream changed; the copy has no edits of its own (outputs at most).
      await writeFile(dest, upstream);
      manifest.files[rel] = up;
      report.updated.push(rel);
    } else {
      report.differs.push(rel);
    }
  }
  await Deno.mkdir(target, { recursive: true });
  await Deno.writeTextFile(join(target, MANIFEST_NAME), JSON.stringify(manifest, null, 2) + "\n");
  return report;
}

/**
 * What to tell the user about a sync, one short line per kind of change.
 *
 * @param report What {@link syncWorkingCopy} returned.
 * @param source The committed folder, for the messages.
 * @returns Lines to print (none when nothing needs saying).
 */
export function describeSync(report: SyncReport, source: string = NOTEBOOKS): string[] {
  const where = (p: string) => relative(ROOT, p).split(sep).join("/") || p;
  const lines: string[] = [];
  const list = (files: string[]) => files.join(", ");
  if (report.added.length) lines.push(`new from ${where(source)}/: ${list(report.added)}`);
  if (report.updated.length) {
    lines.push(`updated to the committed version (no edits of yours): ${list(report.updated)}`);
  }
  if (report.edited.length) lines.push(`your saved edits or outputs kept: ${list(report.edited)}`);
  if (report.differs.length) {
    lines.push(
      `changed in ${where(source)}/ since your copy, your copy kept: ${list(report.differs)} ` +
        `(compare them, or start over with \`deno task lab --fresh\`)`,
    );
  }
  return lines;
}
