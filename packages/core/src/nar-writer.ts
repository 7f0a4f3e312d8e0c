// NAR writing (Nix archive, reference §1.8). One framing encoder serves three producers: the
// NAR of a castore node rendered from blob and directory lookups (later served by the store),
// the NAR of a local path, and `castore hash`, which frames a tree while hashing it. Output is
// streamed: file contents pass through in pieces and are never held whole.
import { createReadStream } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import type { B3Digest } from "./digest.js";
import type { Directory } from "./directory.js";
import { StoreError, Code, invalid, notFound, showBytes } from "./errors.js";
import { compareNames, type Node } from "./nodes.js";

const enc = new TextEncoder();
const tok = (s: string): Uint8Array => enc.encode(s);

const T = {
  magic: tok("nix-archive-1"),
  open: tok("("),
  close: tok(")"),
  type: tok("type"),
  directory: tok("directory"),
  regular: tok("regular"),
  symlink: tok("symlink"),
  executable: tok("executable"),
  empty: new Uint8Array(0),
  contents: tok("contents"),
  target: tok("target"),
  entry: tok("entry"),
  name: tok("name"),
  node: tok("node"),
};

const FLUSH_AT = 64 * 1024;

/**
 * Accumulates NAR framing bytes (strings are u64-LE length, bytes, zero padding to 8).
 * Producers call the structural methods, pass file contents through untouched, and `take()`
 * whatever framing has accumulated before emitting contents or when `pending` grows large.
 */
export class NarFraming {
  #buf = Buffer.allocUnsafe(FLUSH_AT * 2);
  #len = 0;

  get pending(): number {
    return this.#len;
  }

  #ensure(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#len + n));
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }

  #u64(v: bigint): void {
    this.#ensure(8);
    this.#buf.writeBigUInt64LE(v, this.#len);
    this.#len += 8;
  }

  #str(b: Uint8Array): void {
    const padded = (b.length + 7) & ~7;
    this.#ensure(8 + padded);
    // Two 32-bit halves: strings here are short, and BigInt conversion showed up in profiles.
    this.#buf.writeUInt32LE(b.length, this.#len);
    this.#buf.writeUInt32LE(0, this.#len + 4);
    this.#buf.set(b, this.#len + 8);
    this.#buf.fill(0, this.#len + 8 + b.length, this.#len + 8 + padded);
    this.#len += 8 + padded;
  }

  magic(): void {
    this.#str(T.magic);
  }

  directoryStart(): void {
    this.#str(T.open);
    this.#str(T.type);
    this.#str(T.directory);
  }

  entryStart(name: Uint8Array): void {
    this.#str(T.entry);
    this.#str(T.open);
    this.#str(T.name);
    this.#str(name);
    this.#str(T.node);
  }

  /** Closes an entry or a directory (both end with ")"). */
  end(): void {
    this.#str(T.close);
  }

  /** Opens a regular file; exactly `size` content bytes must follow, then fileEnd(size). */
  fileStart(executable: boolean, size: bigint): void {
    this.#str(T.open);
    this.#str(T.type);
    this.#str(T.regular);
    if (executable) {
      this.#str(T.executable);
      this.#str(T.empty);
    }
    this.#str(T.contents);
    this.#u64(size);
  }

  /** A small file's whole contents, copied into the framing (no piece of its own downstream). */
  contents(data: Uint8Array): void {
    this.#ensure(data.length);
    this.#buf.set(data, this.#len);
    this.#len += data.length;
  }

  fileEnd(size: bigint): void {
    const pad = Number((8n - (size % 8n)) % 8n);
    this.#ensure(pad);
    this.#buf.fill(0, this.#len, this.#len + pad);
    this.#len += pad;
    this.#str(T.close);
  }

  symlink(target: Uint8Array): void {
    this.#str(T.open);
    this.#str(T.type);
    this.#str(T.symlink);
    this.#str(T.target);
    this.#str(target);
    this.#str(T.close);
  }

  /** The accumulated framing bytes (a fresh copy); resets the buffer. */
  take(): Uint8Array {
    const out = Uint8Array.prototype.slice.call(this.#buf, 0, this.#len);
    this.#len = 0;
    return out;
  }
}

/** Where a NAR rendered from castore nodes gets its directories and blob bytes. */
export interface NarSources {
  /** The directory with this digest, or null if missing. */
  getDirectory(digest: B3Digest): Promise<Directory | null>;
  /** The blob's bytes, or null if missing. The renderer checks the length against `size`. */
  readBlob(digest: B3Digest, size: bigint): Promise<AsyncIterable<Uint8Array> | null>;
  /**
   * Optional, for files of at most SMALL_CONTENTS bytes: the whole blob at once (or null if
   * missing). The renderer then copies it into its framing instead of passing it on as a piece of
   * its own — a tree of 20k small files is a few hundred pieces downstream instead of 40k.
   */
  readSmallBlob?(digest: B3Digest, size: bigint): Promise<Uint8Array | null>;
}

/** Files up to this size may be read whole (NarSources.readSmallBlob) and copied into the framing. */
export const SMALL_CONTENTS = 64 * 1024;

/**
 * Renders the NAR of `root` (its name is ignored). Directory entries come in bytewise name
 * order across all three lists. A missing directory or blob is a NotFound naming it; a blob
 * of the wrong length is an Internal error (the store is inconsistent).
 */
export async function* renderNar(root: Node, sources: NarSources): AsyncGenerator<Uint8Array> {
  const f = new NarFraming();
  f.magic();
  // The entries still to render of each open directory. A stack, not recursion: a chain of any
  // depth (a NAR import makes them) must not overflow, and nested generators would pass every
  // piece up through each level.
  const open: Iterator<Node>[] = [];
  let node: Node | undefined = root;
  while (node !== undefined) {
    switch (node.type) {
      case "symlink":
        f.symlink(node.target);
        break;
      case "file": {
        f.fileStart(node.executable, node.size);
        if (sources.readSmallBlob && node.size <= BigInt(SMALL_CONTENTS)) {
          const data = await sources.readSmallBlob(node.digest, node.size);
          if (data === null) throw notFound(`blob ${node.digest} not found (file ${showBytes(node.name)})`);
          if (BigInt(data.length) !== node.size) {
            throw new StoreError(
              Code.InvalidArgument,
              BigInt(data.length) > node.size
                ? `blob ${node.digest} has more than the ${node.size} bytes its file node says (at least ${data.length})`
                : `blob ${node.digest} has only ${data.length} bytes, its file node says ${node.size}`,
            );
          }
          f.contents(data);
          f.fileEnd(node.size);
          break;
        }
        yield f.take();
        const data = await sources.readBlob(node.digest, node.size);
        if (data === null) throw notFound(`blob ${node.digest} not found (file ${showBytes(node.name)})`);
        let got = 0n;
        for await (const piece of data) {
          got += BigInt(piece.length);
          if (got > node.size) break;
          yield piece;
        }
        if (got !== node.size) {
          // The node (from a client, or a directory a client uploaded) disagrees with the blob.
          throw new StoreError(
            Code.InvalidArgument,
            got > node.size
              ? `blob ${node.digest} has more than the ${node.size} bytes its file node says (at least ${got})`
              : `blob ${node.digest} has only ${got} bytes, its file node says ${node.size}`,
          );
        }
        f.fileEnd(node.size);
        break;
      }
      case "directory": {
        const dir = await sources.getDirectory(node.digest);
        if (dir === null) throw notFound(`directory ${node.digest} not found (${showBytes(node.name)})`);
        f.directoryStart();
        open.push(dir.entries());
        break;
      }
    }
    if (node.type !== "directory" && open.length > 0) f.end(); // the entry holding this leaf
    node = undefined;
    while (open.length > 0) {
      const next = open[open.length - 1]!.next();
      if (!next.done) {
        f.entryStart(next.value.name);
        node = next.value;
        break;
      }
      open.pop();
      f.end(); // the directory
      if (open.length > 0) f.end(); // the entry holding it
    }
    if (f.pending >= FLUSH_AT) yield f.take();
  }
  if (f.pending > 0) yield f.take();
}

/** Joins a directory path and a raw name, both as bytes (names need not be UTF-8). */
export function joinPath(dir: Buffer, name: Uint8Array): Buffer {
  return Buffer.concat([dir, Buffer.from("/"), name]);
}

/**
 * A path below a root as one buffer that grows and shrinks with the depth, for walkers of a
 * local tree: their memory stays linear in the depth (a path per level would be quadratic).
 */
export class PathStack {
  readonly root: Buffer;
  #buf: Buffer;
  #len = 0;
  readonly #lens: number[] = [];

  constructor(root: Buffer) {
    this.root = root;
    this.#buf = Buffer.allocUnsafe(Math.max(256, root.length * 2));
  }

  /** Directories entered (0 before the root is entered). */
  get depth(): number {
    return this.#lens.length;
  }

  /** The path of the entry `name` of the current directory, in a fresh buffer. */
  child(name: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(this.#len + 1 + name.length);
    this.#buf.copy(out, 0, 0, this.#len);
    out[this.#len] = 0x2f;
    out.set(name, this.#len + 1);
    return out;
  }

  /** `path` becomes the current directory: the root first, then a child() of the current one. */
  enter(path: Buffer): void {
    if (path.length > this.#buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, path.length));
      this.#buf.copy(next, 0, 0, this.#len);
      this.#buf = next;
    }
    path.copy(this.#buf, this.#len, this.#len);
    this.#lens.push(this.#len);
    this.#len = path.length;
  }

  leave(): void {
    this.#len = this.#lens.pop()!;
  }
}

/**
 * Streams the NAR of a local path as `nix-store --dump` writes it: symlinks are not followed
 * (also at the root), a file is executable if the owner-execute bit is set, entries sorted
 * bytewise. Other file types are an InvalidArgument naming the path.
 */
export async function* narOfPath(path: string | Buffer): AsyncGenerator<Uint8Array> {
  const f = new NarFraming();
  f.magic();
  // Iterative, as renderNar: trees as deep as PATH_MAX allows are ~2,000 levels.
  const dirs = new PathStack(Buffer.from(path));
  const open: { names: Buffer[]; next: number }[] = [];
  let p: Buffer | undefined = dirs.root;
  while (p !== undefined) {
    const st = await lstat(p);
    if (st.isSymbolicLink()) {
      f.symlink(await readlink(p, { encoding: "buffer" }));
    } else if (st.isFile()) {
      const size = BigInt(st.size);
      f.fileStart((st.mode & 0o100) !== 0, size);
      yield f.take();
      let got = 0n;
      for await (const piece of createReadStream(p, { highWaterMark: 1 << 20 })) {
        got += BigInt((piece as Buffer).length);
        if (got > size) break;
        yield piece as Buffer;
      }
      if (got !== size) throw invalid(`file ${showBytes(p)} changed size while being read`);
      f.fileEnd(size);
    } else if (st.isDirectory()) {
      f.directoryStart();
      const names = await readdir(p, { encoding: "buffer" });
      names.sort(compareNames);
      open.push({ names, next: 0 });
      dirs.enter(p);
    } else {
      throw invalid(`unsupported file type at ${showBytes(p)}: only regular files, directories and symlinks`);
    }
    if (!st.isDirectory() && open.length > 0) f.end(); // the entry holding this leaf
    p = undefined;
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      const name = top.names[top.next++];
      if (name !== undefined) {
        f.entryStart(name);
        p = dirs.child(name);
        break;
      }
      open.pop();
      dirs.leave();
      f.end(); // the directory
      if (open.length > 0) f.end(); // the entry holding it
    }
    if (f.pending >= FLUSH_AT) yield f.take();
  }
  if (f.pending > 0) yield f.take();
}
