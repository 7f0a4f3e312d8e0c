// `castore hash` of a 20k-file tree (whole process, CLI start included) next to
// `nix-hash --type sha256` of the same tree, in the same run. Median of several runs. The tree is
// the one of the issue "Trees at disk speed": `files` files of 0–4 KB in directories of 100, plus
// `big` files of 20 MB. `castore hash` of an empty directory shows the fixed cost (Node start-up
// and module loading) inside the figure.
// Usage: node bench/hash-tree.mjs [files=20000] [runs=5] [big=4]
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fmt, median, run, table, tempDir } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const files = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 5);
const big = Number(process.argv[4] ?? 4);
const dir = tempDir("hash-tree");
const root = join(dir, "tree");
const bytes = makeTree(root, { files, big, bigSize: 20 << 20 });
const empty = join(dir, "empty");
mkdirSync(empty);
const castore = new URL("../packages/cli/bin/castore.js", import.meta.url).pathname;

// Both must agree on the NAR hash, or the comparison means nothing.
const ours = JSON.parse(run(process.execPath, [castore, "hash", root, "--json"]));
const nix = run("nix-hash", ["--type", "sha256", "--base32", root]).trim();
if (ours.narHash !== `sha256:${nix}`) throw new Error(`NAR hash differs: castore ${ours.narHash}, nix-hash ${nix}`);

// Interleaved, after one untimed run of each, so that a change in machine load hits all alike.
const commands = {
  nix: ["nix-hash", ["--type", "sha256", root]],
  ours: [process.execPath, [castore, "hash", root, "--json"]],
  empty: [process.execPath, [castore, "hash", empty, "--json"]],
};
const times = { nix: [], ours: [], empty: [] };
for (const [cmd, args] of Object.values(commands)) run(cmd, args);
for (let i = 0; i < runs; i++) {
  for (const [key, [cmd, args]] of Object.entries(commands)) {
    const t0 = process.hrtime.bigint();
    run(cmd, args);
    times[key].push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
}
const tNix = median(times.nix);
const tOurs = median(times.ours);
const tEmpty = median(times.empty);

console.log(`tree: ${files} files + ${big} × 20 MB, ${(bytes / 1e6).toFixed(1)} MB; median of ${runs} runs, whole process\n`);
table(
  ["command", "seconds", "files/s", "× nix-hash time"],
  [
    ["nix-hash --type sha256", fmt(tNix, 3), fmt(files / tNix, 0), "1.00"],
    ["castore hash --json", fmt(tOurs, 3), fmt(files / tOurs, 0), fmt(tOurs / tNix)],
    ["castore hash --json (empty dir)", fmt(tEmpty, 3), "", fmt(tEmpty / tNix)],
  ],
);
