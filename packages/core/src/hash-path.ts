// Hashes a local path the way castore and Nix see it, in one pass and without storing
// anything: each file is read once and fed to both its BLAKE3 (the castore blob digest) and the
// NAR SHA-256; directory digests are computed on the way back up. Memory is bounded by one
// read buffer plus the listings along the current path, whatever the tree's size.
import { createHash } from "node:crypto";
import { closeSync, lstatSync, openSync, readSync, readdirSync, readlinkSync } from "node:fs";
import { createBlake3 } from "./blake3.js";
import { B3Digest } from "./digest.js";
import { Directory } from "./directory.js";
import { invalid, showBytes } from "./errors.js";
import { NarFraming, joinPath } from "./nar-writer.js";
import { compareNames, nameBytes, validateName, type Node } from "./nodes.js";

export interface PathHash {
  /** The root node, named `name`. */
  readonly node: Node;
  readonly narSha256: Uint8Array;
  readonly narSize: bigint;
}

export interface HashPathOptions {
  /** The root node's name (default: empty, an anonymous node). */
  name?: string | Uint8Array;
  /** Called with each directory computed, children before parents (e.g. to upload it). */
  onDirectory?: (dir: Directory) => void;
}

const READ_BUFFER = 1 << 20;
// Yield to the event loop now and then so signals and timers still run during a long hash.
const YIELD_EVERY_BYTES = 64 << 20;

export async function hashPath(path: string | Buffer, opts: HashPathOptions = {}): Promise<PathHash> {
  const name = nameBytes(opts.name ?? new Uint8Array(0));
  if (name.length > 0) validateName(name);
  const sha = createHash("sha256");
  const f = new NarFraming();
  const buf = Buffer.allocUnsafe(READ_BUFFER);
  let narSize = 0n;
  let sinceYield = 0;

  const flush = (): void => {
    if (f.pending === 0) return;
    const b = f.take();
    sha.update(b);
    narSize += BigInt(b.length);
  };

  const visit = async (p: Buffer, nodeName: Uint8Array): Promise<Node> => {
    const st = lstatSync(p, { bigint: true });
    if (st.isSymbolicLink()) {
      const target = readlinkSync(p, { encoding: "buffer" });
      if (target.length === 0) throw invalid(`symlink ${showBytes(p)} has an empty target`);
      f.symlink(target);
      return { type: "symlink", name: nodeName, target };
    }
    if (st.isFile()) {
      const size = st.size;
      const executable = (st.mode & 0o100n) !== 0n;
      f.fileStart(executable, size);
      flush();
      const b3 = createBlake3();
      const fd = openSync(p, "r");
      let got = 0n;
      try {
        for (;;) {
          const n = readSync(fd, buf, 0, buf.length, null);
          if (n === 0) break;
          const piece = buf.subarray(0, n);
          b3.update(piece);
          sha.update(piece);
          got += BigInt(n);
          sinceYield += n;
          if (sinceYield >= YIELD_EVERY_BYTES) {
            sinceYield = 0;
            await new Promise((r) => setImmediate(r));
          }
        }
      } finally {
        closeSync(fd);
      }
      if (got !== size) throw invalid(`file ${showBytes(p)} changed size while being read`);
      narSize += size;
      f.fileEnd(size);
      return { type: "file", name: nodeName, digest: B3Digest.fromBytes(b3.digest()), size, executable };
    }
    if (st.isDirectory()) {
      f.directoryStart();
      const names = readdirSync(p, { encoding: "buffer" }).sort(compareNames);
      const children: Node[] = [];
      for (const child of names) {
        f.entryStart(child);
        children.push(await visit(joinPath(p, child), child));
        f.end();
        if (f.pending >= READ_BUFFER) flush();
      }
      f.end();
      const dir = Directory.fromEntries(children);
      opts.onDirectory?.(dir);
      return { type: "directory", name: nodeName, digest: dir.digest(), size: dir.size() };
    }
    throw invalid(`unsupported file type at ${showBytes(p)}: only regular files, directories and symlinks`);
  };

  f.magic();
  const node = await visit(Buffer.from(path), name);
  flush();
  return { node, narSha256: sha.digest(), narSize };
}
