// BLAKE3 tree primitives in plain TypeScript, from the BLAKE3 specification: the reference the
// native addon is tested against, and a slow fallback (CASTORE_BLAKE3_TREE=js). Written for
// clarity first; it keeps the state in locals only because that makes it fast enough to check
// 100 MiB inputs in tests.
import { CV_LEN, GROUP_SIZE, type Blake3Tree } from "./types.js";

const BLOCK_LEN = 64;
const CHUNK_LEN = 1024;
const GROUP_CHUNKS = GROUP_SIZE / CHUNK_LEN;

const CHUNK_START = 1;
const CHUNK_END = 2;
const PARENT = 4;
const ROOT = 8;

const IV = Uint32Array.of(
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
);

// Round r reads the message words in the order of the spec's permutation applied r times.
const PERMUTATION = [2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8];
const SCHEDULE: number[][] = [Array.from({ length: 16 }, (_, i) => i)];
for (let r = 1; r < 7; r++) SCHEDULE.push(PERMUTATION.map((p) => SCHEDULE[r - 1]![p]!));
const FLAT_SCHEDULE = Uint8Array.from(SCHEDULE.flat());

/**
 * The compression function, truncated to the chaining value: cv (8 words) is replaced by the
 * first 8 output words. m holds the 16 message words; the counter is given as two 32-bit words.
 */
function compress(cv: Uint32Array, m: Uint32Array, ctrLo: number, ctrHi: number, blockLen: number, flags: number): void {
  let v0 = cv[0]!, v1 = cv[1]!, v2 = cv[2]!, v3 = cv[3]!, v4 = cv[4]!, v5 = cv[5]!, v6 = cv[6]!, v7 = cv[7]!;
  let v8 = IV[0]!, v9 = IV[1]!, v10 = IV[2]!, v11 = IV[3]!;
  let v12 = ctrLo | 0, v13 = ctrHi | 0, v14 = blockLen | 0, v15 = flags | 0;
  const s = FLAT_SCHEDULE;
  for (let r = 0, o = 0; r < 7; r++, o += 16) {
    // Columns, then diagonals; each block is the G function: a += b + x; d = (d ^ a) >>> 16;
    // c += d; b = (b ^ c) >>> 12; a += b + y; d = (d ^ a) >>> 8; c += d; b = (b ^ c) >>> 7.
    let x = m[s[o]!]!, y = m[s[o + 1]!]!;
    v0 = (v0 + v4 + x) | 0; v12 ^= v0; v12 = (v12 >>> 16) | (v12 << 16);
    v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 12) | (v4 << 20);
    v0 = (v0 + v4 + y) | 0; v12 ^= v0; v12 = (v12 >>> 8) | (v12 << 24);
    v8 = (v8 + v12) | 0; v4 ^= v8; v4 = (v4 >>> 7) | (v4 << 25);
    x = m[s[o + 2]!]!; y = m[s[o + 3]!]!;
    v1 = (v1 + v5 + x) | 0; v13 ^= v1; v13 = (v13 >>> 16) | (v13 << 16);
    v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 12) | (v5 << 20);
    v1 = (v1 + v5 + y) | 0; v13 ^= v1; v13 = (v13 >>> 8) | (v13 << 24);
    v9 = (v9 + v13) | 0; v5 ^= v9; v5 = (v5 >>> 7) | (v5 << 25);
    x = m[s[o + 4]!]!; y = m[s[o + 5]!]!;
    v2 = (v2 + v6 + x) | 0; v14 ^= v2; v14 = (v14 >>> 16) | (v14 << 16);
    v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 12) | (v6 << 20);
    v2 = (v2 + v6 + y) | 0; v14 ^= v2; v14 = (v14 >>> 8) | (v14 << 24);
    v10 = (v10 + v14) | 0; v6 ^= v10; v6 = (v6 >>> 7) | (v6 << 25);
    x = m[s[o + 6]!]!; y = m[s[o + 7]!]!;
    v3 = (v3 + v7 + x) | 0; v15 ^= v3; v15 = (v15 >>> 16) | (v15 << 16);
    v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 12) | (v7 << 20);
    v3 = (v3 + v7 + y) | 0; v15 ^= v3; v15 = (v15 >>> 8) | (v15 << 24);
    v11 = (v11 + v15) | 0; v7 ^= v11; v7 = (v7 >>> 7) | (v7 << 25);
    x = m[s[o + 8]!]!; y = m[s[o + 9]!]!;
    v0 = (v0 + v5 + x) | 0; v15 ^= v0; v15 = (v15 >>> 16) | (v15 << 16);
    v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 12) | (v5 << 20);
    v0 = (v0 + v5 + y) | 0; v15 ^= v0; v15 = (v15 >>> 8) | (v15 << 24);
    v10 = (v10 + v15) | 0; v5 ^= v10; v5 = (v5 >>> 7) | (v5 << 25);
    x = m[s[o + 10]!]!; y = m[s[o + 11]!]!;
    v1 = (v1 + v6 + x) | 0; v12 ^= v1; v12 = (v12 >>> 16) | (v12 << 16);
    v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 12) | (v6 << 20);
    v1 = (v1 + v6 + y) | 0; v12 ^= v1; v12 = (v12 >>> 8) | (v12 << 24);
    v11 = (v11 + v12) | 0; v6 ^= v11; v6 = (v6 >>> 7) | (v6 << 25);
    x = m[s[o + 12]!]!; y = m[s[o + 13]!]!;
    v2 = (v2 + v7 + x) | 0; v13 ^= v2; v13 = (v13 >>> 16) | (v13 << 16);
    v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 12) | (v7 << 20);
    v2 = (v2 + v7 + y) | 0; v13 ^= v2; v13 = (v13 >>> 8) | (v13 << 24);
    v8 = (v8 + v13) | 0; v7 ^= v8; v7 = (v7 >>> 7) | (v7 << 25);
    x = m[s[o + 14]!]!; y = m[s[o + 15]!]!;
    v3 = (v3 + v4 + x) | 0; v14 ^= v3; v14 = (v14 >>> 16) | (v14 << 16);
    v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 12) | (v4 << 20);
    v3 = (v3 + v4 + y) | 0; v14 ^= v3; v14 = (v14 >>> 8) | (v14 << 24);
    v9 = (v9 + v14) | 0; v4 ^= v9; v4 = (v4 >>> 7) | (v4 << 25);
  }
  cv[0] = v0 ^ v8; cv[1] = v1 ^ v9; cv[2] = v2 ^ v10; cv[3] = v3 ^ v11;
  cv[4] = v4 ^ v12; cv[5] = v5 ^ v13; cv[6] = v6 ^ v14; cv[7] = v7 ^ v15;
}

// Message words of a block, little-endian; bytes past `len` read as zero (the padding of a
// short last block).
function loadBlock(m: Uint32Array, data: Uint8Array, off: number, len: number): void {
  if (len === BLOCK_LEN) {
    for (let i = 0, p = off; i < 16; i++, p += 4)
      m[i] = data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16) | (data[p + 3]! << 24);
    return;
  }
  m.fill(0);
  for (let i = 0; i < len; i++) m[i >> 2] = m[i >> 2]! | (data[off + i]! << (8 * (i & 3)));
}

function writeCV(cv: Uint32Array, out: Uint8Array, off: number): void {
  for (let i = 0; i < 8; i++) {
    const w = cv[i]!;
    out[off + 4 * i] = w;
    out[off + 4 * i + 1] = w >>> 8;
    out[off + 4 * i + 2] = w >>> 16;
    out[off + 4 * i + 3] = w >>> 24;
  }
}

const m = new Uint32Array(16);
const cv = new Uint32Array(8);

// CV of the chunk data[off, off + len) (0..1024 bytes) whose chunk number is
// group * 16 + chunkInGroup, written to out at outOff. The counter is split into 32-bit words
// without forming the (up to 57-bit) product, which a double could not hold exactly.
function chunkCV(data: Uint8Array, off: number, len: number, group: number, chunkInGroup: number, root: boolean, out: Uint8Array, outOff: number): void {
  const ctrLo = ((group % 2 ** 28) * GROUP_CHUNKS + chunkInGroup) >>> 0;
  const ctrHi = Math.floor(group / 2 ** 28) >>> 0;
  cv.set(IV);
  const blocks = Math.max(1, Math.ceil(len / BLOCK_LEN));
  for (let b = 0; b < blocks; b++) {
    const n = Math.min(BLOCK_LEN, len - b * BLOCK_LEN);
    loadBlock(m, data, off + b * BLOCK_LEN, n);
    let flags = 0;
    if (b === 0) flags |= CHUNK_START;
    if (b === blocks - 1) flags |= CHUNK_END | (root ? ROOT : 0);
    compress(cv, m, ctrLo, ctrHi, n, flags);
  }
  writeCV(cv, out, outOff);
}

// Parent of the two CVs at cvs[off, off + 64).
function parentCV(cvs: Uint8Array, off: number, flags: number, out: Uint8Array, outOff: number): void {
  cv.set(IV);
  loadBlock(m, cvs, off, BLOCK_LEN);
  compress(cv, m, 0, 0, BLOCK_LEN, PARENT | flags);
  writeCV(cv, out, outOff);
}

// Pairs neighbours left to right, carrying an odd last node up unchanged, until two nodes
// remain: BLAKE3's left-complete tree over n >= 2 nodes, built bottom up. Works in place.
function reduceToTwo(cvs: Uint8Array, n: number): void {
  while (n > 2) {
    const pairs = n >> 1;
    for (let i = 0; i < pairs; i++) parentCV(cvs, 64 * i, 0, cvs, 32 * i);
    if (n & 1) cvs.copyWithin(32 * pairs, 32 * (n - 1), 32 * n);
    n = pairs + (n & 1);
  }
}

// CVs of the chunks of at most one group; returns their count (an empty input is one empty chunk).
function chunkCVs(data: Uint8Array, off: number, len: number, group: number, rootIfOne: boolean, out: Uint8Array): number {
  const n = Math.max(1, Math.ceil(len / CHUNK_LEN));
  for (let i = 0; i < n; i++) {
    const clen = Math.min(CHUNK_LEN, len - i * CHUNK_LEN);
    chunkCV(data, off + i * CHUNK_LEN, clen, group, i, rootIfOne && n === 1, out, 32 * i);
  }
  return n;
}

const scratch = new Uint8Array(GROUP_CHUNKS * CV_LEN);

function checkGroupNumber(firstGroup: number): void {
  if (!Number.isSafeInteger(firstGroup) || firstGroup < 0)
    throw new RangeError("groupCVs: firstGroup must be a non-negative safe integer");
}

export const reference: Blake3Tree = {
  groupCVs(data, firstGroup) {
    checkGroupNumber(firstGroup);
    const groups = Math.ceil(data.length / GROUP_SIZE);
    const out = new Uint8Array(groups * CV_LEN);
    for (let g = 0; g < groups; g++) {
      const off = g * GROUP_SIZE;
      const n = chunkCVs(data, off, Math.min(GROUP_SIZE, data.length - off), firstGroup + g, false, scratch);
      if (n === 1) {
        out.set(scratch.subarray(0, CV_LEN), g * CV_LEN);
        continue;
      }
      reduceToTwo(scratch, n);
      parentCV(scratch, 0, 0, out, g * CV_LEN);
    }
    return out;
  },

  parents(cvs) {
    if (cvs.length % 64 !== 0) throw new RangeError("parents: cvs must hold an even number of 32-byte CVs");
    const out = new Uint8Array(cvs.length / 2);
    for (let i = 0; i < cvs.length / 64; i++) parentCV(cvs, 64 * i, 0, out, 32 * i);
    return out;
  },

  parentRoot(left, right) {
    if (left.length !== CV_LEN || right.length !== CV_LEN) throw new RangeError("parentRoot: CVs are 32 bytes");
    const pair = new Uint8Array(64);
    pair.set(left);
    pair.set(right, 32);
    const out = new Uint8Array(CV_LEN);
    parentCV(pair, 0, ROOT, out, 0);
    return out;
  },

  hashRoot(data) {
    if (data.length > GROUP_SIZE) throw new RangeError("hashRoot: data must be at most 16384 bytes");
    const out = new Uint8Array(CV_LEN);
    const n = chunkCVs(data, 0, data.length, 0, true, scratch);
    if (n === 1) {
      out.set(scratch.subarray(0, CV_LEN));
      return out;
    }
    reduceToTwo(scratch, n);
    parentCV(scratch, 0, ROOT, out, 0);
    return out;
  },
};
