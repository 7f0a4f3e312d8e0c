#!/usr/bin/env node
// `castore-nar-bridge`: the Nix HTTP binary cache over a castore store, as its own process. Committed
// (npm links a workspace bin only if its target exists at install time); the implementation is
// the built dist/main.js.
import { existsSync } from "node:fs";

const main = new URL("../dist/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("castore-nar-bridge: not built yet; run `npm run build` in the repository root\n");
  process.exit(1);
}
await import(main.href);
