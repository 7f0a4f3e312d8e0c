// Verified range reads (issue 11): a 1 MiB range at a random offset of a large blob, read through
// the blob service (a child process) with every 16 KiB group checked against the blob's BLAKE3 tree,
// against the same run's time for fetching one chunk (the floor of any read that touches the blob).
// Also a full verified read of the blob for its MB/s.
//   node bench/blob-range.mjs [sizeMiB=1024] [ranges=50]     (the size: 4096)
import { join } from "node:path";
import { B3Digest } from "@castore/core";
import { NatsBlobService, NatsChunkStore } from "@castore/blob";
import { MiB, fmt, median, table, tempDir } from "./lib.mjs";
import { drain, fileStream, mbps, now, secondsSince, startBlobServerProcess, withBenchNats, writeRandomFile } from "./blob-lib.mjs";

const sizeMiB = Number(process.argv[2] ?? 1024);
const ranges = Number(process.argv[3] ?? 50);
const work = tempDir("blob-range");
const file = join(work, "blob");
writeRandomFile(file, sizeMiB * MiB);

await withBenchNats(async ({ server, nc, children }) => {
  await startBlobServerProcess(server.url, "bench", children);
  const blobs = new NatsBlobService(nc, { prefix: "bench" });
  const chunks = new NatsChunkStore(nc, { prefix: "bench" });
  const { digest } = await blobs.put(fileStream(file));
  const st = await blobs.stat(digest);
  const size = Number(st.size);

  // Warm-up (connections, JIT), then alternate: one chunk fetch, one 1 MiB range.
  await drain(await blobs.read(digest, { offset: 0, length: MiB }));
  const chunkTimes = [];
  const rangeTimes = [];
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < ranges; i++) {
    const c = st.chunks[Math.floor(rand() * st.chunks.length)];
    let t0 = now();
    await chunks.getChunk(c.digest);
    chunkTimes.push(secondsSince(t0));
    const offset = Math.floor(rand() * (size - MiB));
    t0 = now();
    await drain(await blobs.read(digest, { offset, length: MiB }));
    rangeTimes.push(secondsSince(t0));
  }
  let t0 = now();
  await drain(await blobs.read(digest));
  const full = secondsSince(t0);
  // The same full read with direct reads (chunks straight from JetStream, verified the same).
  const direct = new NatsBlobService(nc, { prefix: "bench", directRead: true });
  t0 = now();
  await drain(await direct.read(digest));
  const fullDirect = secondsSince(t0);

  const c = median(chunkTimes);
  const r = median(rangeTimes);
  console.log(`blob of ${sizeMiB} MiB (${st.chunks.length} chunks), ${ranges} random 1 MiB ranges, blob service in a child process\n`);
  table(
    ["case", "ms (median)", "× one chunk fetch"],
    [
      ["one chunk fetch (get a random chunk, unverified)", fmt(c * 1000), "1.00"],
      ["1 MiB range at a random offset, verified through the tree", fmt(r * 1000), fmt(r / c)],
    ],
  );
  console.log(`\nfull verified read: ${fmt(full)} s, ${fmt(mbps(size, full), 0)} MB/s through the service; ${fmt(fullDirect)} s, ${fmt(mbps(size, fullDirect), 0)} MB/s with direct reads`);
  console.log(`goal: a 1 MiB range ≤ 3× one chunk fetch (digest ${B3Digest.fromBytes(digest.bytes).toHex().slice(0, 16)}…)`);
});
