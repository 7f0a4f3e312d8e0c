/** Bytes per chunk group: 16 BLAKE3 chunks of 1024 bytes (bao / iroh-blobs chunk group log 4). */
export const GROUP_SIZE = 16384;
/** A chaining value or a root hash. */
export const CV_LEN = 32;

/** The four tree primitives, implemented natively (the addon) and in TypeScript (reference). */
export interface Blake3Tree {
  /**
   * Chaining values (32 bytes each, not root-finalized) of the ceil(data.length / 16384) chunk
   * groups of `data`, whose first group is group number `firstGroup` of the blob. Every group
   * but the last must be complete; a partial last group (1..16383 bytes, only at the end of the
   * blob) gets the CV of its left-complete subtree of chunks.
   */
  groupCVs(data: Uint8Array, firstGroup: number): Uint8Array;
  /** 2k CVs in, the k parent CVs out (PARENT flag, not root). */
  parents(cvs: Uint8Array): Uint8Array;
  /** The root hash of a parent node (PARENT | ROOT): the BLAKE3 hash of a blob of > 1 group. */
  parentRoot(left: Uint8Array, right: Uint8Array): Uint8Array;
  /** The ordinary BLAKE3 hash of at most 16384 bytes (the root of a blob of <= 1 group). */
  hashRoot(data: Uint8Array): Uint8Array;
}
