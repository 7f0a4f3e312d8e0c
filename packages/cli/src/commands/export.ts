// `castore export REF DEST [--force]`: materialises a tree (or a file, or a symlink) at DEST.
// The tree is built under a temporary name next to DEST and renamed into place at the end, so
// DEST never holds a half-written export: on failure it is untouched (absent, or with --force,
// still the old content). With --force the old DEST is moved aside, the new one renamed in, and
// only then is the old one removed.
import { randomBytes } from "node:crypto";
import { chmodSync, lstatSync, readdirSync, renameSync, rmSync, statSync, type Stats } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "../args.js";
import { materialise } from "../exporter.js";
import { Progress } from "../progress.js";
import { parseTreeRef } from "../ref.js";
import { setup } from "../setup.js";
import { withStore } from "../store.js";
import { needsPathInfo, resolveRef } from "../tree.js";

export const usage = "castore export REF DEST [--force]";

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** Removes a tree, also one with read-only directories (e.g. copied from a Nix store). */
function removeTree(path: string | Buffer): void {
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

export async function exportCmd(argv: string[]): Promise<void> {
  const { values, positionals, cfg, log } = await setup(argv, { force: { type: "boolean" } });
  if (positionals.length !== 2) throw new UsageError(`usage: ${usage}`);
  const [text, destArg] = positionals as [string, string];
  const ref = parseTreeRef(text);
  const force = values["force"] === true;
  const dest = resolve(destArg);
  const parent = dirname(dest);
  if (dest === parent) throw new UsageError(`${destArg}: cannot export to the root directory`);
  // Checked before anything starts or connects, so a refused export touches nothing.
  if (lstatOrNull(dest) !== null && !force) throw new UsageError(`${destArg} already exists; give --force to replace it`);
  if (!statSync(parent).isDirectory()) throw new UsageError(`${parent} is not a directory`);

  await withStore(
    cfg,
    log,
    async (store) => {
      const resolved = await resolveRef(store, ref, text);
      const tag = randomBytes(6).toString("hex");
      const tmp = join(parent, `.castore-export-${tag}`);
      const progress = Progress.forTree("export");
      // Ctrl-C leaves no half-written temporary behind either.
      const onSignal = (signal: NodeJS.Signals): void => {
        progress?.finish();
        removeTree(tmp);
        process.exit(signal === "SIGINT" ? 130 : 143);
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        await materialise(store, resolved, Buffer.from(tmp), { progress });
      } catch (e) {
        removeTree(tmp);
        throw e;
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        progress?.finish();
      }
      if (lstatOrNull(dest) === null) {
        renameSync(tmp, dest);
        return;
      }
      if (!force) {
        removeTree(tmp);
        throw new UsageError(`${destArg} appeared while exporting; it was left as it is`);
      }
      const old = join(parent, `.castore-old-${tag}`);
      renameSync(dest, old);
      try {
        renameSync(tmp, dest);
      } catch (e) {
        renameSync(old, dest);
        removeTree(tmp);
        throw e;
      }
      removeTree(old);
    },
    { directories: true, pathinfo: needsPathInfo(ref) },
  );
}
