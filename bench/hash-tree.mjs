// `castore hash` of a 20k-file tree (whole process, CLI start included) next to
// `nix-hash --type sha256` of the same tree, in the same run. Median of several runs.
// Usage: node bench/hash-tree.mjs [files=20000] [runs=5]
import { join } from "node:path";
import { fmt, run, table, tempDir, timeIt } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const files = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 5);
const root = join(tempDir("hash-tree"), "tree");
const bytes = makeTree(root, { files });
const castore = new URL("../packages/cli/bin/castore.js", import.meta.url).pathname;

// Both must agree on the NAR hash, or the comparison means nothing.
const ours = JSON.parse(run(process.execPath, [castore, "hash", root, "--json"]));
const nix = run("nix-hash", ["--type", "sha256", "--base32", root]).trim();
if (ours.narHash !== `sha256:${nix}`) throw new Error(`NAR hash differs: castore ${ours.narHash}, nix-hash ${nix}`);

const tNix = await timeIt(() => run("nix-hash", ["--type", "sha256", root]), { runs });
const tOurs = await timeIt(() => run(process.execPath, [castore, "hash", root, "--json"]), { runs });

console.log(`tree: ${files} files, ${(bytes / 1e6).toFixed(1)} MB; median of ${runs} runs, whole process\n`);
table(
  ["command", "seconds", "files/s", "× nix-hash time"],
  [
    ["nix-hash --type sha256", fmt(tNix, 3), fmt(files / tNix, 0), "1.00"],
    ["castore hash --json", fmt(tOurs, 3), fmt(files / tOurs, 0), fmt(tOurs / tNix)],
  ],
);
