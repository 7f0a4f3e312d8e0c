// Blob put and read throughput through the whole stack — NatsBlobService (this process) → NATS →
// blob service (a child process, services/blob/dist/main.js) → JetStream — next to raw
// JetStream on the same nats-server in the same run: js.publish of the same bytes as 256 KiB
// messages with 64 in flight, and an ordered-consumer read of that stream. For context also the
// in-process JetStream backend (ChunkedBlobService over JetStreamChunkStore, no service hop)
// and the `castore blob put` / `castore cat` commands as whole processes.
// Every put goes to a fresh prefix (fresh buckets), so nothing is deduplicated. Cases are
// interleaved run by run; the table shows medians, the spread, and the CPU seconds each process
// spent (a steadier figure than wall time on a noisy machine).
// Usage: node bench/blob-put-cat.mjs [sizeMiB=512] [runs=3]
import { join } from "node:path";
import { B3Digest, bucketName, createBlake3 } from "@castore/core";
import { ChunkedBlobService, JetStreamChunkStore, NatsBlobService } from "@castore/blob";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { MiB, fmt, median, table, tempDir } from "./lib.mjs";
import {
  castoreBin,
  cpuSecondsOf,
  drain,
  fileStream,
  mbps,
  now,
  ownCpuSeconds,
  rawOrderedRead,
  rawPublishFile,
  rawStream,
  runTimed,
  secondsSince,
  startBlobServerProcess,
  verdict,
  withBenchNats,
  writeRandomFile,
} from "./blob-lib.mjs";

const sizeMiB = Number(process.argv[2] ?? 512);
const runs = Number(process.argv[3] ?? 3);
const size = sizeMiB * MiB;
const file = join(tempDir("blob-put-cat"), "data");
writeRandomFile(file, size);
const h = createBlake3();
for await (const piece of fileStream(file)) h.update(piece);
const expected = B3Digest.fromBytes(h.digest());

/** case -> [{ s, client, svc, nats }] (CPU seconds; client = this process, NaN for the CLI). */
const samples = {};

async function measure(key, pids, fn) {
  const c0 = ownCpuSeconds();
  const p0 = [pids.nats, pids.svc].map((p) => (p ? cpuSecondsOf(p) : NaN));
  const t0 = now();
  const r = await fn();
  const s = secondsSince(t0);
  const [nats, svc] = [pids.nats, pids.svc].map((p, i) => (p ? cpuSecondsOf(p) - p0[i] : NaN));
  (samples[key] ??= []).push({ s, client: pids.external ? NaN : ownCpuSeconds() - c0, svc, nats });
  return r;
}

/** Times the store's commitBlob calls (the service re-reads and re-hashes every chunk there). */
function timeCommits(blobs, key) {
  const store = blobs.store;
  const commit = store.commitBlob.bind(store);
  store.commitBlob = async (...args) => {
    const t0 = now();
    try {
      return await commit(...args);
    } finally {
      (commits[key] ??= []).push(secondsSince(t0));
    }
  };
  return blobs;
}
const commits = {};

const check = (what, got, want) => {
  if (got !== want) throw new Error(`${what}: got ${got}, expected ${want}`);
};

/** Drops the buckets of a prefix once its run is over (keeps the disk use of long runs flat). */
async function dropBuckets(nc, prefix) {
  const jsm = await jetstreamManager(nc);
  for (const kind of ["chunks", "chunksizes", "blobs", "commits"]) {
    await jsm.streams.delete(`KV_${bucketName(prefix, kind)}`).catch(() => {});
  }
}

let cliSkipped = null;
let serverVersion = "?";
await withBenchNats(async ({ server, nc, children }) => {
  serverVersion = nc.info?.version ?? "?";
  const nats = server.pid;
  for (let r = 0; r < runs; r++) {
    // Raw JetStream baseline.
    const raw = await rawStream(nc, "RAWBENCH", "rawbench.data");
    check("raw put bytes", await measure("rawPut", { nats }, () => rawPublishFile(raw.js, "rawbench.data", file)), size);
    check("raw read bytes", await measure("rawRead", { nats }, () => rawOrderedRead(raw.js, "RAWBENCH", size)), size);
    await raw.drop();

    // Client → NATS → blob service (child process) → JetStream.
    {
      const prefix = `bench.nats${r}`;
      const srv = await startBlobServerProcess(server.url, prefix, children);
      const cnc = await connect({ servers: server.url, name: "bench-client" });
      const blobs = timeCommits(new NatsBlobService(cnc, { prefix }), "natsPut");
      const pids = { nats, svc: srv.pid };
      const put = await measure("natsPut", pids, () => blobs.put(fileStream(file)));
      check("nats put digest", put.digest.toHex(), expected.toHex());
      check("nats put bytesUploaded", put.bytesUploaded, size);
      check("nats read bytes", await measure("natsRead", pids, async () => drain(await blobs.read(expected))), size);
      // Again: nats-server now has the chunk stream's blocks and per-subject index loaded (the
      // first read after a session put, which reads nothing back, is the one that loads them).
      check("nats read bytes", await measure("natsRead2", pids, async () => drain(await blobs.read(expected))), size);
      await blobs.close();
      await cnc.close();
      await srv.stop();
      await dropBuckets(nc, prefix);
    }

    // In-process JetStream backend: the same pipeline straight on the buckets.
    {
      const prefix = `bench.js${r}`;
      const cnc = await connect({ servers: server.url, name: "bench-inprocess" });
      const blobs = timeCommits(new ChunkedBlobService(await JetStreamChunkStore.open(cnc, { prefix })), "jsPut");
      const put = await measure("jsPut", { nats }, () => blobs.put(fileStream(file)));
      check("jetstream put digest", put.digest.toHex(), expected.toHex());
      check("jetstream read bytes", await measure("jsRead", { nats }, async () => drain(await blobs.read(expected))), size);
      await blobs.close();
      await cnc.close();
      await dropBuckets(nc, prefix);
    }

    // The CLI, whole process (start-up included), against a blob service child process.
    if (cliSkipped === null) {
      const prefix = `bench.cli${r}`;
      const srv = await startBlobServerProcess(server.url, prefix, children);
      const pids = { nats, svc: srv.pid, external: true };
      try {
        const common = ["--nats", server.url, "--prefix", prefix];
        const env = { CASTORE_LOG_LEVEL: "warn" };
        const put = await measure("cliPut", pids, () =>
          runTimed(process.execPath, [castoreBin, "blob", "put", file, "--json", ...common], { env }),
        );
        check("cli put digest", JSON.parse(put.stdout).digest, expected.toHex());
        await measure("cliCat", pids, () =>
          runTimed(process.execPath, [castoreBin, "cat", expected.toHex(), ...common], { stdoutToNull: true, env }),
        );
      } catch (e) {
        cliSkipped = String(e.message ?? e).split("\n")[0];
        delete samples.cliPut;
        delete samples.cliCat;
      } finally {
        await srv.stop();
        await dropBuckets(nc, prefix);
      }
    }
  }
});

const med = (key, field) => median(samples[key].map((x) => x[field]));
const base = { put: mbps(size, med("rawPut", "s")), read: mbps(size, med("rawRead", "s")) };
const cpu = (x) => (Number.isNaN(x) ? "-" : fmt(x, 1));
const row = (label, key, kind) => {
  const ss = samples[key].map((x) => x.s);
  const s = median(ss);
  return [
    label,
    fmt(s, 2),
    `${fmt(Math.min(...ss), 2)}–${fmt(Math.max(...ss), 2)}`,
    fmt(mbps(size, s), 0),
    fmt(mbps(size, s) / base[kind]),
    `${cpu(med(key, "client"))} / ${cpu(med(key, "svc"))} / ${cpu(med(key, "nats"))}`,
  ];
};

console.log(
  `blob put/read: ${sizeMiB} MiB of random data (issue goal size: 512 MiB); median of ${runs} interleaved runs; ` +
    `nats-server ${serverVersion} on a free port, temp store\n` +
    `client in this process; blob service in a child process (services/blob/dist/main.js)\n`,
);
const rows = [
  row("raw js.publish, 256 KiB msgs, 64 in flight", "rawPut", "put"),
  row("NatsBlobService.put → blob service → JetStream", "natsPut", "put"),
  row("in-process ChunkedBlobService(JetStreamChunkStore).put", "jsPut", "put"),
];
if (samples.cliPut) rows.push(row("`castore blob put FILE --nats` (whole process)", "cliPut", "put"));
rows.push(
  row("raw ordered-consumer read", "rawRead", "read"),
  row("NatsBlobService.read, fully consumed (relayed)", "natsRead", "read"),
  row("NatsBlobService.read again (nats-server cache warm)", "natsRead2", "read"),
  row("in-process ChunkedBlobService(JetStreamChunkStore).read", "jsRead", "read"),
);
if (samples.cliCat) rows.push(row("`castore cat DIGEST --nats > /dev/null` (whole process)", "cliCat", "read"));
table(["case", "s (median)", "s (min–max)", "MB/s", "× raw", "CPU s: client / blob svc / nats-server"], rows);
console.log("\n× raw: put rows against raw publish, read rows against the raw ordered read.");
for (const [key, label] of [["natsPut", "NatsBlobService.put"], ["jsPut", "in-process put"]]) {
  if (!commits[key]) {
    console.log(`${label}: committed through a put session (the replica hashed the blob as it arrived): no read-back commit`);
    continue;
  }
  const c = median(commits[key]);
  const share = c / med(key, "s");
  console.log(`${label}: the final commit (blob digest verified by re-reading every chunk) took ${fmt(c, 2)} s median, ${fmt(100 * share, 0)} % of the put`);
}
if (cliSkipped) console.log(`CLI rows skipped: ${cliSkipped}`);
console.log("");
const putRatio = mbps(size, med("natsPut", "s")) / base.put;
const readRatio = mbps(size, med("natsRead", "s")) / base.read;
verdict("put goal ≥ 0.5× raw publish", putRatio, putRatio >= 0.5, `${fmt(putRatio)}×`);
verdict("read goal ≥ 0.5× raw ordered read", readRatio, readRatio >= 0.5, `${fmt(readRatio)}×`);
if (samples.cliCat) {
  const c = mbps(size, med("cliCat", "s")) / base.read;
  verdict("`castore cat` goal ≥ 0.5× raw ordered read", c, c >= 0.5, `${fmt(c)}×`);
}
