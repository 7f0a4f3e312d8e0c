// exportTo: materialises what a REF names at DEST. The tree is built under a temporary name next
// to DEST and renamed into place at the end, so DEST never holds a half-written export: on
// failure (or abort) it is untouched — absent, or with `force`, still the old content. With
// `force` the old DEST is moved aside, the new one renamed in, and only then is the old removed.
// An empty directory at DEST counts as no DEST: the export replaces it without `force`. Errors
// name the user's paths, never the temporary ones.
import { randomBytes } from "node:crypto";
import { chmodSync, lstatSync, readdirSync, renameSync, rmdirSync, statSync, unlinkSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve as resolvePath } from "node:path";
import { StoreError, invalid, isStoreError } from "@castore/core";
import { materialise } from "./exporter.js";
import type { Progress } from "./progress.js";
import { resolve, type Resolved } from "./resolve.js";
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

/**
 * Removes a tree, also one with read-only directories (e.g. copied from a Nix store) and one as
 * deep as the OS allows: iteratively, where fs.rmSync's recursion overflows the stack at about
 * 1,900 levels (and would then hide the error that made us clean up).
 */
export function removeTree(path: string | Buffer): void {
  const root = Buffer.from(path);
  let st: Stats;
  try {
    st = lstatSync(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  if (!st.isDirectory()) {
    unlinkSync(root);
    return;
  }
  const SLASH = Buffer.from("/");
  const stack: { dir: Buffer; listed: boolean }[] = [{ dir: root, listed: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.listed) {
      rmdirSync(top.dir);
      stack.pop();
      continue;
    }
    top.listed = true;
    chmodSync(top.dir, 0o700); // read-only directories (Nix store copies) cannot be emptied otherwise
    for (const e of readdirSync(top.dir, { encoding: "buffer", withFileTypes: true })) {
      const p = Buffer.concat([top.dir, SLASH, e.name]);
      if (e.isDirectory()) stack.push({ dir: p, listed: false });
      else unlinkSync(p);
    }
  }
}

/** Whether `path` (with `st` its lstat) is a directory with nothing in it. */
function isEmptyDir(path: string, st: Stats): boolean {
  if (!st.isDirectory()) return false;
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false; // unreadable: treated as holding something, so it is not replaced unasked
  }
}

/**
 * Checks DEST before anything is fetched, so a refused export touches nothing: it must not exist
 * (unless `force`) or be an empty directory (which the export replaces, as if it were absent),
 * and its parent must be a directory.
 */
export function checkExportDest(dest: string, force: boolean): { dest: string; parent: string } {
  const abs = resolvePath(dest);
  const parent = dirname(abs);
  if (abs === parent) throw invalid(`${dest}: cannot export to the root directory`);
  const st = lstatOrNull(abs);
  if (st !== null && !force && !isEmptyDir(abs, st)) throw invalid(`${dest} already exists; give --force to replace it`);
  const p = lstatOrNull(parent);
  if (p === null) throw invalid(`${dest}: its parent directory ${parent} does not exist`);
  if (!statSync(parent).isDirectory()) throw invalid(`${dest}: ${parent} is not a directory`);
  return { dest: abs, parent };
}

/**
 * Materialises what `ref` names at `destArg`. A caller that resolved the REF already (to size a
 * progress bar, say) passes the Resolved, so it is not looked up twice.
 */
export async function exportTo(store: Services, ref: string | TreeRef | Resolved, destArg: string, opts: ExportToOptions = {}): Promise<void> {
  const force = opts.force === true;
  const { dest, parent } = checkExportDest(destArg, force);
  const resolved = typeof ref === "object" && "node" in ref ? ref : await resolve(store, ref);
  const tag = randomBytes(6).toString("hex");
  const tmp = join(parent, `.castore-export-${tag}`);
  const old = join(parent, `.castore-old-${tag}-${basename(dest)}`);
  try {
    try {
      await materialise(store, resolved, Buffer.from(tmp), { progress: opts.progress ?? null, ...(opts.signal ? { signal: opts.signal } : {}) });
    } catch (e) {
      removeTree(tmp);
      throw e;
    }
    placeExport(tmp, dest, destArg, old, force);
  } catch (e) {
    throw inUserTerms(e, [tmp, old, dest], destArg);
  }
}

/** Renames the finished tree `tmp` to `dest`: over nothing, an empty directory, or (force) anything. */
function placeExport(tmp: string, dest: string, destArg: string, old: string, force: boolean): void {
  const existing = lstatOrNull(dest);
  if (existing === null) {
    renameSync(tmp, dest);
    return;
  }
  if (!force) {
    if (isEmptyDir(dest, existing)) {
      try {
        // A directory renames over an empty one in one step; anything else takes its place once
        // it is removed. Either fails (ENOTEMPTY) if something was put into it meanwhile.
        if (!lstatSync(tmp).isDirectory()) rmdirSync(dest);
        renameSync(tmp, dest);
        return;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "ENOTEMPTY" && code !== "EEXIST") throw e;
      }
    }
    removeTree(tmp);
    throw invalid(`${destArg} appeared (or was filled) while exporting; it was left as it is`);
  }
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

const REASONS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EDQUOT: "disk quota exceeded",
  EEXIST: "it already exists",
  EIO: "input/output error",
  EISDIR: "it is a directory",
  ELOOP: "too many levels of symbolic links",
  EMFILE: "too many open files",
  ENAMETOOLONG: "file name too long",
  ENOENT: "no such file or directory",
  ENOSPC: "no space left on device",
  ENOTDIR: "not a directory",
  ENOTEMPTY: "directory not empty",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  EXDEV: "it is on another file system",
};

const ACTIONS: Readonly<Record<string, string>> = {
  copyfile: "copy a file to",
  mkdir: "create the directory",
  open: "create the file",
  rename: "move into place",
  rmdir: "remove",
  symlink: "create the symlink",
  unlink: "remove",
  write: "write",
};

/**
 * An export's error in the user's terms. The tree is built under a temporary name beside DEST
 * (and an old DEST moved aside under another), names the user never gave: a path inside either
 * is shown at its place under DEST, and an error that names no path (ENOSPC on a write) says
 * what failed for DEST. `internal` are absolute paths shown as DEST (the temporary names and
 * DEST made absolute). Exported for the tests.
 */
export function inUserTerms(e: unknown, internal: readonly string[], destArg: string): unknown {
  const show = (p: string): string => {
    for (const prefix of internal) {
      if (p === prefix || p.startsWith(`${prefix}/`)) return destArg + p.slice(prefix.length);
    }
    return p;
  };
  const err = e as NodeJS.ErrnoException & { dest?: string };
  if (isStoreError(e)) {
    const message = internal.reduce((m, prefix) => m.replaceAll(prefix, destArg), e.message);
    return message === e.message ? e : new StoreError(e.code, message, { cause: e });
  }
  if (typeof err?.code !== "string" || typeof err.syscall !== "string") return e;
  const reason = `${REASONS[err.code] ?? err.code.toLowerCase()} (${err.code})`;
  const action = ACTIONS[err.syscall] ?? err.syscall;
  let message: string;
  if (err.syscall === "rename" && typeof err.dest === "string") message = `cannot move the export into place at ${show(err.dest)}: ${reason}`;
  else if (err.syscall === "copyfile" && typeof err.dest === "string") message = `cannot ${action} ${show(err.dest)}: ${reason}`;
  else if (typeof err.path === "string") message = `cannot ${action} ${show(err.path)}: ${reason}`;
  else message = `cannot ${action} the export at ${destArg}: ${reason}`;
  return Object.assign(new Error(message, { cause: e }), { code: err.code, syscall: err.syscall });
}
