// BLAKE3 throughput of castore's hashing module next to `b3sum --num-threads 1` on the same
// file, in the same run. Usage: node bench/blake3.mjs [sizeMiB=1024]
import { createReadStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomFillSync } from "node:crypto";
import { blake3, blake3Backend, createBlake3 } from "@castore/core";
import { MiB, fmt, run, table, tempDir, timeIt } from "./lib.mjs";

const sizeMiB = Number(process.argv[2] ?? 1024);
const size = sizeMiB * MiB;
const dir = tempDir("blake3");
const file = join(dir, "data");
const data = Buffer.allocUnsafe(size);
for (let i = 0; i < size; i += 64 * MiB) randomFillSync(data, i, Math.min(64 * MiB, size - i));
writeFileSync(file, data);

const expected = run("b3sum", ["--no-names", "--num-threads", "1", file]).trim();
if (Buffer.from(blake3(data)).toString("hex") !== expected) throw new Error("digest differs from b3sum");

const mbps = (bytes, s) => bytes / 1e6 / s;
// b3sum reads the file (page-cached after the first run); so does the streaming case below.
const tB3sum = await timeIt(() => run("b3sum", ["--no-names", "--num-threads", "1", file]), { runs: 5 });
const tOneShot = await timeIt(() => blake3(data), { runs: 5 });
const small = 4096;
const tSmall = await timeIt(
  () => {
    for (let off = 0; off + small <= size; off += small) blake3(data.subarray(off, off + small));
  },
  { runs: 3 },
);
const tStream = await timeIt(
  async () => {
    const h = createBlake3();
    for await (const piece of createReadStream(file, { highWaterMark: MiB })) h.update(piece);
    return h.digest();
  },
  { runs: 5 },
);

const base = mbps(size, tB3sum);
console.log(`BLAKE3 backend: ${blake3Backend}; ${sizeMiB} MiB of random data; median of 5 runs\n`);
table(
  ["case", "MB/s", "× b3sum --num-threads 1"],
  [
    ["b3sum --num-threads 1 (file, whole process)", fmt(base, 0), "1.00"],
    ["castore blake3(), one buffer", fmt(mbps(size, tOneShot), 0), fmt(mbps(size, tOneShot) / base)],
    ["castore createBlake3(), file streamed in 1 MiB pieces", fmt(mbps(size, tStream), 0), fmt(mbps(size, tStream) / base)],
    ["castore blake3(), many 4 KiB inputs", fmt(mbps(size, tSmall), 0), fmt(mbps(size, tSmall) / base)],
  ],
);
