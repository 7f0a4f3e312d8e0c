// Materialises a node of the store on disk, exactly: names as bytes, file contents (every chunk
// verified against its digest before it is written, every blob against its own), exec bits,
// symlink targets, empty directories. Modes are those of `nix-store --restore`: directories
// 0o777, files 0o666, executables 0o777, all less the umask.
//
// Directories arrive breadth-first, each digest once (getRecursive), and are created as they
// arrive at every path where they are known to occur by then; files are written in the
// background within a budget, so the listing runs ahead of the disk by a bounded amount. A
// directory that turns out to occur again below a parent that arrives later (a diamond across
// levels) is copied on disk from its first place once everything else is written.
import { constants, copyFileSync, lstatSync, mkdirSync, openSync, closeSync, readdirSync, readlinkSync, symlinkSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import { Code, EMPTY_BLAKE3, PACK_FILE_MAX, StoreError, joinPath, notFound, showBytes, type FileNode } from "@castore/core";
import { DirectoryPacks, type BlobService } from "@castore/blob";
import type { Progress } from "./progress.js";
import type { Services } from "./services.js";
import { Tasks } from "@castore/service-kit";
import type { Resolved } from "./resolve.js";

export const DIR_MODE = 0o777;
export const FILE_MODE = 0o666;
export const EXEC_MODE = 0o777;

/** Files up to this size are fetched into memory and written with one blocking write. */
const SMALL_FILE = 1 << 20;
/** Packed small files written by one task at most. */
const PACKED_PER_TASK = 256;
/** Small blobs kept for files that occur again (same content elsewhere in the tree). */
const CACHE_ITEM_MAX = 64 * 1024;
const CACHE_BYTES = 16 << 20;

export interface ExportOptions {
  readonly progress?: Progress | null;
  /** Blob fetches in flight at most (default 128). */
  readonly maxOps?: number;
  /** Bytes of file data in flight at most, roughly (default 64 MiB). */
  readonly maxBytes?: number;
  /** Stops the export (with the signal's reason) at the next directory or file. */
  readonly signal?: AbortSignal;
}

export async function materialise(
  store: Pick<Services, "blobs" | "directories">,
  root: Resolved,
  dest: Buffer,
  opts: ExportOptions = {},
): Promise<void> {
  const progress = opts.progress ?? null;
  const writer = new BlobWriter(store.blobs, progress);
  const node = root.node;
  if (node.type === "symlink") {
    symlinkSync(Buffer.from(node.target), dest);
    return;
  }
  if (node.type === "file") {
    await writer.write(node, [dest]);
    return;
  }

  const tasks = new Tasks({ maxOps: opts.maxOps ?? 128, maxBytes: opts.maxBytes ?? 64 << 20 });
  // Directories whose packed files are being written: a few at a time is enough to keep the disk
  // busy, and each holds its pack parts (more in flight only cost memory: +70 MB at 128).
  const dirTasks = new Tasks({ maxOps: 8, maxBytes: 16 << 20 });
  // Digest -> the paths where it is yet to be created (known from parents that arrived).
  const pending = new Map<string, Buffer[]>([[node.digest.toHex(), [dest]]]);
  // Digest -> the path where it was created (the source for later copies).
  const created = new Map<string, Buffer>();
  const copies: Copy[] = [];
  try {
    for await (const dir of store.directories.getRecursive(node.digest)) {
      opts.signal?.throwIfAborted();
      const key = dir.digest().toHex();
      const paths = pending.get(key);
      if (paths === undefined) throw new StoreError(Code.Internal, `directory ${key} arrived, but nothing refers to it`);
      pending.delete(key);
      created.set(key, paths[0]!);
      for (const p of paths) mkdirSync(p, DIR_MODE);
      // Its small files come from its packs (a few messages), verified blob by blob.
      const dirPacks = new DirectoryPacks(store.blobs, dir);
      const packs = dirPacks.packed ? dirPacks : null;
      // The files its packs hold are written by one task, in order (the part each needs is
      // fetched once): a task per small file cost more than writing the file.
      const packed: { e: FileNode; at: Buffer[] }[] = [];
      let packedBytes = 0;
      for (const e of dir.entries()) {
        const at = paths.map((p) => joinPath(p, e.name));
        if (e.type === "symlink") {
          for (const a of at) symlinkSync(Buffer.from(e.target), a);
        } else if (e.type === "file") {
          const size = Number(e.size);
          if (packs !== null && size > 0 && size <= PACK_FILE_MAX) {
            packed.push({ e, at });
            packedBytes += size;
            continue;
          }
          await tasks.start(Math.min(size, 32 << 20), async () => {
            opts.signal?.throwIfAborted();
            await writer.write(e, at, packs);
          });
        } else {
          const childKey = e.digest.toHex();
          const src = created.get(childKey);
          if (src !== undefined) for (const dst of at) copies.push({ src, dst });
          else {
            const known = pending.get(childKey);
            if (known) known.push(...at);
            else pending.set(childKey, at);
          }
        }
      }
      // In slices, so a huge directory neither holds up the budget nor runs as one long task.
      for (let i = 0; i < packed.length; i += PACKED_PER_TASK) {
        const slice = packed.slice(i, i + PACKED_PER_TASK);
        await dirTasks.start(Math.min(packedBytes, 32 << 20), async () => {
          for (const { e, at } of slice) {
            opts.signal?.throwIfAborted();
            await writer.write(e, at, packs);
          }
        });
      }
    }
    await Promise.all([tasks.drain(), dirTasks.drain()]);
  } catch (e) {
    await Promise.all([tasks.settle(), dirTasks.settle()]);
    throw e;
  }
  if (pending.size > 0) {
    throw new StoreError(Code.Internal, `inconsistent store: directory ${pending.keys().next().value} is referenced but missing`);
  }
  runCopies(copies, progress);
}

interface Copy {
  readonly src: Buffer;
  readonly dst: Buffer;
}

/**
 * Performs copies so that each source is complete first: a copy whose destination lies inside
 * another copy's source goes before it. Destinations never nest (each lies in a directory
 * created on the first pass), and the tree is acyclic, so this order always exists.
 */
function runCopies(copies: readonly Copy[], progress: Progress | null): void {
  const sorted = [...copies].sort((a, b) => Buffer.compare(a.dst, b.dst));
  const firstAtOrAfter = (key: Buffer): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Buffer.compare(sorted[mid]!.dst, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Depth first with a stack, not recursion: copies can nest as deep as the tree.
  const done = new Set<number>();
  for (let i = 0; i < sorted.length; i++) {
    if (done.has(i)) continue;
    done.add(i);
    const stack: { copy: Copy; next: number; to: number }[] = [];
    const push = (j: number): void => {
      const copy = sorted[j]!;
      // Destinations inside src sort between "src/" and "src0" ("0" follows "/" in ASCII).
      const from = firstAtOrAfter(Buffer.concat([copy.src, Buffer.from("/")]));
      const to = firstAtOrAfter(Buffer.concat([copy.src, Buffer.from("0")]));
      stack.push({ copy, next: from, to });
    };
    push(i);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.to) {
        const j = top.next++;
        if (!done.has(j)) {
          done.add(j);
          push(j);
        }
        continue;
      }
      stack.pop();
      copyTree(top.copy.src, top.copy.dst, progress);
    }
  }
}

/** Copies an exported tree as it is on disk (modes included; symlinks as links). */
function copyTree(src: Buffer, dst: Buffer, progress: Progress | null): void {
  // A list of pairs still to copy, not recursion: the tree can be as deep as PATH_MAX allows.
  const todo: { src: Buffer; dst: Buffer }[] = [{ src, dst }];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    const st = lstatSync(next.src);
    if (st.isSymbolicLink()) {
      symlinkSync(readlinkSync(next.src, { encoding: "buffer" }), next.dst);
    } else if (st.isDirectory()) {
      mkdirSync(next.dst, DIR_MODE);
      for (const name of readdirSync(next.src, { encoding: "buffer" })) {
        todo.push({ src: joinPath(next.src, name), dst: joinPath(next.dst, name) });
      }
    } else {
      // Keeps the source's mode (already less the umask), like the first write.
      copyFileSync(next.src, next.dst, constants.COPYFILE_EXCL);
      progress?.addFiles(1);
      progress?.add(st.size);
    }
  }
}

/** Fetches blobs (verified by the BlobService) and writes them as files. */
class BlobWriter {
  readonly #blobs: BlobService;
  readonly #progress: Progress | null;
  readonly #cache = new Map<string, Buffer>();
  #cached = 0;

  constructor(blobs: BlobService, progress: Progress | null) {
    this.#blobs = blobs;
    this.#progress = progress;
  }

  /** Writes the file `node` at each of `paths` (none of which may exist). */
  async write(node: FileNode, paths: readonly Buffer[], packs: DirectoryPacks | null = null): Promise<void> {
    const mode = node.executable ? EXEC_MODE : FILE_MODE;
    if (node.size <= SMALL_FILE) {
      const data = await this.#small(node, paths[0]!, packs);
      for (const p of paths) {
        const fd = openSync(p, "wx", mode);
        try {
          for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
        } finally {
          closeSync(fd);
        }
      }
    } else {
      await this.#large(node, paths[0]!, mode);
      for (const p of paths.slice(1)) copyFileSync(paths[0]!, p, constants.COPYFILE_EXCL);
    }
    this.#progress?.addFiles(paths.length);
    this.#progress?.add(Number(node.size) * paths.length);
  }

  async #open(node: FileNode, path: Buffer): Promise<AsyncIterable<Uint8Array>> {
    // The size hint makes a small file one verified chunk fetch instead of a stat and a fetch.
    const stream = await this.#blobs.read(node.digest, { sizeHint: node.size });
    if (stream === null) throw notFound(`blob ${node.digest} (file ${showBytes(path)}) not found in the store`);
    return stream;
  }

  #wrongSize(node: FileNode, path: Buffer, got: bigint | string): StoreError {
    return new StoreError(
      Code.Internal,
      `blob ${node.digest} has ${got} bytes, but the directory entry ${showBytes(path)} says ${node.size}`,
    );
  }

  async #small(node: FileNode, path: Buffer, packs: DirectoryPacks | null): Promise<Buffer> {
    const key = node.digest.toHex();
    // From the directory's packs (each blob verified there against its digest); asked even on a
    // cache hit, so the pack part is released once all of its files were served.
    const packed = packs !== null && node.size > 0n && node.size <= BigInt(PACK_FILE_MAX) ? await packs.get(node.digest) : null;
    const hit = this.#cache.get(key);
    if (hit !== undefined) return hit;
    const size = Number(node.size);
    if (size === 0 && node.digest.equals(EMPTY_BLAKE3)) return Buffer.alloc(0);
    if (packed !== null) {
      if (packed.length !== size) throw this.#wrongSize(node, path, BigInt(packed.length));
      return Buffer.from(packed.buffer, packed.byteOffset, packed.length);
    }
    const data = Buffer.allocUnsafe(size);
    let at = 0;
    for await (const piece of await this.#open(node, path)) {
      if (at + piece.length > size) throw this.#wrongSize(node, path, "more than that");
      data.set(piece, at);
      at += piece.length;
    }
    if (at !== size) throw this.#wrongSize(node, path, BigInt(at));
    packs?.offer(node.digest, data);
    if (size <= CACHE_ITEM_MAX) {
      this.#cache.set(key, data);
      this.#cached += size;
      while (this.#cached > CACHE_BYTES) {
        const [oldKey, old] = this.#cache.entries().next().value!;
        this.#cache.delete(oldKey);
        this.#cached -= old.length;
      }
    }
    return data;
  }

  async #large(node: FileNode, path: Buffer, mode: number): Promise<void> {
    const source = await this.#open(node, path);
    const fh = await open(path, "wx", mode);
    try {
      let got = 0n;
      for await (const piece of source) {
        got += BigInt(piece.length);
        if (got > node.size) throw this.#wrongSize(node, path, "more than that");
        for (let off = 0; off < piece.length; ) off += (await fh.write(piece, off, piece.length - off)).bytesWritten;
      }
      if (got !== node.size) throw this.#wrongSize(node, path, got);
    } finally {
      await fh.close();
    }
  }
}
