// The read-only file system a mount serves: requests from the kernel (through the binding in
// native.ts) answered from a store's three services.
//
// Inodes: 1 is the root, whose entries are store paths (looked up by name; listed only with
// listRoot). A directory gets an inode per place it occurs (parent inode + name), so the kernel
// never sees one directory inode under two parents; files and symlinks get one inode per content
// (digest + executable bit, or target), so identical files share the page cache. Inodes the kernel
// still holds (lookup counts, released by forget) stay; the rest are dropped when the table grows.
// Listings are READDIRPLUS (each entry with its attributes, counted as a lookup), so walking a
// tree costs no lookup per entry; opens are not sent at all (see csrc/fuse_ll.c).
//
// Reads: a file is read chunk by chunk (the chunks of its blob index), each through the blob
// service's verified range read, kept in a bounded cache; sequential reads fetch the chunks ahead
// in batches (one range read each), random reads fetch only the chunk they touch. Small files of
// a directory come from its packs (one message for many files, each verified by its digest),
// fetched as soon as the directory is listed and handed to the binding, which answers their reads
// on its own thread (no trip to JavaScript: a tree walk reads at the speed of the round trip).
import { constants } from "node:os";
import {
  Code,
  PACK_FILE_MAX,
  isStoreError,
  packLayout,
  parsePack,
  parseStorePath,
  verifiedPackBlobs,
  type B3Digest,
  type Directory,
  type Node,
  type PackEntry,
} from "@castore/core";
import { MIN_CHUNK_SIZE, type BlobService } from "@castore/blob";
import type { Services } from "@castore/store";
import { Lru } from "./lru.js";
import { Op, type MountHandle, type Native, type Req } from "./native.js";

const E = constants.errno;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

/** Content below a store path never changes: the kernel may keep it this long (seconds). */
const IMMUTABLE_TIMEOUT = 3600;
/** A store path may be registered or deleted at any time: its entry in the root is re-checked. */
const ROOT_ENTRY_TIMEOUT = 1;

export const XATTR_BLOB = "user.castore.blob.digest";
export const XATTR_DIRECTORY = "user.castore.directory.digest";

export interface FsOptions {
  /** List the root (every store path); otherwise only lookups by name work there (EPERM). */
  readonly listRoot?: boolean;
  /** Bytes of file content kept (verified chunks and small files); default 128 MiB. */
  readonly cacheBytes?: number;
  /** Chunks fetched ahead of a sequential reader; default 32 (about 8 MiB). */
  readonly readAheadChunks?: number;
  /** Directory entries kept decoded (summed over directories); default 1,000,000. */
  readonly dirCacheEntries?: number;
  /** Bytes of small files the binding answers reads of by itself; default 64 MiB. */
  readonly smallFileCacheBytes?: number;
  /** Where failures that become EIO are reported. */
  readonly onError?: (e: unknown, what: string) => void;
}

interface Inode {
  readonly ino: number;
  /** null for the root. */
  readonly node: Node | null;
  readonly key: string;
  readonly parent: number;
  /** The directory holding this file, for its packs (the last one it was seen in). */
  packDir: Directory | null;
  nlookup: number;
}

/** A blob's chunk layout: offsets of its chunks (one chunk: [0, size]). */
interface Layout {
  /** starts[i] is chunk i's first byte; starts[n] is the size. */
  readonly starts: number[];
  readonly single: boolean;
}

/** Per file inode: whether its reads continue each other. */
interface Handle {
  /** Where the next sequential read would start. */
  next: number;
  /** Reads in a row that continued the previous one. */
  streak: number;
}

interface Listing {
  /** fuse_dirent (or fuse_direntplus) records back to back. */
  readonly buf: Buffer;
  /** Byte offset of record i; starts[count] = buf.length. */
  readonly starts: number[];
  /** Inode of record i. */
  readonly inos: number[];
}

type Entry = [name: Buffer, ino: number, mode: number, size: number];

const CHUNK_KEY = (hex: string, i: number): string => `${hex}:${i}`;

export class CastoreFs {
  readonly #s: Services;
  readonly #blobs: BlobService;
  readonly #n: Native;
  readonly #listRoot: boolean;
  readonly #readAhead: number;
  readonly #onError: (e: unknown, what: string) => void;

  readonly #inodes = new Map<number, Inode>();
  readonly #byKey = new Map<string, number>();
  #nextIno = 2;
  readonly #maxInodes = 500_000;

  readonly #dirs: Lru<string, Promise<Directory>>;
  readonly #listings = new Lru<number, Listing>(64 << 20);
  readonly #plusListings = new Lru<number, Listing>(64 << 20);
  readonly #layouts = new Lru<string, Promise<Layout>>(4096);
  readonly #chunks: Lru<string, Promise<Uint8Array>>;
  readonly #packLayouts = new Lru<string, { parts: PackEntry[][]; partOf: Map<string, number> }>(1024);
  readonly #packsInFlight = new Map<string, Promise<Map<string, Uint8Array> | null>>();
  #mount: MountHandle | null = null;
  readonly #handles = new Lru<number, Handle>(4096);
  readonly #rootListings = new Map<number, { plain: Listing; plus: Listing }>();
  #nextFh = 1;

  constructor(services: Services, native: Native, opts: FsOptions = {}) {
    this.#s = services;
    this.#blobs = services.blobs;
    this.#n = native;
    this.#listRoot = opts.listRoot ?? false;
    this.#readAhead = Math.max(0, opts.readAheadChunks ?? 32);
    this.#onError = opts.onError ?? (() => {});
    this.#dirs = new Lru(opts.dirCacheEntries ?? 1_000_000);
    this.#chunks = new Lru(opts.cacheBytes ?? 128 << 20);
    const root: Inode = { ino: 1, node: null, key: "root", parent: 1, packDir: null, nlookup: 1 };
    this.#inodes.set(1, root);
  }

  /** The mount whose small-file cache listed directories' packs fill. */
  attach(m: MountHandle): void {
    this.#mount = m;
  }

  /** The dispatcher the binding calls for every request: (op, req, ino, fh, a, b, name). */
  readonly dispatch = (op: number, req: Req | null, ino: number, fh: number, a: number, b: number, name: Buffer | null): void => {
    switch (op) {
      case Op.Forget:
        this.#forget(ino, a);
        return;
      case Op.ReleaseDir:
        this.#rootListings.delete(fh);
        return;
      case Op.Exit:
        return;
    }
    if (req === null) return;
    let p: Promise<void> | void;
    try {
      p = this.#handle(op, req, ino, fh, a, b, name);
    } catch (e) {
      this.#fail(req, e, op, ino);
      return;
    }
    if (p) p.catch((e: unknown) => this.#fail(req, e, op, ino));
  };

  #fail(req: Req, e: unknown, op: number, ino: number): void {
    const errno = (e as { errno?: unknown })?.errno;
    if (e instanceof FsError) {
      this.#n.replyErr(req, e.errno);
      return;
    }
    if (isStoreError(e) && e.code === Code.NotFound) {
      this.#n.replyErr(req, E.ENOENT);
      return;
    }
    this.#onError(e, `${Op[op] ?? op} of inode ${ino}`);
    this.#n.replyErr(req, typeof errno === "number" && errno > 0 ? errno : E.EIO);
  }

  #handle(op: number, req: Req, ino: number, fh: number, a: number, b: number, name: Buffer | null): Promise<void> | void {
    switch (op) {
      case Op.Lookup:
        return this.#lookup(req, ino, name!);
      case Op.GetAttr: {
        const i = this.#inode(ino);
        const [mode, size] = attrs(i.node);
        this.#n.replyAttr(req, ino, mode, size, 1, i.parent === 1 && ino !== 1 ? ROOT_ENTRY_TIMEOUT : IMMUTABLE_TIMEOUT);
        return;
      }
      case Op.ReadLink: {
        const n = this.#inode(ino).node;
        if (n?.type !== "symlink") throw new FsError(E.EINVAL);
        this.#n.replyReadlink(req, n.target);
        return;
      }
      case Op.Read:
        return this.#read(req, ino, a, b);
      case Op.OpenDir:
        return this.#opendir(req, ino);
      case Op.ReadDir:
        return this.#readdir(req, ino, fh, a, b, false);
      case Op.ReadDirPlus:
        return this.#readdir(req, ino, fh, a, b, true);
      case Op.GetXattr:
        return this.#getxattr(req, ino, name!.toString("latin1"), b);
      case Op.ListXattr: {
        const n = this.#inode(ino).node;
        const names = n?.type === "file" ? XATTR_BLOB + "\0" : n?.type === "directory" ? XATTR_DIRECTORY + "\0" : "";
        return this.#replySized(req, Buffer.from(names, "latin1"), b);
      }
      default:
        throw new FsError(E.ENOSYS);
    }
  }

  #inode(ino: number): Inode {
    const i = this.#inodes.get(ino);
    if (i === undefined) throw new FsError(E.ESTALE);
    return i;
  }

  // ---- inodes ----

  /** The inode of `node` found at `name` in directory inode `parent` (allocated if new). */
  #inodeFor(parent: number, node: Node, packDir: Directory | null): Inode {
    const key =
      node.type === "directory"
        ? `d:${parent}:${Buffer.from(node.name).toString("hex")}:${node.digest.toHex()}`
        : node.type === "file"
          ? `f:${node.digest.toHex()}:${node.executable ? "x" : "-"}`
          : `l:${Buffer.from(node.target).toString("hex")}`;
    const have = this.#byKey.get(key);
    if (have !== undefined) {
      const i = this.#inodes.get(have)!;
      if (packDir !== null) i.packDir = packDir;
      return i;
    }
    if (this.#inodes.size >= this.#maxInodes) this.#trimInodes();
    const i: Inode = { ino: this.#nextIno++, node, key, parent, packDir, nlookup: 0 };
    this.#inodes.set(i.ino, i);
    this.#byKey.set(key, i.ino);
    return i;
  }

  /**
   * Drops inodes the kernel holds no reference to (only listed, or forgotten); the cached listings
   * name inodes, so they go too.
   */
  #trimInodes(): void {
    for (const [ino, i] of this.#inodes) {
      if (this.#inodes.size < this.#maxInodes / 2) break;
      if (ino !== 1 && i.nlookup === 0) {
        this.#inodes.delete(ino);
        this.#byKey.delete(i.key);
      }
    }
    this.#listings.clear();
    this.#plusListings.clear();
  }

  #forget(ino: number, n: number): void {
    const i = this.#inodes.get(ino);
    if (i === undefined || ino === 1) return;
    i.nlookup = Math.max(0, i.nlookup - n);
  }

  async #lookup(req: Req, parent: number, name: Buffer): Promise<void> {
    let node: Node | null;
    let packDir: Directory | null = null;
    if (parent === 1) {
      node = await this.#storePathNode(name);
    } else {
      const p = this.#inode(parent).node;
      if (p?.type !== "directory") throw new FsError(E.ENOTDIR);
      packDir = await this.#dir(p.digest);
      node = packDir.get(name);
    }
    if (node === null) throw new FsError(E.ENOENT);
    const i = this.#inodeFor(parent, node, node.type === "file" ? packDir : null);
    i.nlookup++;
    const [mode, size] = attrs(node);
    const timeout = parent === 1 ? ROOT_ENTRY_TIMEOUT : IMMUTABLE_TIMEOUT;
    this.#n.replyEntry(req, i.ino, mode, size, 1, timeout, timeout);
  }

  /** The root node of the store path named `<hash>-<name>`, or null. */
  async #storePathNode(name: Buffer): Promise<Node | null> {
    let sp;
    try {
      sp = parseStorePath(name, "basename");
    } catch {
      return null;
    }
    const info = await this.#s.pathInfos.get(sp.digest);
    if (info === null || info.storePath.name !== sp.name) return null;
    return info.node;
  }

  #dir(digest: B3Digest): Promise<Directory> {
    const key = digest.toHex();
    const hit = this.#dirs.get(key);
    if (hit !== undefined) return hit;
    const p = this.#s.directories.get(digest).then((d) => {
      if (d === null) throw new Error(`inconsistent store: directory ${key} is referenced but missing`);
      this.#dirs.set(key, p, Math.max(1, d.length));
      return d;
    });
    this.#dirs.set(key, p, 1);
    p.catch(() => this.#dirs.delete(key));
    return p;
  }

  // ---- directories ----

  async #opendir(req: Req, ino: number): Promise<void> {
    const i = this.#inode(ino);
    if (ino === 1) {
      if (!this.#listRoot) throw new FsError(E.EPERM);
      // A snapshot of the store paths for this open directory.
      const entries: Entry[] = [
        [Buffer.from("."), 1, S_IFDIR | 0o555, 0],
        [Buffer.from(".."), 1, S_IFDIR | 0o555, 0],
      ];
      for await (const info of this.#s.pathInfos.list()) {
        const child = this.#inodeFor(1, info.node, null);
        entries.push([Buffer.from(info.node.name), child.ino, ...attrs(info.node)]);
      }
      const fh = this.#nextFh++;
      this.#rootListings.set(fh, { plain: listing(entries, false), plus: listing(entries, true, ROOT_ENTRY_TIMEOUT) });
      this.#n.replyOpen(req, fh, false);
      return;
    }
    if (i.node?.type !== "directory") throw new FsError(E.ENOTDIR);
    this.#n.replyOpen(req, 0, true);
  }

  async #readdir(req: Req, ino: number, fh: number, off: number, size: number, plus: boolean): Promise<void> {
    let l: Listing | undefined;
    if (ino === 1) {
      const both = this.#rootListings.get(fh);
      if (both === undefined) throw new FsError(E.EBADF);
      l = plus ? both.plus : both.plain;
    } else {
      const cache = plus ? this.#plusListings : this.#listings;
      l = cache.get(ino);
      if (l === undefined) {
        const i = this.#inode(ino);
        if (i.node?.type !== "directory") throw new FsError(E.ENOTDIR);
        const dir = await this.#dir(i.node.digest);
        const entries: Entry[] = [
          [Buffer.from("."), ino, S_IFDIR | 0o555, 0],
          [Buffer.from(".."), i.parent, S_IFDIR | 0o555, 0],
        ];
        for (const e of dir.entries()) {
          const child = this.#inodeFor(ino, e, e.type === "file" ? dir : null);
          entries.push([Buffer.from(e.name.buffer, e.name.byteOffset, e.name.length), child.ino, ...attrs(e)]);
        }
        l = listing(entries, plus);
        cache.set(ino, l, l.buf.length);
        if (off === 0) this.#prefetchPacks(dir);
      }
    }
    // Records from index `off` on (a record's offset field is its index + 1), as many as fit.
    const count = l.starts.length - 1;
    if (off >= count) {
      this.#n.replyBuf(req, Buffer.alloc(0));
      return;
    }
    const from = l.starts[off]!;
    let to = from;
    let k = off;
    while (k < count && l.starts[k + 1]! - from <= size) to = l.starts[++k]!;
    // Each entry of a READDIRPLUS answer (but . and ..) counts as a lookup of its inode.
    if (plus) {
      for (let e = Math.max(off, 2); e < k; e++) {
        const child = this.#inodes.get(l.inos[e]!);
        if (child !== undefined) child.nlookup++;
      }
    }
    this.#n.replyBuf(req, l.buf.subarray(from, to));
  }

  // ---- extended attributes ----

  #getxattr(req: Req, ino: number, name: string, size: number): void {
    const n = this.#inode(ino).node;
    let value: string | null = null;
    if (n?.type === "file" && name === XATTR_BLOB) value = n.digest.toSri();
    if (n?.type === "directory" && name === XATTR_DIRECTORY) value = n.digest.toSri();
    if (value === null) throw new FsError(E.ENODATA);
    this.#replySized(req, Buffer.from(value, "latin1"), size);
  }

  /** getxattr/listxattr: the size when asked with 0, ERANGE when it does not fit, else the bytes. */
  #replySized(req: Req, value: Buffer, size: number): void {
    if (size === 0) this.#n.replyXattr(req, value.length);
    else if (value.length > size) this.#n.replyErr(req, E.ERANGE);
    else this.#n.replyBuf(req, value);
  }

  // ---- file contents ----

  async #read(req: Req, ino: number, off: number, size: number): Promise<void> {
    const i = this.#inode(ino);
    const n = i.node;
    if (n?.type !== "file") throw new FsError(E.EISDIR);
    const fileSize = Number(n.size);
    const end = Math.min(fileSize, off + size);
    if (off >= end) {
      this.#n.replyBuf(req, Buffer.alloc(0));
      return;
    }
    let h = this.#handles.get(ino);
    if (h === undefined) this.#handles.set(ino, (h = { next: -1, streak: 0 }));
    const sequential = off === h.next;
    h.streak = sequential ? h.streak + 1 : 0;
    h.next = end;

    const hex = n.digest.toHex();
    if (fileSize <= PACK_FILE_MAX && i.packDir !== null && !this.#chunks.has(CHUNK_KEY(hex, 0))) {
      await this.#fromPacks(i.packDir, n.digest);
    }
    const layout = await this.#layout(n.digest, fileSize);
    const { starts } = layout;
    const first = chunkAt(starts, off);
    const last = chunkAt(starts, end - 1);
    // Sequential readers get the chunks after this read fetched ahead, in batches: when the
    // chunk halfway through the window is missing, the whole window's missing chunks are asked for.
    // A read that continues none before it (random access) and misses the cache reads just its
    // range: the blob service fetches the chunks under it and checks only the 16 KiB groups it
    // covers, which costs less than whole chunks (and their trees) would.
    if (h.streak === 0 && !layout.single && !this.#cached(hex, first, last)) {
      const stream = await this.#blobs.read(n.digest, { offset: off, length: end - off });
      if (stream === null) throw new FsError(E.EIO, `blob ${hex} is missing`);
      const pieces: Uint8Array[] = [];
      for await (const piece of stream as AsyncIterable<Uint8Array>) pieces.push(piece);
      this.#n.replyIov(req, pieces);
      return;
    }
    let upTo = last + 1;
    const count = starts.length - 1;
    if (h.streak > 0 && this.#readAhead > 0 && !layout.single) {
      const probe = Math.min(count - 1, last + Math.ceil(this.#readAhead / 2));
      if (!this.#chunks.has(CHUNK_KEY(hex, probe))) upTo = Math.min(count, last + 1 + this.#readAhead);
    }
    this.#ensure(n.digest, layout, first, upTo);
    const pieces: Uint8Array[] = [];
    for (let k = first; k <= last; k++) {
      const data = await this.#chunk(n.digest, layout, k);
      const s = starts[k]!;
      pieces.push(data.subarray(Math.max(0, off - s), Math.min(data.length, end - s)));
    }
    this.#n.replyIov(req, pieces);
  }

  /** Whether chunks first..last of blob `hex` are all cached or on their way. */
  #cached(hex: string, first: number, last: number): boolean {
    for (let k = first; k <= last; k++) if (!this.#chunks.has(CHUNK_KEY(hex, k))) return false;
    return true;
  }

  #layout(digest: B3Digest, size: number): Promise<Layout> {
    // Under the minimum chunk size a blob is always one chunk: no stat needed.
    if (size < MIN_CHUNK_SIZE) return Promise.resolve({ starts: [0, size], single: true });
    const key = digest.toHex();
    const hit = this.#layouts.get(key);
    if (hit !== undefined) return hit;
    const p = this.#blobs.stat(digest).then((st): Layout => {
      if (st === null) throw new FsError(E.EIO, `blob ${key} is missing`);
      if (Number(st.size) !== size) throw new FsError(E.EIO, `blob ${key} has ${st.size} bytes, its file node says ${size}`);
      if (st.chunks.length === 0) return { starts: [0, size], single: true };
      const starts = [0];
      for (const c of st.chunks) starts.push(starts[starts.length - 1]! + c.size);
      return { starts, single: false };
    });
    this.#layouts.set(key, p);
    p.catch(() => this.#layouts.delete(key));
    return p;
  }

  #chunk(digest: B3Digest, layout: Layout, k: number): Promise<Uint8Array> {
    const hit = this.#chunks.get(CHUNK_KEY(digest.toHex(), k));
    if (hit !== undefined) return hit;
    this.#ensure(digest, layout, k, k + 1);
    return this.#chunks.get(CHUNK_KEY(digest.toHex(), k))!;
  }

  /** Starts fetching the chunks in [from, to) not cached or in flight, each run of them with one range read. */
  #ensure(digest: B3Digest, layout: Layout, from: number, to: number): void {
    const hex = digest.toHex();
    let k = from;
    while (k < to) {
      if (this.#chunks.has(CHUNK_KEY(hex, k))) {
        k++;
        continue;
      }
      let j = k + 1;
      while (j < to && !this.#chunks.has(CHUNK_KEY(hex, j))) j++;
      this.#fetchRun(digest, layout, k, j);
      k = j;
    }
  }

  #fetchRun(digest: B3Digest, layout: Layout, from: number, to: number): void {
    const hex = digest.toHex();
    const { starts } = layout;
    const waiting: { resolve: (b: Uint8Array) => void; reject: (e: unknown) => void }[] = [];
    for (let k = from; k < to; k++) {
      const p = new Promise<Uint8Array>((resolve, reject) => waiting.push({ resolve, reject }));
      p.catch(() => this.#chunks.delete(CHUNK_KEY(hex, k)));
      this.#chunks.set(CHUNK_KEY(hex, k), p, starts[k + 1]! - starts[k]!);
    }
    const run = async (): Promise<void> => {
      const size = starts[starts.length - 1]!;
      // A whole one-chunk blob is verified by its digest; a range of a larger one group by group.
      const stream = layout.single
        ? await this.#blobs.read(digest, { sizeHint: size })
        : await this.#blobs.read(digest, { offset: starts[from]!, length: starts[to]! - starts[from]! });
      if (stream === null) throw new FsError(E.EIO, `blob ${hex} is missing`);
      let k = from;
      let buf = Buffer.allocUnsafe(starts[k + 1]! - starts[k]!);
      let fill = 0;
      for await (const piece of stream as AsyncIterable<Uint8Array>) {
        let at = 0;
        while (at < piece.length) {
          const take = Math.min(buf.length - fill, piece.length - at);
          buf.set(piece.subarray(at, at + take), fill);
          fill += take;
          at += take;
          if (fill === buf.length) {
            waiting[k - from]!.resolve(buf);
            k++;
            if (k === to) break;
            buf = Buffer.allocUnsafe(starts[k + 1]! - starts[k]!);
            fill = 0;
          }
        }
      }
      if (k < to) throw new FsError(E.EIO, `blob ${hex} ended early at chunk ${k}`);
    };
    run().catch((e: unknown) => {
      for (const w of waiting) w.reject(e);
    });
  }

  #packLayout(dir: Directory): { parts: PackEntry[][]; partOf: Map<string, number> } {
    const dirHex = dir.digest().toHex();
    let layout = this.#packLayouts.get(dirHex);
    if (layout === undefined) {
      const parts = typeof this.#blobs.getPack === "function" ? packLayout(dir) : [];
      const partOf = new Map<string, number>();
      parts.forEach((entries, k) => entries.forEach((e) => partOf.set(e.digest.toHex(), k)));
      layout = { parts, partOf };
      this.#packLayouts.set(dirHex, layout);
    }
    return layout;
  }

  /** Fills the chunk cache with the small files of `dir`'s pack part holding `digest`, if it has packs. */
  async #fromPacks(dir: Directory, digest: B3Digest): Promise<void> {
    const k = this.#packLayout(dir).partOf.get(digest.toHex());
    if (k !== undefined) await this.#packPart(dir, k);
  }

  /**
   * A directory was listed: its files are likely read next. Its pack parts are fetched now, and
   * each small file's verified bytes handed to the binding for the inodes listed there.
   */
  #prefetchPacks(dir: Directory): void {
    const { parts } = this.#packLayout(dir);
    if (parts.length === 0 || this.#mount === null) return;
    const m = this.#mount;
    parts.forEach((_, k) => {
      void this.#packPart(dir, k).then((blobs) => {
        if (blobs === null) return;
        const inos: number[] = [];
        const data: Uint8Array[] = [];
        for (const f of dir.files) {
          const d = blobs.get(f.digest.toHex());
          if (d === undefined) continue;
          const ino = this.#byKey.get(`f:${f.digest.toHex()}:${f.executable ? "x" : "-"}`);
          if (ino === undefined) continue;
          inos.push(ino);
          data.push(d);
        }
        if (inos.length > 0) this.#n.cacheFiles(m, inos, data);
      });
    });
  }

  /** Part `k` of `dir`'s packs: its verified blobs (also put in the chunk cache), or null. */
  #packPart(dir: Directory, k: number): Promise<Map<string, Uint8Array> | null> {
    const getPack = this.#blobs.getPack?.bind(this.#blobs);
    const entries = this.#packLayout(dir).parts[k];
    if (getPack === undefined || entries === undefined) return Promise.resolve(null);
    const key = `${dir.digest().toHex()}:${k}`;
    let p = this.#packsInFlight.get(key);
    if (p === undefined) {
      p = (async () => {
        const bytes = await getPack(dir.digest(), k).catch(() => null);
        if (bytes === null) return null;
        let blobs: Map<string, Uint8Array>;
        try {
          blobs = verifiedPackBlobs(parsePack(bytes), entries);
        } catch {
          return null; // not a pack: the files are read one by one
        }
        for (const [hex, data] of blobs) {
          const ck = CHUNK_KEY(hex, 0);
          if (!this.#chunks.has(ck)) this.#chunks.set(ck, Promise.resolve(data), data.length);
        }
        return blobs;
      })().finally(() => this.#packsInFlight.delete(key));
      this.#packsInFlight.set(key, p);
    }
    return p;
  }
}

/** An errno answer; `message` only for the log. */
export class FsError extends Error {
  readonly errno: number;
  constructor(errno: number, message = `errno ${errno}`) {
    super(message);
    this.errno = errno;
  }
}

/** [mode, size] of a node (null: the root). */
function attrs(node: Node | null): [number, number] {
  if (node === null) return [S_IFDIR | 0o555, 0];
  switch (node.type) {
    case "directory":
      return [S_IFDIR | 0o555, Number(node.size)];
    case "file":
      return [S_IFREG | (node.executable ? 0o555 : 0o444), Number(node.size)];
    case "symlink":
      return [S_IFLNK | 0o444, node.target.length];
  }
}

/** The chunk holding byte `pos` (binary search over chunk starts). */
function chunkAt(starts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** sizeof(struct fuse_entry_out): nodeid, generation, entry/attr valid (s, ns), fuse_attr (88 bytes). */
const ENTRY_OUT = 128;

/**
 * Directory records in the kernel's layout (include/uapi/linux/fuse.h). fuse_dirent: ino u64, off
 * u64 (the next record's index), namelen u32, type u32 (mode >> 12), the name, zero-padded to 8
 * bytes. With `plus`, each is preceded by a fuse_entry_out (as libfuse's fuse_add_direntry_plus
 * writes it): the entry's node id, attributes and how long the kernel may keep both.
 */
function listing(entries: readonly Entry[], plus: boolean, timeout = IMMUTABLE_TIMEOUT): Listing {
  const head = plus ? ENTRY_OUT : 0;
  const starts: number[] = [];
  let total = 0;
  for (const [name] of entries) {
    starts.push(total);
    total += (head + 24 + name.length + 7) & ~7;
  }
  starts.push(total);
  const buf = Buffer.alloc(total);
  entries.forEach(([name, ino, mode, size], k) => {
    let at = starts[k]!;
    if (plus) {
      buf.writeBigUInt64LE(BigInt(ino), at); // nodeid
      buf.writeBigUInt64LE(1n, at + 8); // generation
      buf.writeBigUInt64LE(BigInt(timeout), at + 16); // entry_valid
      buf.writeBigUInt64LE(BigInt(timeout), at + 24); // attr_valid
      const a = at + 40; // struct fuse_attr
      buf.writeBigUInt64LE(BigInt(ino), a);
      buf.writeBigUInt64LE(BigInt(size), a + 8);
      buf.writeBigUInt64LE(BigInt(Math.ceil(size / 512)), a + 16); // blocks
      buf.writeBigUInt64LE(1n, a + 24); // atime
      buf.writeBigUInt64LE(1n, a + 32); // mtime
      buf.writeBigUInt64LE(1n, a + 40); // ctime
      buf.writeUInt32LE(mode, a + 60);
      buf.writeUInt32LE(1, a + 64); // nlink
      buf.writeUInt32LE(4096, a + 80); // blksize
      at += ENTRY_OUT;
    }
    buf.writeBigUInt64LE(BigInt(ino), at);
    buf.writeBigUInt64LE(BigInt(k + 1), at + 8);
    buf.writeUInt32LE(name.length, at + 16);
    buf.writeUInt32LE((mode & 0o170000) >> 12, at + 20);
    name.copy(buf, at + 24);
  });
  return { buf, starts, inos: entries.map((e) => e[1]) };
}
