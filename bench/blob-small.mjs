// Many small blobs: `count` distinct random blobs of 0–4 KB put with 64 puts in flight through
// NatsBlobService (this process) → NATS → blob service (child process) → JetStream, next to raw
// `kv.put` of the same values with 64 in flight into a KV bucket on the same nats-server in the
// same run. Then the same puts again (every blob already present: only presence queries).
// For context, also the in-process JetStream backend (no service hop) and the memory backend
// (no NATS at all: the ceiling of the client-side pipeline — chunking, hashing, batching).
// Usage: node bench/blob-small.mjs [count=20000] [runs=3]
import { randomBytes, randomInt } from "node:crypto";
import { blake3 } from "@castore/core";
import { ChunkedBlobService, JetStreamChunkStore, NatsBlobService, memoryBlobService } from "@castore/blob";
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { fmt, median, table } from "./lib.mjs";
import { now, secondsSince, startBlobServerProcess, verdict, withBenchNats } from "./blob-lib.mjs";

const count = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 3);
const WINDOW = 64;
const values = Array.from({ length: count }, () => randomBytes(randomInt(0, 4097)));
const totalBytes = values.reduce((a, v) => a + v.length, 0);

/** Runs fn(i) for every value with WINDOW calls in flight; returns seconds. */
async function pool(fn) {
  const t0 = now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: WINDOW }, worker));
  return secondsSince(t0);
}

const t = { kv: [], nats: [], natsAgain: [], js: [], jsAgain: [], mem: [] };
let uploadedFirst = 0;
let skippedAgain = 0;
await withBenchNats(async ({ server, nc, children }) => {
  const kvm = new Kvm(jetstream(nc));
  for (let r = 0; r < runs; r++) {
    // Raw baseline: kv.put of the same values (keys: their BLAKE3 hex, as the store keys chunks).
    const keys = values.map((v) => Buffer.from(blake3(v)).toString("hex"));
    const kv = await kvm.create(`rawsmall${r}`, { history: 1 });
    t.kv.push(await pool((i) => kv.put(keys[i], values[i])));
    await kv.destroy();

    {
      const prefix = `bench.small${r}`;
      const srv = await startBlobServerProcess(server.url, prefix, children);
      const cnc = await connect({ servers: server.url, name: "bench-client" });
      const blobs = new NatsBlobService(cnc, { prefix });
      let up = 0;
      let skip = 0;
      t.nats.push(
        await pool(async (i) => {
          const res = await blobs.put(values[i]);
          up += res.chunksUploaded;
        }),
      );
      t.natsAgain.push(
        await pool(async (i) => {
          const res = await blobs.put(values[i]);
          skip += res.chunksSkipped;
        }),
      );
      uploadedFirst = up;
      skippedAgain = skip;
      await blobs.close();
      await cnc.close();
      await srv.stop();
    }

    {
      const cnc = await connect({ servers: server.url, name: "bench-inprocess" });
      const blobs = new ChunkedBlobService(await JetStreamChunkStore.open(cnc, { prefix: `bench.smalljs${r}` }));
      t.js.push(await pool((i) => blobs.put(values[i])));
      t.jsAgain.push(await pool((i) => blobs.put(values[i])));
      await blobs.close();
      await cnc.close();
    }

    {
      const blobs = memoryBlobService();
      t.mem.push(await pool((i) => blobs.put(values[i])));
      await blobs.close();
    }
  }
});

const m = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
const rate = (s) => count / s;
const base = rate(m.kv);
const row = (label, s) => [label, fmt(s, 2), fmt(rate(s), 0), fmt(rate(s) / base)];
console.log(
  `small blobs: ${count} distinct random blobs of 0–4096 bytes (${(totalBytes / 1e6).toFixed(1)} MB), ${WINDOW} puts in flight ` +
    `(issue goal size: 20000); median of ${runs} runs\n` +
    `client in this process, blob service in a child process (services/blob/dist/main.js), nats-server on a free port\n` +
    `chunks uploaded by the first NATS put: ${uploadedFirst}; skipped by the second: ${skippedAgain} (empty blobs are never sent)\n`,
);
table(
  ["case", "seconds", "blobs/s", "× raw kv.put"],
  [
    row("raw kv.put, 64 in flight", m.kv),
    row("NatsBlobService.put, first (all new)", m.nats),
    row("NatsBlobService.put, again (all present)", m.natsAgain),
    row("in-process ChunkedBlobService(JetStreamChunkStore).put, first", m.js),
    row("in-process ChunkedBlobService(JetStreamChunkStore).put, again", m.jsAgain),
    row("memoryBlobService().put (no NATS: client pipeline ceiling)", m.mem),
  ],
);
console.log("");
verdict("goal ≥ 5,000 blobs/s (first put through NATS)", rate(m.nats), rate(m.nats) >= 5000, `${fmt(rate(m.nats), 0)} blobs/s, ${fmt(rate(m.nats) / base)}× raw kv.put`);
verdict("goal ≥ 5,000 blobs/s (second put, all present)", rate(m.natsAgain), rate(m.natsAgain) >= 5000, `${fmt(rate(m.natsAgain), 0)} blobs/s`);
