// @castore/blake3-tree: BLAKE3 above 16 KiB chunk groups — group chaining values, parent nodes
// and the root — for verified ranges of blobs. Native addon (built by this package's build),
// TypeScript reference for tests and as an explicit fallback (CASTORE_BLAKE3_TREE=js).
import { impl } from "./backend.js";
import { GROUP_SIZE } from "./types.js";

export { GROUP_SIZE, CV_LEN, type Blake3Tree } from "./types.js";
export { backend, native, type NativeBlake3Tree } from "./backend.js";
export { reference } from "./reference.js";
export { TreeHasher, levelCounts, upperLevels, type BlobTree } from "./tree.js";

function groupNumber(firstGroup: number | bigint): number {
  const g = typeof firstGroup === "bigint" ? Number(firstGroup) : firstGroup;
  if (!Number.isSafeInteger(g) || g < 0 || BigInt(g) !== BigInt(firstGroup))
    throw new RangeError("groupCVs: firstGroup must be a non-negative safe integer");
  return g;
}

/**
 * Chaining values (32 bytes each, not root-finalized) of the chunk groups of `data`, whose first
 * group is group number `firstGroup` of the blob (chunk counters start at firstGroup * 16).
 * data.length must be a multiple of GROUP_SIZE unless `data` ends the blob; the last group may
 * then be partial. Returns ceil(data.length / GROUP_SIZE) CVs, concatenated.
 */
export function groupCVs(data: Uint8Array, firstGroup: number | bigint = 0): Uint8Array {
  return impl.groupCVs(data, groupNumber(firstGroup));
}

/** 2k CVs concatenated in, the k parent CVs (not root) out. */
export function parents(cvs: Uint8Array): Uint8Array {
  return impl.parents(cvs);
}

/** The root hash (BLAKE3 digest) of the parent of two 32-byte CVs. */
export function parentRoot(left: Uint8Array, right: Uint8Array): Uint8Array {
  return impl.parentRoot(left, right);
}

/** The BLAKE3 hash of at most GROUP_SIZE bytes. */
export function hashRoot(data: Uint8Array): Uint8Array {
  if (data.length > GROUP_SIZE) throw new RangeError("hashRoot: data must be at most 16384 bytes");
  return impl.hashRoot(data);
}
