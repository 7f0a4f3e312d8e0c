// Throughput of @castore/blake3-tree (the BLAKE3 tree above 16 KiB groups that verified ranges
// need) next to plain BLAKE3 digests on the same bytes, in the same run: b3sum --num-threads 1
// on a file (whole process) and @napi-rs/blake-hash (blake3() of @castore/core), which give the
// digest only. Every tree root is checked against b3sum. Each SIMD variant of the addon is
// timed too (the default is the widest this CPU runs).
// Usage: node bench/blake3-tree.mjs [sizeMiB=1024]
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomFillSync } from "node:crypto";
import { blake3 } from "@castore/core";
import { TreeHasher, groupCVs, native, reference, upperLevels, parentRoot } from "@castore/blake3-tree";
import { MiB, fmt, run, table, tempDir, timeIt } from "./lib.mjs";

if (!native) throw new Error("@castore/blake3-tree: the native addon is not built (run ./scripts/setup.sh)");
const sizeMiB = Number(process.argv[2] ?? 1024);
const size = sizeMiB * MiB;
const dir = tempDir("blake3-tree");
const file = join(dir, "data");
const data = Buffer.allocUnsafe(size);
for (let i = 0; i < size; i += 64 * MiB) randomFillSync(data, i, Math.min(64 * MiB, size - i));
writeFileSync(file, data);

const b3 = (...extra) => run("b3sum", ["--no-names", "--num-threads", "1", ...extra, file]).trim();
const expected = b3();
const hex = (b) => Buffer.from(b).toString("hex");
const check = (root, what) => {
  if (hex(root) !== expected) throw new Error(`${what}: root differs from b3sum`);
};

const mbps = (bytes, s) => bytes / 1e6 / s;
const runs = 5;
const tB3sum = await timeIt(() => b3(), { runs });
const tNapi = await timeIt(() => blake3(data), { runs });
check(blake3(data), "@napi-rs/blake-hash");

// groupCVs over the whole buffer, per SIMD variant; the tree's upper levels (1/512 of the
// work) and the root are added once to check the result.
const defaultSimd = native.simd();
const variants = [];
for (const v of native.simdAvailable()) {
  native.simd(v);
  const t = await timeIt(() => groupCVs(data, 0), { runs: v === "portable" ? 3 : runs });
  const levels = upperLevels(groupCVs(data, 0));
  const top = levels[levels.length - 1];
  check(parentRoot(top.subarray(0, 32), top.subarray(32)), `groupCVs (${v})`);
  variants.push([v, t]);
}
native.simd(defaultSimd);

// TreeHasher end to end, fed as a stream would feed it: 1 MiB pieces, and CDC-like pieces of
// 64 KiB + 1 byte (never group-aligned, so the hasher copies a partial group per update).
const streamed = (piece) => () => {
  const h = new TreeHasher();
  for (let off = 0; off < size; off += piece) h.update(data.subarray(off, off + piece));
  return h.finish();
};
const tTree1M = await timeIt(streamed(MiB), { runs });
check(streamed(MiB)().root, "TreeHasher");
const tTreeOdd = await timeIt(streamed(64 * 1024 + 1), { runs });
check(streamed(64 * 1024 + 1)().root, "TreeHasher (odd pieces)");

// The TypeScript reference on a 64 MiB slice (it would take minutes on 1 GiB).
const refBytes = Math.min(size, 64 * MiB);
const tRef = await timeIt(() => reference.groupCVs(data.subarray(0, refBytes), 0), { runs: 1 });

const base = mbps(size, tB3sum);
const row = (label, bytes, t) => [label, fmt(mbps(bytes, t), 0), fmt(mbps(bytes, t) / base)];
console.log(`${sizeMiB} MiB of random data; median of ${runs} runs; addon SIMD variant by default: ${defaultSimd}\n`);
table(
  ["case", "MB/s", "× b3sum --num-threads 1"],
  [
    ["b3sum --num-threads 1 (file, whole process)", fmt(base, 0), "1.00"],
    row("@napi-rs/blake-hash blake3(), one buffer (digest only)", size, tNapi),
    ...variants.map(([v, t]) => row(`groupCVs, one buffer, ${v}${v === defaultSimd ? " (default)" : ""}`, size, t)),
    row("TreeHasher, 1 MiB pieces (root + levels)", size, tTree1M),
    row("TreeHasher, 64 KiB + 1 pieces", size, tTreeOdd),
    row(`groupCVs, TypeScript reference (${refBytes / MiB} MiB)`, refBytes, tRef),
  ],
);
const napi = mbps(size, tNapi);
console.log(`\ngroupCVs (${defaultSimd}) / @napi-rs/blake-hash: ${fmt(mbps(size, variants[0][1]) / napi)}; TreeHasher (1 MiB pieces) / @napi-rs/blake-hash: ${fmt(mbps(size, tTree1M) / napi)}`);
