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

// A whole NAR read into memory, for comparing NARs in tests
export { readNarTree } from "./nar-tree.js";
export type { NarTree, NarTreeEntry } from "./nar-tree.js";
