// The validated Directory: three name-sorted lists whose names are unique across all of them,
// its canonical protobuf encoding (fields in number order, proto3 defaults omitted, exactly as
// prost writes it) and its digest, BLAKE3 of that encoding. Rules: tvix castore/src/proto/mod.rs
// and nodes/directory.rs (see reference §1.2–1.4). Sizes are bigint so a u64 survives exactly.
import { DirectoryEncoder } from "./directory-encoder.js";
import { Long, tvix } from "@castore/proto";
import { B3Digest } from "./digest.js";
import { decodeOrInvalid, invalid, showBytes } from "./errors.js";
import {
  U64_MAX,
  compareNames,
  validateNode,
  type DirectoryNode,
  type FileNode,
  type Node,
  type SymlinkNode,
} from "./nodes.js";

const pb = tvix.castore.v1;

const U32 = 0xffffffffn;

/** u64 -> Long for the protobuf encoder (by bits: a decimal round trip showed in profiles). */
export function toLong(v: bigint): Long {
  return Long.fromBits(Number(v & U32) | 0, Number((v >> 32n) & U32) | 0, true);
}

/** A decoded uint64 (Long, or number for small values) -> bigint. */
export function fromLong(v: Long | number | null | undefined): bigint {
  if (v === null || v === undefined) return 0n;
  if (typeof v === "number") return BigInt(v);
  if (v.high === 0) return BigInt(v.low >>> 0);
  return (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
}

/**
 * A directory as a store writes it: its canonical encoding and that encoding's BLAKE3. A
 * `Directory` is one; so is a validated directory held as bytes until its upload is stored.
 */
export interface EncodedDirectory {
  digest(): B3Digest;
  encode(): Uint8Array;
}

export class Directory implements EncodedDirectory {
  readonly directories: readonly DirectoryNode[];
  readonly files: readonly FileNode[];
  readonly symlinks: readonly SymlinkNode[];
  #encoded: Uint8Array | undefined;
  #digest: B3Digest | undefined;
  #size: bigint;

  private constructor(
    directories: readonly DirectoryNode[],
    files: readonly FileNode[],
    symlinks: readonly SymlinkNode[],
  ) {
    this.directories = directories;
    this.files = files;
    this.symlinks = symlinks;
    // Validation of each list's order happens before; here: names unique across the lists
    // (one merged walk, as tvix's single name-ordered map) and the checked size sum.
    let size = 0n;
    let prev: Uint8Array | null = null;
    for (const node of mergeByName(directories, files, symlinks)) {
      if (prev !== null && compareNames(prev, node.name) === 0) {
        throw invalid(`duplicate name ${showBytes(node.name)}`);
      }
      prev = node.name;
      size += 1n + (node.type === "directory" ? node.size : 0n);
      if (size > U64_MAX) throw invalid(`size overflow at ${showBytes(node.name)}: entry sizes exceed u64`);
    }
    this.#size = size;
  }

  /** The empty directory. Its digest is BLAKE3 of zero bytes. */
  static empty(): Directory {
    return new Directory([], [], []);
  }

  /**
   * Builds a directory from entries in any order: sorts them bytewise by name, then validates
   * (names, targets, 32-byte digests, unique names, size overflow).
   */
  static fromEntries(entries: Iterable<Node>): Directory {
    const dirs: DirectoryNode[] = [];
    const files: FileNode[] = [];
    const links: SymlinkNode[] = [];
    for (const e of entries) {
      if (e.type === "directory") dirs.push(e);
      else if (e.type === "file") files.push(e);
      else links.push(e);
    }
    const byName = (a: Node, b: Node): number => compareNames(a.name, b.name);
    return Directory.fromLists(dirs.sort(byName), files.sort(byName), links.sort(byName));
  }

  /** Validates three lists as given: each must already be strictly ascending by name. */
  static fromLists(
    directories: readonly DirectoryNode[],
    files: readonly FileNode[],
    symlinks: readonly SymlinkNode[],
  ): Directory {
    checkList("directories", directories);
    checkList("files", files);
    checkList("symlinks", symlinks);
    return new Directory(directories, files, symlinks);
  }

  /**
   * Decodes and validates protobuf bytes. Unknown fields are dropped; the digest is computed
   * from the canonical re-encoding, so a non-canonical sender gets a different digest back.
   */
  static decode(bytes: Uint8Array): Directory {
    const msg = decodeOrInvalid("Directory", (b) => pb.Directory.decode(b), bytes);
    return Directory.fromLists(
      msg.directories.map((directory) => nodeFromProto({ directory }) as DirectoryNode),
      msg.files.map((file) => nodeFromProto({ file }) as FileNode),
      msg.symlinks.map((symlink) => nodeFromProto({ symlink }) as SymlinkNode),
    );
  }

  /** The canonical encoding (cached). */
  encode(): Uint8Array {
    this.#encoded ??= encodeDirect(this.directories, this.files, this.symlinks) ?? undefined;
    if (this.#encoded === undefined) {
      this.#encoded = pb.Directory.encode(
        pb.Directory.create({
          directories: this.directories.map(directoryNodeProto),
          files: this.files.map(fileNodeProto),
          symlinks: this.symlinks.map(symlinkNodeProto),
        }),
      ).finish();
    }
    return this.#encoded;
  }

  /** BLAKE3 of the canonical encoding (cached). */
  digest(): B3Digest {
    this.#digest ??= B3Digest.of(this.encode());
    return this.#digest;
  }

  /**
   * The size a DirectoryNode pointing here must carry, by the documented rule: the number of
   * entries plus the sizes of the child directory nodes (what current snix emits).
   */
  size(): bigint {
    return this.#size;
  }

  /**
   * The largest DirectoryNode.size accepted for this directory from elsewhere:
   * 2 × entries + sum of child sizes (what tvix wrote from 2024-08). DESIGN §1.
   */
  maxAcceptedSize(): bigint {
    const entries = BigInt(this.directories.length + this.files.length + this.symlinks.length);
    return this.#size + entries;
  }

  /** Whether `size` is acceptable on an edge pointing to this directory. */
  acceptsSize(size: bigint): boolean {
    return size >= this.#size && size <= this.maxAcceptedSize();
  }

  /** Number of entries (all three lists). */
  get length(): number {
    return this.directories.length + this.files.length + this.symlinks.length;
  }

  /** All entries in one bytewise name order (the order of a NAR). */
  entries(): IterableIterator<Node> {
    return mergeByName(this.directories, this.files, this.symlinks);
  }

  /** The entry named `name`, or null. */
  get(name: Uint8Array): Node | null {
    return find(this.directories, name) ?? find(this.files, name) ?? find(this.symlinks, name);
  }
}

function checkList(list: string, nodes: readonly Node[]): void {
  let prev: Uint8Array | null = null;
  for (const node of nodes) {
    validateNode(node);
    if (prev !== null) {
      const c = compareNames(prev, node.name);
      if (c === 0) throw invalid(`duplicate name ${showBytes(node.name)} in ${list}`);
      if (c > 0) {
        throw invalid(`wrong sorting in ${list}: ${showBytes(node.name)} comes after ${showBytes(prev)}`);
      }
    }
    prev = node.name;
  }
}

function find<N extends Node>(nodes: readonly N[], name: Uint8Array): N | null {
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const node = nodes[mid]!;
    const c = compareNames(node.name, name);
    if (c === 0) return node;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

function* mergeByName(
  a: readonly Node[],
  b: readonly Node[],
  c: readonly Node[],
): IterableIterator<Node> {
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length || k < c.length) {
    let best: Node | undefined;
    let which = -1;
    for (const [idx, cand] of [a[i], b[j], c[k]].entries()) {
      if (cand !== undefined && (best === undefined || compareNames(cand.name, best.name) < 0)) {
        best = cand;
        which = idx;
      }
    }
    if (which === 0) i++;
    else if (which === 1) j++;
    else k++;
    yield best!;
  }
}

// Proto messages with proto3 defaults left unset, so the encoder omits them like prost does.
function directoryNodeProto(n: DirectoryNode): tvix.castore.v1.IDirectoryNode {
  const m: tvix.castore.v1.IDirectoryNode = { name: n.name, digest: n.digest.bytes };
  if (n.size !== 0n) m.size = toLong(n.size);
  return m;
}

function fileNodeProto(n: FileNode): tvix.castore.v1.IFileNode {
  const m: tvix.castore.v1.IFileNode = { name: n.name, digest: n.digest.bytes };
  if (n.size !== 0n) m.size = toLong(n.size);
  if (n.executable) m.executable = true;
  return m;
}

function symlinkNodeProto(n: SymlinkNode): tvix.castore.v1.ISymlinkNode {
  return { name: n.name, target: n.target };
}

/** A Node as its protobuf message (name empty for anonymous nodes). */
export function nodeToProto(node: Node): tvix.castore.v1.INode {
  const withName = <T extends { name?: Uint8Array | null }>(m: T): T => {
    if (node.name.length === 0) delete m.name;
    return m;
  };
  switch (node.type) {
    case "directory":
      return { directory: withName(directoryNodeProto(node)) };
    case "file":
      return { file: withName(fileNodeProto(node)) };
    case "symlink":
      return { symlink: withName(symlinkNodeProto(node)) };
  }
}

/** Canonical bytes of a Node message. */
export function encodeNode(node: Node): Uint8Array {
  return pb.Node.encode(pb.Node.create(nodeToProto(node))).finish();
}

/**
 * A Node from its protobuf message. Checks the oneof is set and digest lengths; the name and
 * target rules are checked by validateNode (the caller decides between named and anonymous).
 */
/** A node's digest; the field's description is built only for the error (this runs per entry). */
function nodeDigest(bytes: Uint8Array | null | undefined, what: () => string): B3Digest {
  const b = bytes ?? new Uint8Array(0);
  return b.length === 32 ? B3Digest.fromBytes(b) : B3Digest.fromBytes(b, what());
}

export function nodeFromProto(m: tvix.castore.v1.INode): Node {
  if (m.directory) {
    const d = m.directory;
    const name = d.name ?? new Uint8Array(0);
    return {
      type: "directory",
      name,
      digest: nodeDigest(d.digest, () => `directory ${showBytes(name)}: digest`),
      size: fromLong(d.size),
    };
  }
  if (m.file) {
    const f = m.file;
    const name = f.name ?? new Uint8Array(0);
    return {
      type: "file",
      name,
      digest: nodeDigest(f.digest, () => `file ${showBytes(name)}: digest`),
      size: fromLong(f.size),
      executable: f.executable ?? false,
    };
  }
  if (m.symlink) {
    return { type: "symlink", name: m.symlink.name ?? new Uint8Array(0), target: m.symlink.target ?? new Uint8Array(0) };
  }
  throw invalid("node has no type: none of directory, file, symlink is set");
}

/** Decodes a Node message (any name). Malformed bytes are InvalidArgument. */
export function decodeNode(bytes: Uint8Array): Node {
  return nodeFromProto(decodeOrInvalid("Node", (b) => pb.Node.decode(b), bytes));
}

/**
 * The canonical encoding through the direct encoder (directory-encoder.ts); null for sizes past
 * 2^53 (then protobufjs encodes it). Tests compare both encoders.
 */
export function encodeDirect(dirs: readonly DirectoryNode[], files: readonly FileNode[], links: readonly SymlinkNode[]): Uint8Array | null {
  const MAX = BigInt(Number.MAX_SAFE_INTEGER);
  if (dirs.some((d) => d.size > MAX) || files.some((f) => f.size > MAX)) return null;
  const enc = new DirectoryEncoder();
  for (const d of dirs) enc.directory(d.name, d.digest.bytes, Number(d.size));
  for (const f of files) enc.file(f.name, f.digest.bytes, Number(f.size), f.executable);
  for (const l of links) enc.symlink(l.name, l.target);
  return enc.encoding();
}
