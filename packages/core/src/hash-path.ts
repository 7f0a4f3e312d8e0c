// Hashes a local path the way castore and Nix see it, in one pass and without storing
// anything: each file is read once and fed to both its BLAKE3 (the castore blob digest) and the
// NAR SHA-256 (and, through onFile, to whoever stores it); directory digests are computed on the
// way back up. Memory is bounded by one read buffer plus the listings along the current path,
// whatever the tree's size.
import { createHash } from "node:crypto";
import { closeSync, lstatSync, openSync, readSync, readdirSync, readlinkSync, type BigIntStats } from "node:fs";
import { blake3, createBlake3, type Blake3Hasher } from "./blake3.js";
import { B3Digest } from "./digest.js";
import { Directory } from "./directory.js";
import { invalid, showBytes } from "./errors.js";
import { NarFraming, PathStack } from "./nar-writer.js";
import { compareNames, nameBytes, validateName, type FileNode, type Node } from "./nodes.js";

export interface PathHash {
  /** The root node, named `name`. */
  readonly node: Node;
  readonly narSha256: Uint8Array;
  readonly narSize: bigint;
}

/** A regular file the walk has reached, before its bytes are read. */
export interface FileInfo {
  readonly path: Buffer;
  /** Its size when the walk reached it (the read checks it does not change). */
  readonly size: bigint;
  readonly executable: boolean;
}

/**
 * Receives a file's bytes from the walk's own single read (in NAR order), so a caller can store
 * the file without reading it a second time. Any method may return a promise: the walk waits
 * for it, which is how a slow consumer holds the walk back.
 */
export interface FileSink {
  /** The next bytes. `piece` is reused once the call (or its promise) is done: copy what you keep. */
  write(piece: Uint8Array): void | Promise<void>;
  /** Every byte was given; `node` is the file's node (its BLAKE3 digest, size, executable bit). */
  end(node: FileNode): void | Promise<void>;
  /** The walk failed while this file was open: the bytes given so far are not the whole file. */
  abort(err: unknown): void;
}

export interface HashPathOptions {
  /** The root node's name (default: empty, an anonymous node). */
  name?: string | Uint8Array;
  /**
   * Called with each directory computed, children before parents (e.g. to upload it). A returned
   * promise is awaited before the walk goes on.
   */
  onDirectory?: (dir: Directory) => void | Promise<void>;
  /**
   * Called for each regular file before it is read; the sink it returns (if any) gets the bytes.
   * A returned promise is awaited before the file is read (e.g. to bound uploads in flight).
   */
  onFile?: (file: FileInfo) => FileSink | undefined | Promise<FileSink | undefined>;
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

  /** Frames and hashes a symlink or regular file; a directory (or other type) is null. */
  const leaf = async (p: Buffer, st: BigIntStats, nodeName: Uint8Array): Promise<Node | null> => {
    if (st.isSymbolicLink()) {
      const target = readlinkSync(p, { encoding: "buffer" });
      if (target.length === 0) throw invalid(`symlink ${showBytes(p)} has an empty target`);
      f.symlink(target);
      return { type: "symlink", name: nodeName, target };
    }
    if (!st.isFile()) return null;
    const size = st.size;
    const executable = (st.mode & 0o100n) !== 0n;
    f.fileStart(executable, size);
    flush();
    const sink = opts.onFile ? await opts.onFile({ path: p, size, executable }) : undefined;
    // Most files fit one read: hash those in one call (a streaming hasher per file, and a
    // second read to see EOF, showed up in profiles of 20k-file trees). A short read of a
    // regular file that returns exactly the stat size is its end.
    let b3: Blake3Hasher | null = null;
    let digest: Uint8Array | null = null;
    let node: FileNode;
    try {
      const fd = openSync(p, "r");
      let got = 0n;
      try {
        for (;;) {
          const n = readSync(fd, buf, 0, buf.length, null);
          if (n === 0) break;
          const piece = buf.subarray(0, n);
          const whole = got === 0n && BigInt(n) === size && n < buf.length;
          if (whole) digest = blake3(piece);
          else (b3 ??= createBlake3()).update(piece);
          sha.update(piece);
          got += BigInt(n);
          if (got > size) break;
          if (sink) await sink.write(piece);
          if (whole) break;
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
      digest ??= (b3 ?? createBlake3()).digest();
      node = { type: "file", name: nodeName, digest: B3Digest.fromBytes(digest), size, executable };
    } catch (e) {
      sink?.abort(e);
      throw e;
    }
    await sink?.end(node);
    narSize += size;
    f.fileEnd(size);
    return node;
  };

  // Depth first with a stack, not recursion: trees as deep as PATH_MAX allows are ~2,000 levels.
  const dirs = new PathStack(Buffer.from(path));
  /** Each open directory: its name, its sorted listing, and the nodes of the entries done. */
  const open: { name: Uint8Array; names: Buffer[]; next: number; children: Node[] }[] = [];
  let p: Buffer | undefined = dirs.root;
  let pName = name;
  let node: Node | null = null;
  f.magic();
  while (p !== undefined) {
    const st = lstatSync(p, { bigint: true });
    node = await leaf(p, st, pName);
    if (node === null) {
      if (!st.isDirectory()) {
        throw invalid(`unsupported file type at ${showBytes(p)}: only regular files, directories and symlinks`);
      }
      f.directoryStart();
      open.push({ name: pName, names: readdirSync(p, { encoding: "buffer" }).sort(compareNames), next: 0, children: [] });
      dirs.enter(p);
    } else if (open.length > 0) {
      f.end(); // the entry holding this leaf
      open[open.length - 1]!.children.push(node);
    }
    p = undefined;
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      const child = top.names[top.next++];
      if (child !== undefined) {
        f.entryStart(child);
        p = dirs.child(child);
        pName = child;
        break;
      }
      open.pop();
      dirs.leave();
      f.end(); // the directory
      const dir = Directory.fromEntries(top.children);
      await opts.onDirectory?.(dir);
      node = { type: "directory", name: top.name, digest: dir.digest(), size: dir.size() };
      if (open.length > 0) {
        f.end(); // the entry holding it
        open[open.length - 1]!.children.push(node);
      }
    }
    if (f.pending >= READ_BUFFER) flush();
  }
  flush();
  return { node: node!, narSha256: sha.digest(), narSize };
}
