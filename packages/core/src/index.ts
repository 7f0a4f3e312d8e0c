// @castore/core: the formats every castore service and tool shares.
export * from "./errors.js";
export * from "./blake3.js";
export * from "./digest.js";
export * from "./nodes.js";
