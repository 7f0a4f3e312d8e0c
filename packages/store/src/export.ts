// exportTo: materialises what a REF names at DEST. The tree is built under a temporary name next
// to DEST and renamed into place at the end, so DEST never holds a half-written export: on
// failure (or abort) it is untouched — absent, or with `force`, still the old content. With
// `force` the old DEST is moved aside, the new one renamed in, and only then is the old removed.
import { randomBytes } from "node:crypto";
import { chmodSync, lstatSync, readdirSync, renameSync, rmSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve as resolvePath } from "node:path";
import { invalid } from "@castore/core";
import { materialise } from "./exporter.js";
import type { Progress } from "./progress.js";
import { resolve } from "./resolve.js";
import type { TreeRef } from "./ref.js";
import type { Services } from "./services.js";

export interface ExportToOptions {
  /** Replace an existing DEST. */
  readonly force?: boolean;
  readonly progress?: Progress | null;
  /** Aborting stops the export; the temporary tree is removed and DEST left as it was. */
  readonly signal?: AbortSignal;
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** Removes a tree, also one with read-only directories (e.g. copied from a Nix store). */
export function removeTree(path: string | Buffer): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EPERM") throw e;
    const makeWritable = (p: Buffer): void => {
      if (!lstatSync(p).isDirectory()) return;
      chmodSync(p, 0o700);
      for (const n of readdirSync(p, { encoding: "buffer" })) makeWritable(Buffer.concat([p, Buffer.from("/"), n]));
    };
    makeWritable(Buffer.from(path));
    rmSync(path, { recursive: true, force: true });
  }
}

/**
 * Checks DEST before anything is fetched, so a refused export touches nothing: it must not exist
 * (unless `force`), and its parent must be a directory.
 */
export function checkExportDest(dest: string, force: boolean): { dest: string; parent: string } {
  const abs = resolvePath(dest);
  const parent = dirname(abs);
  if (abs === parent) throw invalid(`${dest}: cannot export to the root directory`);
  if (lstatOrNull(abs) !== null && !force) throw invalid(`${dest} already exists; give --force to replace it`);
  const p = lstatOrNull(parent);
  if (p === null) throw invalid(`${dest}: its parent directory ${parent} does not exist`);
  if (!statSync(parent).isDirectory()) throw invalid(`${dest}: ${parent} is not a directory`);
  return { dest: abs, parent };
}

export async function exportTo(store: Services, ref: string | TreeRef, destArg: string, opts: ExportToOptions = {}): Promise<void> {
  const force = opts.force === true;
  const { dest, parent } = checkExportDest(destArg, force);
  const resolved = await resolve(store, ref);
  const tag = randomBytes(6).toString("hex");
  const tmp = join(parent, `.castore-export-${tag}`);
  try {
    await materialise(store, resolved, Buffer.from(tmp), { progress: opts.progress ?? null, ...(opts.signal ? { signal: opts.signal } : {}) });
  } catch (e) {
    removeTree(tmp);
    throw e;
  }
  if (lstatOrNull(dest) === null) {
    renameSync(tmp, dest);
    return;
  }
  if (!force) {
    removeTree(tmp);
    throw invalid(`${destArg} appeared while exporting; it was left as it is`);
  }
  const old = join(parent, `.castore-old-${tag}-${basename(dest)}`);
  renameSync(dest, old);
  try {
    renameSync(tmp, dest);
  } catch (e) {
    renameSync(old, dest);
    removeTree(tmp);
    throw e;
  }
  removeTree(old);
}
