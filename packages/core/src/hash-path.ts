// Hashes a local path the way castore and Nix see it, in one pass and without storing
// anything: each file is read once and fed to both its BLAKE3 (the castore blob digest) and the
// NAR SHA-256 (and, through onFile, to whoever stores it); directory digests are computed on the
// way back up. Memory is bounded by one 512 KiB NAR buffer plus the listings (and directory
// encodings) along the current path, whatever the tree's size.
//
// Small files dominate real trees, and for them the cost is per file, not per byte: every fs call
// through Node's binding, every SHA-256 update and every allocation counts. So the walk takes
// entry types from the directory listing (no lstat per entry), opens a file and fstat()s the open
// descriptor for its size and mode, reads a small file with one read() straight into the NAR
// buffer after its framing (no second read for EOF), and gives SHA-256 that buffer when full.
// Without onDirectory it also encodes directories itself instead of building Directory objects.
import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  readlinkSync,
  type Dirent,
  type Stats,
} from "node:fs";
import { blake3Into, createBlake3, type Blake3Hasher } from "./blake3.js";
import { B3Digest } from "./digest.js";
import { Directory } from "./directory.js";
import { Bytes, DirectoryEncoder } from "./directory-encoder.js";
import { invalid, showBytes } from "./errors.js";
import { PathStack } from "./nar-writer.js";
import {
  MAX_NAME_LENGTH,
  compareNames,
  nameBytes,
  symlinkTargetProblem,
  validateName,
  type DirectoryNode,
  type FileNode,
  type Node,
  type SymlinkNode,
} from "./nodes.js";

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

/** Files up to this size are read straight into the NAR buffer, framing and contents together. */
const SMALL_FILE = 64 << 10;
/**
 * The NAR buffer: SHA-256 gets it when what comes next does not fit, so it is updated once per
 * half MiB rather than twice per file. Large files are read into it too, a buffer at a time.
 */
const NAR_BUFFER = 512 << 10;
// Yield to the event loop now and then so signals and timers still run during a long hash.
const YIELD_EVERY_BYTES = 64 << 20;
// O_NOFOLLOW: an entry listed as a file but replaced by a symlink since is not followed (ELOOP;
// the walk looks again).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

// NAR tokens, each already framed (u64-LE length, bytes, zero padding to 8), and the fixed
// sequences the walk writes, so that framing an entry is a few copies.
function framed(...tokens: string[]): Buffer {
  return Buffer.concat(
    tokens.map((t) => {
      const b = Buffer.from(t, "latin1");
      const out = Buffer.alloc(8 + ((b.length + 7) & ~7));
      out.writeUInt32LE(b.length, 0);
      b.copy(out, 8);
      return out;
    }),
  );
}
const MAGIC = framed("nix-archive-1");
const DIRECTORY_START = framed("(", "type", "directory");
const ENTRY_START = framed("entry", "(", "name");
const ENTRY_NODE = framed("node");
const CLOSE = framed(")");
const FILE_START = framed("(", "type", "regular", "contents");
const EXECUTABLE_START = framed("(", "type", "regular", "executable", "", "contents");
const SYMLINK_START = framed("(", "type", "symlink", "target");

/** What a listing (or lstat) says an entry is. */
const enum Kind {
  Unknown,
  File,
  Directory,
  Symlink,
  Other,
}

function kindOfDirent(d: Dirent): Kind {
  if (d.isFile()) return Kind.File;
  if (d.isDirectory()) return Kind.Directory;
  if (d.isSymbolicLink()) return Kind.Symlink;
  // DT_UNKNOWN (some file systems do not fill d_type) says none of the above: lstat will tell.
  if (d.isFIFO() || d.isSocket() || d.isBlockDevice() || d.isCharacterDevice()) return Kind.Other;
  return Kind.Unknown;
}

function kindOfStats(st: Stats): Kind {
  if (st.isFile()) return Kind.File;
  if (st.isDirectory()) return Kind.Directory;
  if (st.isSymbolicLink()) return Kind.Symlink;
  return Kind.Other;
}

const byName = (a: Dirent, b: Dirent): number => compareNames(a.name as unknown as Buffer, b.name as unknown as Buffer);

const isPromise = (v: unknown): v is Promise<unknown> =>
  v !== null && typeof v === "object" && typeof (v as { then?: unknown }).then === "function";

/**
 * The NAR as it is produced: framing and file contents accumulate in one buffer that goes to
 * SHA-256 when what comes next does not fit.
 */
class NarHasher {
  readonly sha = createHash("sha256");
  readonly buf = Buffer.allocUnsafe(NAR_BUFFER);
  len = 0;
  /** Bytes hashed so far (a number: exact up to 2^53, 8 PiB). */
  hashed = 0;

  flush(): void {
    if (this.len === 0) return;
    this.sha.update(this.buf.subarray(0, this.len));
    this.hashed += this.len;
    this.len = 0;
  }

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    this.flush();
    // Names are at most 255 bytes and symlink targets 4 KiB on every system castore runs on.
    if (n > this.buf.length) throw invalid(`a NAR token of ${n} bytes does not fit the walk's buffer`);
  }

  // Plain indexed stores below: Buffer's fill() and write*() validate their arguments on every
  // call, which showed in profiles at several calls per file.

  /** Bytes known to fit (after room()). */
  put(b: Uint8Array): void {
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** A framed string (after room(8 + padded length)). */
  str(b: Uint8Array): void {
    this.u64(b.length);
    this.put(b);
    this.pad(b.length);
  }

  /** A u64 (after room(8)). */
  u64(v: number): void {
    const buf = this.buf;
    let at = this.len;
    let lo = v >>> 0;
    let hi = Math.floor(v / 0x1_0000_0000) >>> 0;
    for (let i = 0; i < 4; i++, lo >>>= 8) buf[at++] = lo & 255;
    for (let i = 0; i < 4; i++, hi >>>= 8) buf[at++] = hi & 255;
    this.len = at;
  }

  /** Zero padding after `size` bytes, to a multiple of 8 (after room(7)). */
  pad(size: number): void {
    const buf = this.buf;
    for (let i = (8 - (size & 7)) & 7; i > 0; i--) buf[this.len++] = 0;
  }

  /** Zero padding of `size` content bytes, then ")" (after room(7 + CLOSE.length)). */
  fileEnd(size: number): void {
    this.pad(size);
    this.put(CLOSE);
  }

  entryStart(name: Uint8Array): void {
    this.room(ENTRY_START.length + 8 + name.length + 8 + ENTRY_NODE.length);
    this.put(ENTRY_START);
    this.str(name);
    this.put(ENTRY_NODE);
  }

  /** ")" once, or twice (a leaf or directory, then the entry holding it). */
  close(twice: boolean): void {
    this.room(2 * CLOSE.length);
    this.put(CLOSE);
    if (twice) this.put(CLOSE);
  }
}

/** An open directory: its name, its sorted listing, and what the entries done gave. */
class OpenDir {
  name: Uint8Array = new Uint8Array(0);
  entries: Dirent[] = [];
  next = 0;
  // With onDirectory: the nodes, for a Directory (which keeps the lists). Without: the encoding.
  directories: DirectoryNode[] = [];
  files: FileNode[] = [];
  symlinks: SymlinkNode[] = [];
  encoder: DirectoryEncoder | null = null;

  reset(name: Uint8Array, entries: Dirent[], objects: boolean): void {
    this.name = name;
    this.entries = entries;
    this.next = 0;
    if (objects) {
      this.directories = [];
      this.files = [];
      this.symlinks = [];
    } else (this.encoder ??= new DirectoryEncoder()).reset();
  }
}

/** A name from a listing (never empty, ".", ".." and without "/" or NUL) checked as Directory would. */
function checkListedName(name: Uint8Array): void {
  if (name.length > MAX_NAME_LENGTH) validateName(name);
}

export async function hashPath(path: string | Buffer, opts: HashPathOptions = {}): Promise<PathHash> {
  const name = nameBytes(opts.name ?? new Uint8Array(0));
  if (name.length > 0) validateName(name);
  const { onFile, onDirectory } = opts;
  // Directory objects are built only for onDirectory; otherwise the encoder gives the digests.
  const objects = onDirectory !== undefined;
  const nar = new NarHasher();
  let sinceYield = 0;
  const digest = new Uint8Array(32); // the last file's or directory's digest
  const scratch = new Bytes();

  /** Frames, reads and hashes the regular file open as `fd` (closes it); its digest is in `digest`. */
  const file = async (p: Buffer, fd: number, st: Stats, nodeName: Uint8Array, wantNode: boolean): Promise<FileNode | null> => {
    const size = st.size;
    const executable = (st.mode & 0o100) !== 0;
    let sink: FileSink | undefined;
    let node: FileNode | null = null;
    try {
      const head = executable ? EXECUTABLE_START : FILE_START;
      const small = size <= SMALL_FILE;
      // Small: framing, contents (and one byte more, to see a file that grew), padding and ")"
      // must fit the NAR buffer. Large: the contents follow, a buffer at a time.
      nar.room(head.length + 8 + (small ? size + 1 + 8 + CLOSE.length : 0));
      nar.put(head);
      nar.u64(size);
      if (onFile !== undefined) {
        const s = onFile({ path: p, size: BigInt(size), executable });
        sink = isPromise(s) ? await s : s;
      }
      if (small) {
        // One read() into the NAR buffer right after the framing: a short read that returns
        // exactly the size fstat gave is the whole file (no second read to see EOF).
        const buf = nar.buf;
        const at = nar.len;
        const room = buf.length - at;
        let got = readSync(fd, buf, at, room, null);
        if (got !== size) {
          for (let n = got; n > 0 && got <= size; got += n) n = readSync(fd, buf, at + got, room - got, null);
        }
        if (got !== size) throw invalid(`file ${showBytes(p)} changed size while being read`);
        const piece = buf.subarray(at, at + size);
        if (sink !== undefined && size > 0) {
          const w = sink.write(piece);
          if (isPromise(w)) await w;
        }
        blake3Into(piece, digest, 0);
        nar.len = at + size;
        nar.fileEnd(size);
        sinceYield += size;
      } else {
        // Read into the NAR buffer, a buffer (or what is left of one) at a time.
        const b3: Blake3Hasher = createBlake3();
        let got = 0;
        for (;;) {
          if (nar.buf.length - nar.len < SMALL_FILE) nar.flush();
          const buf = nar.buf;
          const at = nar.len;
          const n = readSync(fd, buf, at, buf.length - at, null);
          if (n === 0) break;
          got += n;
          if (got > size) break;
          const piece = buf.subarray(at, at + n);
          b3.update(piece);
          if (sink !== undefined) {
            const w = sink.write(piece);
            if (isPromise(w)) await w;
          }
          nar.len = at + n;
          sinceYield += n;
          if (sinceYield >= YIELD_EVERY_BYTES) {
            sinceYield = 0;
            await new Promise((r) => setImmediate(r));
          }
        }
        if (got !== size) throw invalid(`file ${showBytes(p)} changed size while being read`);
        digest.set(b3.digest());
        nar.room(8 + CLOSE.length);
        nar.fileEnd(size);
      }
      if (wantNode || sink !== undefined) {
        node = { type: "file", name: nodeName, digest: B3Digest.fromBytes(digest), size: BigInt(size), executable };
      }
    } catch (e) {
      sink?.abort(e);
      throw e;
    } finally {
      closeSync(fd);
    }
    if (sink !== undefined) {
      const e = sink.end(node!);
      if (isPromise(e)) await e;
    }
    if (sinceYield >= YIELD_EVERY_BYTES) {
      sinceYield = 0;
      await new Promise((r) => setImmediate(r));
    }
    return node;
  };

  const readTarget = (p: Buffer): Buffer => {
    const target = readlinkSync(p, { encoding: "buffer" });
    if (target.length === 0) throw invalid(`symlink ${showBytes(p)} has an empty target`);
    nar.room(SYMLINK_START.length + 8 + target.length + 8 + CLOSE.length);
    nar.put(SYMLINK_START);
    nar.str(target);
    nar.put(CLOSE);
    return target;
  };

  const unsupported = (p: Buffer): never => {
    throw invalid(`unsupported file type at ${showBytes(p)}: only regular files, directories and symlinks`);
  };

  // Depth first with a stack, not recursion: trees as deep as PATH_MAX allows are ~2,000 levels.
  // The open directories' state is kept per depth and reused.
  const dirs = new PathStack(Buffer.from(path));
  const levels: OpenDir[] = [];
  let depth = 0; // directories open
  let p: Buffer | undefined = dirs.root;
  let pName = name;
  let kind = Kind.Unknown; // the root is looked at with lstat: a symlink there is not followed
  let root: Node | null = null;
  nar.room(MAGIC.length);
  nar.put(MAGIC);
  while (p !== undefined) {
    // What the entry is: the listing's word for it, or lstat's when the listing has none. A
    // file's own fstat (on the descriptor that is read) has the last word: if the entry changed
    // kind since it was listed, the walk goes by what it finds.
    let st: Stats | null = null;
    let fd = -1;
    for (;;) {
      if (kind === Kind.Unknown) {
        st = lstatSync(p);
        kind = kindOfStats(st);
      }
      if (kind !== Kind.File) break;
      try {
        fd = openSync(p, OPEN_FLAGS);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ELOOP" || st !== null) throw e;
        kind = Kind.Unknown; // became a symlink
        continue;
      }
      let fst: Stats;
      try {
        fst = fstatSync(fd);
      } catch (e) {
        closeSync(fd);
        throw e;
      }
      if (fst.isFile()) {
        st = fst;
        break;
      }
      closeSync(fd);
      fd = -1;
      kind = kindOfStats(fst); // a directory (or a FIFO, device, socket) now
      st = fst;
    }
    const parent = depth > 0 ? levels[depth - 1]! : null;
    if (kind === Kind.File) {
      const node = await file(p, fd, st!, pName, parent === null || objects);
      if (parent === null) root = node;
      else {
        nar.close(false); // the file wrote its own ")"; this closes the entry holding it
        if (objects) parent.files.push(node!);
        else parent.encoder!.file(pName, digest, st!.size, (st!.mode & 0o100) !== 0);
      }
    } else if (kind === Kind.Symlink) {
      const target = readTarget(p);
      if (parent === null) root = { type: "symlink", name: pName, target };
      else {
        nar.close(false); // the entry holding it
        if (objects) parent.symlinks.push({ type: "symlink", name: pName, target });
        else {
          const problem = symlinkTargetProblem(target);
          if (problem) throw invalid(`symlink ${showBytes(pName)}: ${problem}`);
          parent.encoder!.symlink(pName, target);
        }
      }
    } else if (kind === Kind.Directory) {
      const entries = readdirSync(p, { encoding: "buffer", withFileTypes: true }) as unknown as Dirent[];
      entries.sort(byName);
      nar.room(DIRECTORY_START.length);
      nar.put(DIRECTORY_START);
      const level = (levels[depth] ??= new OpenDir());
      level.reset(pName, entries, objects);
      depth++;
      dirs.enter(p);
    } else {
      unsupported(p);
    }
    p = undefined;
    while (depth > 0) {
      const top = levels[depth - 1]!;
      const child = top.entries[top.next++];
      if (child !== undefined) {
        const childName = child.name as unknown as Buffer;
        if (!objects) checkListedName(childName);
        nar.entryStart(childName);
        p = dirs.child(childName);
        pName = childName;
        kind = kindOfDirent(child);
        break;
      }
      depth--;
      dirs.leave();
      top.entries = [];
      const up = depth > 0 ? levels[depth - 1]! : null;
      nar.close(up !== null); // the directory, and the entry holding it
      if (objects) {
        // Entries were visited in name order, so each list is already sorted.
        const dir = Directory.fromLists(top.directories, top.files, top.symlinks);
        const r = onDirectory!(dir);
        if (isPromise(r)) await r;
        const node: DirectoryNode = { type: "directory", name: top.name, digest: dir.digest(), size: dir.size() };
        if (up === null) root = node;
        else up.directories.push(node);
      } else {
        const enc = top.encoder!;
        enc.digest(scratch, digest);
        if (up === null) {
          root = { type: "directory", name: top.name, digest: B3Digest.fromBytes(digest), size: BigInt(enc.size) };
        } else up.encoder!.directory(top.name, digest, enc.size);
      }
    }
  }
  nar.flush();
  return { node: root!, narSha256: nar.sha.digest(), narSize: BigInt(nar.hashed) };
}
