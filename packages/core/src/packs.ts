// Packs: locality for small files (PROTOCOL.md "Packs"). A Nix store path is mostly small files,
// and reading them one JetStream get each costs ~65 µs per file however well it is pipelined.
// So the small files of a directory are also stored together, in one or a few pack messages keyed
// by the directory's digest; a reader of a tree fetches a directory's packs and takes each small
// file's bytes from there. A pack is a copy, trusted for nothing: every blob taken from it is
// hashed and compared with the digest its file node names, and anything missing, malformed or
// wrong falls back to reading that blob on its own. Content addressing and dedup are untouched.
//
// Which files go into which part is a pure function of the directory (packLayout), so a reader
// knows what to expect and any writer — an import, a NAR ingest, a reader filling in packs that
// are missing, fsck — writes the same parts.
//
// Encoding of one part (all integers little-endian):
//   "CAPK" | u8 version (1) | u8 0 | u16 parts (total parts of this directory) | u32 count |
//   count × (32-byte BLAKE3 digest, u32 size) | the blobs' bytes back to back, in that order.
import { B3Digest, DIGEST_LENGTH } from "./digest.js";
import type { Directory } from "./directory.js";
import { blake3, blake3Matches } from "./blake3.js";
import { invalid } from "./errors.js";

/** Files larger than this are read on their own (a chunk or more each, already efficient). */
export const PACK_FILE_MAX = 64 * 1024;
/** Bytes of blob data in one part at most (its message stays well under 1 MiB max_payload). */
export const PACK_PART_BYTES = 768 * 1024;
/** Blobs in one part at most (its header is 36 bytes per blob). */
export const PACK_PART_ENTRIES = 2048;
/** The largest encoded part. */
export const PACK_MAX_BYTES = 12 + PACK_PART_ENTRIES * 36 + PACK_PART_BYTES;
/** Parts of one directory at most (65535: a u16): ~48 GiB of small files. */
export const PACK_MAX_PARTS = 0xffff;

const MAGIC = [0x43, 0x41, 0x50, 0x4b]; // "CAPK"
const HEADER = 12;
const ENTRY = DIGEST_LENGTH + 4;

export interface PackEntry {
  readonly digest: B3Digest;
  readonly size: number;
}

/**
 * The parts of a directory's packs: its file entries of 1..PACK_FILE_MAX bytes in entry order,
 * each digest once (its first occurrence), cut greedily into parts of at most PACK_PART_BYTES
 * and PACK_PART_ENTRIES.
 * Empty when the directory has fewer than two such files (one file gains nothing from a pack).
 */
export function packLayout(dir: Directory): PackEntry[][] {
  const seen = new Set<string>();
  const entries: PackEntry[] = [];
  for (const f of dir.files) {
    if (f.size === 0n || f.size > BigInt(PACK_FILE_MAX)) continue;
    const hex = f.digest.toHex();
    if (seen.has(hex)) continue;
    seen.add(hex);
    entries.push({ digest: f.digest, size: Number(f.size) });
  }
  if (entries.length < 2) return [];
  const parts: PackEntry[][] = [[]];
  let bytes = 0;
  for (const e of entries) {
    const last = parts[parts.length - 1]!;
    if (last.length > 0 && (bytes + e.size > PACK_PART_BYTES || last.length >= PACK_PART_ENTRIES)) {
      parts.push([]);
      bytes = 0;
    }
    parts[parts.length - 1]!.push(e);
    bytes += e.size;
  }
  return parts.length > PACK_MAX_PARTS ? [] : parts;
}

/** Encodes one part from its blobs' bytes (in layout order). */
export function encodePack(parts: number, blobs: readonly { digest: B3Digest; data: Uint8Array }[]): Uint8Array {
  const dataBytes = blobs.reduce((a, b) => a + b.data.length, 0);
  const out = new Uint8Array(HEADER + blobs.length * ENTRY + dataBytes);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = 1;
  view.setUint16(6, parts, true);
  view.setUint32(8, blobs.length, true);
  let at = HEADER;
  for (const b of blobs) {
    out.set(b.digest.bytes, at);
    view.setUint32(at + DIGEST_LENGTH, b.data.length, true);
    at += ENTRY;
  }
  for (const b of blobs) {
    out.set(b.data, at);
    at += b.data.length;
  }
  return out;
}

export interface DecodedPack {
  readonly parts: number;
  /** Each entry's bytes: views into the pack, NOT verified (see verifiedPackBlobs). */
  readonly blobs: { digest: B3Digest; data: Uint8Array }[];
}

/** A part's header and blob views, without digest objects (hot path of tree readers). */
export interface RawPack {
  readonly parts: number;
  readonly count: number;
  /** The 32 digest bytes of entry i (a view into the pack). */
  digestAt(i: number): Uint8Array;
  /** The bytes of entry i (a view into the pack). */
  dataAt(i: number): Uint8Array;
}

/** Parses a part's framing; InvalidArgument if it is not one (a reader treats that as "no pack"). */
export function parsePack(bytes: Uint8Array): RawPack {
  if (bytes.length < HEADER || MAGIC.some((m, i) => bytes[i] !== m)) throw invalid("not a castore pack (bad magic)");
  if (bytes[4] !== 1) throw invalid(`castore pack version ${bytes[4]} is not known (1 is)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts = view.getUint16(6, true);
  const count = view.getUint32(8, true);
  if (parts === 0) throw invalid("castore pack says it has 0 parts");
  if (HEADER + count * ENTRY > bytes.length) throw invalid(`castore pack of ${bytes.length} bytes cannot hold ${count} entries`);
  const offsets = new Uint32Array(count + 1);
  let data = HEADER + count * ENTRY;
  for (let i = 0; i < count; i++) {
    const size = view.getUint32(HEADER + i * ENTRY + DIGEST_LENGTH, true);
    if (data + size > bytes.length) throw invalid(`castore pack entry ${i} (${size} bytes) runs past the end of the pack`);
    offsets[i] = data;
    data += size;
  }
  offsets[count] = data;
  if (data !== bytes.length) throw invalid(`castore pack has ${bytes.length - data} bytes after its last entry`);
  return {
    parts,
    count,
    digestAt: (i) => bytes.subarray(HEADER + i * ENTRY, HEADER + i * ENTRY + DIGEST_LENGTH),
    dataAt: (i) => bytes.subarray(offsets[i]!, offsets[i + 1]!),
  };
}

/** Parses a part into digests and blob views; InvalidArgument if it is not one. */
export function decodePack(bytes: Uint8Array): DecodedPack {
  const raw = parsePack(bytes);
  const blobs: { digest: B3Digest; data: Uint8Array }[] = [];
  for (let i = 0; i < raw.count; i++) blobs.push({ digest: B3Digest.fromBytes(raw.digestAt(i)), data: raw.dataAt(i) });
  return { parts: raw.parts, blobs };
}

/**
 * The blobs of a part that are the layout's `expected` entries and match their digests, by digest
 * hex (the expected digests' own, cached); anything else is left out (the reader then fetches it
 * on its own). Each kept blob is a copy, so a small file handed on does not pin the whole part in
 * memory (with views, an export of 100k small files peaked ~30 MB higher).
 */
function same32(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function verifiedPackBlobs(raw: RawPack, expected: readonly PackEntry[]): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const n = Math.min(raw.count, expected.length);
  for (let i = 0; i < n; i++) {
    const want = expected[i]!;
    const data = raw.dataAt(i);
    if (data.length !== want.size || !same32(raw.digestAt(i), want.digest.bytes)) continue;
    if (!blake3Matches(data, want.digest.bytes)) continue;
    out.set(want.digest.toHex(), data.slice());
  }
  return out;
}

/**
 * The check a store makes before it keeps a part: well-formed, every entry 1..PACK_FILE_MAX bytes
 * and matching its digest, at most `PACK_PART_BYTES` of data; else InvalidArgument (nothing kept).
 */
export function checkPack(bytes: Uint8Array, part: number): void {
  const pack = decodePack(bytes);
  if (part >= pack.parts) throw invalid(`pack part ${part} says its directory has ${pack.parts} parts`);
  let total = 0;
  pack.blobs.forEach((b, i) => {
    if (b.data.length === 0 || b.data.length > PACK_FILE_MAX) throw invalid(`pack entry ${i} is ${b.data.length} bytes; packs hold blobs of 1..${PACK_FILE_MAX}`);
    if (!b.digest.equals(blake3(b.data))) throw invalid(`pack entry ${i} does not match its digest ${b.digest}`);
    total += b.data.length;
  });
  if (total > PACK_PART_BYTES) throw invalid(`pack part holds ${total} bytes of blobs; at most ${PACK_PART_BYTES}`);
  if (pack.blobs.length > PACK_PART_ENTRIES) throw invalid(`pack part holds ${pack.blobs.length} blobs; at most ${PACK_PART_ENTRIES}`);
}
