// The streaming NAR reader on a NAR of big and small files, next to `nix-store --restore` of
// the same NAR in the same run: restoring to disk, reading without writing, and a plain
// read + SHA-256 of the NAR file as the ceiling for a reader that hashes. Median of several runs.
// Usage: node bench/nar-reader.mjs [smallFiles=5000] [bigFiles=4] [bigMiB=64] [runs=3]
// Restores go to a temp dir, or below $NAR_BENCH_OUT (e.g. /dev/shm: a tmpfs shows the
// readers' own cost where a slow disk makes file creation dominate).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { readNar, restoreNar } from "@castore/core";
import { MiB, fmt, median, run, table, tempDir } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const smallFiles = Number(process.argv[2] ?? 5000);
const bigFiles = Number(process.argv[3] ?? 4);
const bigMiB = Number(process.argv[4] ?? 64);
const runs = Number(process.argv[5] ?? 3);

const env = { ...process.env, NIX_CONFIG: "experimental-features = nix-command\nsubstituters =" };
const dir = tempDir("nar-reader");
const root = join(dir, "tree");
makeTree(root, { files: smallFiles, big: bigFiles, bigSize: bigMiB * MiB });
const narPath = join(dir, "tree.nar");
{
  const out = openSync(narPath, "w");
  const r = spawnSync("nix-store", ["--dump", root], { env, stdio: ["ignore", out, "inherit"] });
  closeSync(out);
  if (r.status !== 0) throw new Error("nix-store --dump failed");
}
const narBytes = statSync(narPath).size;
const source = () => createReadStream(narPath, { highWaterMark: MiB });
const outDir = process.env.NAR_BENCH_OUT ? mkdtempSync(join(process.env.NAR_BENCH_OUT, "castore-bench-nar-reader-")) : dir;
process.on("exit", () => rmSync(outDir, { recursive: true, force: true }));
let outputs = 0;
const nextDest = () => join(outDir, `out-${outputs++}`);
const clearOutputs = () => {
  for (let i = 0; i < outputs; i++) rmSync(join(outDir, `out-${i}`), { recursive: true, force: true });
};

// The restores must agree with Nix, or the comparison means nothing.
const nixHash = run("nix-hash", ["--type", "sha256", "--flat", narPath], { env }).trim();
const dest = nextDest();
const summary = await restoreNar(source(), dest);
if (Buffer.from(summary.narSha256).toString("hex") !== nixHash) throw new Error("narSha256 differs from nix-hash");
if (run("nix-hash", ["--type", "sha256", dest], { env }).trim() !== nixHash) throw new Error("restored tree differs");
clearOutputs();

// Variants take turns within each round, so that disk write-back and other noise fall on all
// alike; outputs are removed and flushed between rounds, untimed.
const variants = {
  nix: () => {
    const input = openSync(narPath, "r");
    const r = spawnSync("nix-store", ["--restore", nextDest()], { env, stdio: [input, "ignore", "inherit"] });
    closeSync(input);
    if (r.status !== 0) throw new Error("nix-store --restore failed");
  },
  restore: () => restoreNar(source(), nextDest()),
  read: async () => {
    for await (const ev of readNar(source())) if (ev.type === "file") for await (const _ of ev.contents);
  },
  hash: async () => {
    const h = createHash("sha256");
    for await (const chunk of source()) h.update(chunk);
    h.digest();
  },
};
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let round = 0; round <= runs; round++) {
  for (const [name, fn] of Object.entries(variants)) {
    const t0 = process.hrtime.bigint();
    await fn();
    const t = Number(process.hrtime.bigint() - t0) / 1e9;
    if (round > 0) times[name].push(t); // round 0 warms up
    clearOutputs();
    spawnSync("sync");
  }
}
const [tNix, tRestore, tRead, tHash] = ["nix", "restore", "read", "hash"].map((k) => median(times[k]));

const mbs = (t) => fmt(narBytes / 1e6 / t, 0);
console.log(
  `NAR: ${(narBytes / 1e6).toFixed(1)} MB (${bigFiles} × ${bigMiB} MiB + ${smallFiles} small files); ` +
    `median of ${runs} runs; restores to ${outDir}\n`,
);
table(
  ["what", "seconds", "MB/s", "× nix-store --restore time"],
  [
    ["nix-store --restore (whole process)", fmt(tNix, 3), mbs(tNix), "1.00"],
    ["restoreNar (reader + writes)", fmt(tRestore, 3), mbs(tRestore), fmt(tRestore / tNix)],
    ["readNar, contents read, no writes", fmt(tRead, 3), mbs(tRead), fmt(tRead / tNix)],
    ["read file + SHA-256 only (ceiling)", fmt(tHash, 3), mbs(tHash), fmt(tHash / tNix)],
  ],
);
