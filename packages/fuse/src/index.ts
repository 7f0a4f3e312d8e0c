// @castore/fuse: a read-only FUSE view of a store, over libfuse3's low-level API (names as bytes).
export { mountStore, cleanStaleMount, forceUnmount, isStaleMount, type MountOptions, type Mounted } from "./mount.js";
export { CastoreFs, FsError, XATTR_BLOB, XATTR_DIRECTORY, type FsOptions } from "./fs.js";
export { native, Op, type Native } from "./native.js";
