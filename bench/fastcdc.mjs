// FastCDC chunking throughput at the tvix/snix sizes (128/256/512 KiB), next to native BLAKE3
// (@napi-rs/blake-hash, one thread) over the same buffer in the same run: every byte stored is
// both chunked and hashed, so chunker / BLAKE3 says which of the two bounds ingestion.
// Usage: npm run build -w @castore/core && node bench/fastcdc.mjs [sizeMiB=1024]
import { randomFillSync } from "node:crypto";
import { createRequire } from "node:module";
// The dist module directly, so this runs before index.ts re-exports the chunker.
import { FastCdc, chunk } from "../packages/core/dist/fastcdc.js";
import { MiB, fmt, table, timeIt } from "./lib.mjs";

const { blake3 } = createRequire(import.meta.url)("@napi-rs/blake-hash");

const sizeMiB = Number(process.argv[2] ?? 1024);
const size = sizeMiB * MiB;
const data = Buffer.allocUnsafe(size);
for (let i = 0; i < size; i += 64 * MiB) randomFillSync(data, i, Math.min(64 * MiB, size - i));

const cdc = new FastCdc();
let chunks = 0;

function cutAll() {
  chunks = 0;
  for (let s = 0; s < size; ) {
    s = cdc.cut(data, s);
    chunks++;
  }
}

async function streamAll() {
  async function* pieces() {
    for (let off = 0; off < size; off += MiB) yield data.subarray(off, off + MiB);
  }
  let n = 0;
  let bytes = 0;
  for await (const c of chunk(pieces())) {
    n++;
    bytes += c.length;
  }
  if (n !== chunks || bytes !== size) throw new Error(`streaming gave ${n} chunks, ${bytes} bytes`);
}

const runs = 3;
const tBlake3 = await timeIt(() => blake3(data), { runs });
const tCut = await timeIt(cutAll, { runs });
const tStream = await timeIt(streamAll, { runs });

const mbps = (s) => size / 1e6 / s;
const base = mbps(tBlake3);
console.log(
  `FastCDC ${cdc.minSize}/${cdc.avgSize}/${cdc.maxSize} on ${sizeMiB} MiB of random data, median of ${runs} runs: ` +
    `${chunks} chunks, mean ${fmt(size / chunks / 1024, 1)} KiB\n`,
);
table(
  ["case", "MB/s", "× native BLAKE3"],
  [
    ["native BLAKE3 blake3(), one buffer", fmt(base, 0), "1.00"],
    ["FastCdc.cut() over one buffer", fmt(mbps(tCut), 0), fmt(mbps(tCut) / base)],
    ["chunk() over 1 MiB pieces (async)", fmt(mbps(tStream), 0), fmt(mbps(tStream) / base)],
  ],
);
