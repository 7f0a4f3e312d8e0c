// @castore/core/testing: fixtures with meaning and helpers for tests, kept out of the public API
// (@castore/core) so that production code cannot come to depend on them.

// Fixtures (after tvix castore/src/fixtures.rs)
export {
  BLOB_A,
  BLOB_A_DIGEST,
  DIRECTORY_COMPLICATED,
  DIRECTORY_WITH_KEEP,
  EMPTY_BLOB_DIGEST,
  pseudoRandomBytes,
} from "./fixtures.js";

// Real Nix as the oracle: run its tools, build binary caches with `nix copy`
export { makeNixCaches, narinfoFile, runNix, tryNix } from "./testing-nix.js";
export type { NixCaches } from "./testing-nix.js";

// Counting live objects (a heap snapshot), for tests of memory bounds
export { liveInstances } from "./testing-heap.js";

// A whole NAR read into memory, for comparing NARs in tests
export { readNarTree } from "./nar-tree.js";
export type { NarTree, NarTreeEntry } from "./nar-tree.js";

// Deep trees, written flat: a helper that recursed would fail where the code under test must not
const enc = new TextEncoder();

/** A NAR string: u64-LE length, the bytes, zero padding to 8 (written here, not by nar-writer). */
function narString(s: string | Uint8Array): Buffer {
  const b = typeof s === "string" ? enc.encode(s) : s;
  const out = Buffer.alloc(8 + ((b.length + 7) & ~7));
  out.writeUInt32LE(b.length, 0);
  out.set(b, 8);
  return out;
}

/**
 * The NAR of a chain of `depth` directories named `name` (default "d"), each the only entry of
 * its parent, the last holding one file named "file" with `contents`: `d/d/…/d/file`.
 */
export function deepChainNar(depth: number, opts: { name?: string; contents?: Uint8Array } = {}): Buffer {
  const s = (...parts: (string | Uint8Array)[]): Buffer => Buffer.concat(parts.map(narString));
  const down = s("(", "type", "directory", "entry", "(", "name", opts.name ?? "d", "node");
  const contents = opts.contents ?? enc.encode("at the bottom\n");
  const size = Buffer.alloc(8);
  size.writeUInt32LE(contents.length, 0);
  const bottom = Buffer.concat([
    s("(", "type", "directory", "entry", "(", "name", "file", "node", "(", "type", "regular", "contents"),
    size,
    contents,
    Buffer.alloc((8 - (contents.length % 8)) % 8),
    s(")", ")", ")"),
  ]);
  const up = s(")", ")");
  return Buffer.concat([s("nix-archive-1"), ...Array<Buffer>(depth).fill(down), bottom, ...Array<Buffer>(depth).fill(up)]);
}
