// Test helpers of the CLI for the end-to-end tests in test/ (`@castore/cli/testing`): running the
// built `castore` as a child process, nasty trees, outside oracles (Nix, b3sum), a Nix cache.
// Not part of the command.
export * from "./cli.test-util.js";
export * from "./oracle.test-util.js";
export * from "./tree.test-util.js";
export * from "./serve.test-util.js";
export * from "./nix-cache.test-util.js";
