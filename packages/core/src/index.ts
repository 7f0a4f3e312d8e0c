// @castore/core: the formats every castore service and tool shares.
export * from "./errors.js";
export * from "./blake3.js";
export * from "./digest.js";
export * from "./nodes.js";
export * from "./directory.js";
export * from "./graph.js";
export * from "./nixbase32.js";
export * from "./ca-hash.js";
export * from "./store-path.js";
export * from "./nar-writer.js";
export * from "./hash-path.js";
export * from "./fastcdc.js";
export * from "./fixtures.js";
export * from "./subjects.js";
export * from "./narinfo.js";
export * from "./signing.js";
export * from "./rpc.js";
