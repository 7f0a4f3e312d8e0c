// Shared test fixtures with meaning (after tvix castore/src/fixtures.rs). Digests are computed,
// not pasted; the golden values they are checked against live in the tests, each with the
// outside command that produced it.
import { B3Digest } from "./digest.js";
import { Directory } from "./directory.js";
import { directoryNode, fileNode, symlinkNode } from "./nodes.js";

/** The empty blob: never stored, always present. */
export const EMPTY_BLOB_DIGEST = B3Digest.of(new Uint8Array(0));

/** A two-byte blob. */
export const BLOB_A = Uint8Array.from([0x00, 0x01]);
export const BLOB_A_DIGEST = B3Digest.of(BLOB_A);

/** A directory with one empty file ".keep" (tvix DIRECTORY_WITH_KEEP). */
export const DIRECTORY_WITH_KEEP = Directory.fromEntries([fileNode(".keep", EMPTY_BLOB_DIGEST, 0)]);

/**
 * A directory with all three kinds (tvix DIRECTORY_COMPLICATED): "keep" -> DIRECTORY_WITH_KEEP,
 * an empty file ".keep", and a symlink "aa" -> "/nix/store/somewhereelse".
 */
export const DIRECTORY_COMPLICATED = Directory.fromEntries([
  directoryNode("keep", DIRECTORY_WITH_KEEP.digest(), DIRECTORY_WITH_KEEP.size()),
  fileNode(".keep", EMPTY_BLOB_DIGEST, 0),
  symlinkNode("aa", "/nix/store/somewhereelse"),
]);

/** A deterministic pseudo-random byte string (xorshift), for tests that need many bytes fast. */
export function pseudoRandomBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  const words = new Uint32Array(out.buffer, 0, length >>> 2);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  for (let i = words.length * 4; i < length; i++) out[i] = (i * 131 + seed) & 0xff;
  return out;
}
