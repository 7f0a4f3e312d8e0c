// The BLAKE3 tree of a whole blob above its 16 KiB chunk groups, computed while the blob streams
// by: what castore stores next to a blob (the "outboard") so that any 16 KiB group can later be
// verified against the blob's BLAKE3 digest alone.
import { impl } from "./backend.js";
import { CV_LEN, GROUP_SIZE, type Blake3Tree } from "./types.js";

/** The tree of a blob, as TreeHasher.finish returns it. */
export interface BlobTree {
  /** The BLAKE3 hash of the blob (what b3sum prints). */
  root: Uint8Array;
  size: bigint;
  /**
   * levels[0]: the CVs of the blob's groups, concatenated (32 bytes each, in blob order);
   * levels[l]: the CVs of level l, pairing the nodes of level l - 1 left to right and carrying an
   * odd last node up unchanged. The last level has two nodes, whose parent is the root. Empty for
   * a blob of at most one group (its root is hashRoot of the bytes).
   */
  levels: Uint8Array[];
}

/** Number of nodes per level (levels[0] first) of the tree of a blob of `size` bytes. */
export function levelCounts(size: number | bigint): number[] {
  const s = BigInt(size);
  if (s < 0n) throw new RangeError("levelCounts: size must be non-negative");
  let n = Number((s + BigInt(GROUP_SIZE) - 1n) / BigInt(GROUP_SIZE));
  if (n <= 1) return [];
  const counts = [n];
  while (n > 2) counts.push((n = Math.ceil(n / 2)));
  return counts;
}

/** levels[1..] from levels[0] (at least two group CVs), by the pairing-and-carry rule. */
export function upperLevels(groupCVs: Uint8Array, tree: Blake3Tree = impl): Uint8Array[] {
  const levels = [groupCVs];
  let level = groupCVs;
  while (level.length > 2 * CV_LEN) {
    const n = level.length / CV_LEN;
    const pairs = n >> 1;
    const next = new Uint8Array(Math.ceil(n / 2) * CV_LEN);
    next.set(tree.parents(level.subarray(0, pairs * 2 * CV_LEN)));
    if (n & 1) next.set(level.subarray((n - 1) * CV_LEN), pairs * CV_LEN);
    levels.push(next);
    level = next;
  }
  return levels;
}

/**
 * Streams a blob through update() in pieces of any size and returns its BLAKE3 root and tree.
 * Keeps only the CVs (32 bytes per 16 KiB group) and at most one partial group of data: the
 * first group is held back until a further byte shows the blob has more than one group (a
 * one-group blob's root is the plain hash of its bytes, not a group CV).
 */
export class TreeHasher {
  readonly #tree: Blake3Tree;
  readonly #pending = new Uint8Array(GROUP_SIZE);
  #pendingLen = 0;
  #size = 0;
  #groups = 0; // groups hashed so far
  #cvs = new Uint8Array(64 * CV_LEN);
  #finished = false;

  /** `tree` selects the primitives (tests compare the native and reference ones). */
  constructor(tree: Blake3Tree = impl) {
    this.#tree = tree;
  }

  update(bytes: Uint8Array): this {
    if (this.#finished) throw new Error("TreeHasher: update after finish");
    let off = 0;
    const len = bytes.length;
    this.#size += len;
    if (this.#size > Number.MAX_SAFE_INTEGER) throw new RangeError("TreeHasher: blob too large");
    // Top up the pending group; it is hashed only once it is full and known not to be the last
    // of a one-group blob (then more bytes follow: this update's tail, or a later one).
    if (this.#pendingLen > 0 || this.#size <= GROUP_SIZE) {
      const take = Math.min(GROUP_SIZE - this.#pendingLen, len);
      this.#pending.set(bytes.subarray(0, take), this.#pendingLen);
      this.#pendingLen += take;
      off = take;
      if (this.#pendingLen < GROUP_SIZE || this.#size <= GROUP_SIZE) return this;
      this.#hash(this.#pending);
      this.#pendingLen = 0;
    }
    // Whole groups straight from the caller's bytes, without copying. Past the first group, a
    // full group's CV does not depend on what follows, so nothing needs holding back.
    const whole = Math.floor((len - off) / GROUP_SIZE) * GROUP_SIZE;
    if (whole > 0) {
      this.#hash(bytes.subarray(off, off + whole));
      off += whole;
    }
    if (off < len) {
      this.#pending.set(bytes.subarray(off), 0);
      this.#pendingLen = len - off;
    }
    return this;
  }

  finish(): BlobTree {
    if (this.#finished) throw new Error("TreeHasher: finish called twice");
    this.#finished = true;
    const size = BigInt(this.#size);
    if (this.#groups === 0) return { root: this.#tree.hashRoot(this.#pending.subarray(0, this.#pendingLen)), size, levels: [] };
    if (this.#pendingLen > 0) this.#hash(this.#pending.subarray(0, this.#pendingLen));
    const levels = upperLevels(this.#cvs.slice(0, this.#groups * CV_LEN), this.#tree);
    const top = levels[levels.length - 1]!;
    return { root: this.#tree.parentRoot(top.subarray(0, CV_LEN), top.subarray(CV_LEN)), size, levels };
  }

  #hash(data: Uint8Array): void {
    const cvs = this.#tree.groupCVs(data, this.#groups);
    const need = this.#groups * CV_LEN + cvs.length;
    if (need > this.#cvs.length) {
      const grown = new Uint8Array(Math.max(need, 2 * this.#cvs.length));
      grown.set(this.#cvs.subarray(0, this.#groups * CV_LEN));
      this.#cvs = grown;
    }
    this.#cvs.set(cvs, this.#groups * CV_LEN);
    this.#groups += cvs.length / CV_LEN;
  }
}
