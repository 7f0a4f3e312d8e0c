// The canonical protobuf encoding of a Directory, written directly: one encoder for the walk of
// hashPath (which needs no Directory objects) and for Directory.encode() (every fetched directory
// is re-encoded to check its digest, every import encodes each one). Building protobufjs message
// objects cost more than hashing a directory of small files.
import { blake3Into } from "./blake3.js";

/** A growable byte buffer, for directory encodings (empty until used: trees can be deep). */
export class Bytes {
  buf = Buffer.allocUnsafe(0);
  len = 0;

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n, 256));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  byte(b: number): void {
    this.buf[this.len++] = b;
  }

  /** A protobuf varint of a non-negative safe integer. */
  varint(v: number): void {
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.len++] = v;
  }

  put(b: Uint8Array): void {
    this.buf.set(b, this.len);
    this.len += b.length;
  }
}

const varintLength = (v: number): number => {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
};

/**
 * A directory's canonical protobuf encoding (what Directory.encode() gives; its BLAKE3 is the
 * digest), written entry by entry as the walk completes them, for walks that need no Directory
 * objects (no onDirectory): building them and encoding through protobufjs cost more than
 * reading the files of a directory of small files. Fields: Directory { 1: DirectoryNode,
 * 2: FileNode, 3: SymlinkNode }; DirectoryNode { 1: name, 2: digest, 3: size }; FileNode
 * { 1: name, 2: digest, 3: size, 4: executable }; SymlinkNode { 1: name, 2: target }; proto3
 * defaults (0, false) omitted, as prost writes them. Entries come in name order, so each of the
 * three lists is already sorted.
 */
export class DirectoryEncoder {
  readonly directories = new Bytes();
  readonly files = new Bytes();
  readonly symlinks = new Bytes();
  /** Directory.size(): entries, plus the sizes of the child directories. */
  size = 0;

  reset(): void {
    this.directories.len = 0;
    this.files.len = 0;
    this.symlinks.len = 0;
    this.size = 0;
  }

  /** A child directory, `digest` at digest[0..32]. */
  directory(name: Uint8Array, digest: Uint8Array, size: number): void {
    nameDigestSize(this.directories, 0x0a, 0, name, digest, size);
    this.size += 1 + size;
  }

  file(name: Uint8Array, digest: Uint8Array, size: number, executable: boolean): void {
    const b = this.files;
    nameDigestSize(b, 0x12, executable ? 2 : 0, name, digest, size);
    if (executable) {
      b.byte(0x20);
      b.byte(1);
    }
    this.size += 1;
  }

  symlink(name: Uint8Array, target: Uint8Array): void {
    const inner = 1 + varintLength(name.length) + name.length + 1 + varintLength(target.length) + target.length;
    const b = this.symlinks;
    b.room(1 + 5 + inner);
    b.byte(0x1a);
    b.varint(inner);
    b.byte(0x0a);
    b.varint(name.length);
    b.put(name);
    b.byte(0x12);
    b.varint(target.length);
    b.put(target);
    this.size += 1;
  }

  /** The encoding, in a fresh array. */
  encoding(): Uint8Array {
    const out = new Uint8Array(this.directories.len + this.files.len + this.symlinks.len);
    out.set(this.directories.buf.subarray(0, this.directories.len), 0);
    out.set(this.files.buf.subarray(0, this.files.len), this.directories.len);
    out.set(this.symlinks.buf.subarray(0, this.symlinks.len), this.directories.len + this.files.len);
    return out;
  }

  /** The digest (BLAKE3 of the encoding) at out[0..32]; `scratch` holds the encoding after. */
  digest(scratch: Bytes, out: Uint8Array): void {
    scratch.len = 0;
    scratch.room(this.directories.len + this.files.len + this.symlinks.len);
    scratch.put(this.directories.buf.subarray(0, this.directories.len));
    scratch.put(this.files.buf.subarray(0, this.files.len));
    scratch.put(this.symlinks.buf.subarray(0, this.symlinks.len));
    blake3Into(scratch.buf.subarray(0, scratch.len), out, 0);
  }
}

/**
 * A DirectoryNode or FileNode entry (field `tag` of Directory) up to its size: name = 1,
 * digest = 2, size = 3 (left out when 0, as protobuf does); `extra` bytes of the entry follow
 * (a FileNode's executable flag), written by the caller.
 */
function nameDigestSize(b: Bytes, tag: number, extra: number, name: Uint8Array, digest: Uint8Array, size: number): void {
  const inner = 1 + varintLength(name.length) + name.length + 34 + (size === 0 ? 0 : 1 + varintLength(size)) + extra;
  b.room(1 + 5 + inner);
  b.byte(tag);
  b.varint(inner);
  b.byte(0x0a);
  b.varint(name.length);
  b.put(name);
  b.byte(0x12);
  b.byte(32);
  b.put(digest);
  if (size !== 0) {
    b.byte(0x18);
    b.varint(size);
  }
}
