// Memory of a directory upload: how much the side that validates and stores an upload holds.
// A two-level tree like bench/million.mjs's: LEAVES directories of ENTRIES files each, under
// ceil(LEAVES/100) middle directories, under one root, uploaded leaves to root by a putter. The
// directories are made as they are sent (never all held by the sender). Each case runs in a
// fresh process and reports that process's peak RSS (VmHWM) over its idle RSS after start-up,
// and its peak V8 heap (sampled every 5 ms):
//   generate   only making the directories, stored nowhere: what the in-process cases spend as
//              senders, before anything is validated or stored
//   memory     StoreDirectoryService(MemoryDirectoryStore) in process (the store keeps every
//              Directory: its final heap is reported too)
//   jetstream  StoreDirectoryService(JetStreamDirectoryStore) in process, on a private nats-server
//   service    the directory service (JetStream store) in a child process, the client
//              (NatsDirectoryService) here; the service process is measured
// With LIVE_MS=N in the environment the measured processes also collect garbage every N ms
// (--expose-gc) and report the largest heap left after one: what is really held, not what the
// collector has not yet reclaimed (this lowers the peaks it is measured beside).
// Usage: node bench/directory-upload.mjs [leaves=10000] [entries=100] [cases=generate,memory,jetstream,service]
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { getHeapStatistics } from "node:v8";
import { B3Digest, Directory, directoryNode, fileNode } from "@castore/core";
import { fmt, table } from "./lib.mjs";

const self = new URL(import.meta.url).pathname;
const MB = 1e6;

/** VmHWM / VmRSS of this process in bytes. */
function procStatus() {
  const s = readFileSync("/proc/self/status", "utf8");
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)[1]) * 1024;
  return { hwm: kb("VmHWM"), rss: kb("VmRSS") };
}

const LIVE_MS = Number(process.env.LIVE_MS ?? 0);
const execArgv = LIVE_MS > 0 ? ["--expose-gc"] : [];

/**
 * Samples heapUsed every 5 ms (and, with LIVE_MS, the heap after a collection); returns a
 * function that stops and gives the peaks.
 */
function heapPeak() {
  let peak = getHeapStatistics().used_heap_size;
  let live = 0;
  const t = setInterval(() => (peak = Math.max(peak, getHeapStatistics().used_heap_size)), 5);
  const g = LIVE_MS > 0 ? setInterval(() => (globalThis.gc(), (live = Math.max(live, getHeapStatistics().used_heap_size))), LIVE_MS) : null;
  return () => {
    clearInterval(t);
    if (g !== null) {
      clearInterval(g);
      globalThis.gc();
      live = Math.max(live, getHeapStatistics().used_heap_size);
    }
    return { peakHeap: Math.max(peak, getHeapStatistics().used_heap_size), liveHeap: live };
  };
}

/** A distinct file digest per (directory, entry); not the hash of anything (nothing checks). */
function fileDigest(i, k) {
  const b = new Uint8Array(32);
  const v = new DataView(b.buffer);
  v.setUint32(0, i);
  v.setUint32(4, k);
  return B3Digest.fromBytes(b);
}

/** The tree, leaves to root, made as it is consumed. */
function* tree(leaves, entries) {
  const fanout = 100;
  const mids = [];
  let edges = [];
  for (let i = 0; i < leaves; i++) {
    const files = Array.from({ length: entries }, (_, k) =>
      fileNode(`file-${String(k).padStart(4, "0")}`, fileDigest(i, k), (i * 7 + k) % 1025),
    );
    const leaf = Directory.fromEntries(files);
    yield leaf;
    edges.push(directoryNode(`d${String(i % fanout).padStart(3, "0")}`, leaf.digest(), leaf.size()));
    if (edges.length === fanout || i === leaves - 1) {
      const mid = Directory.fromEntries(edges);
      yield mid;
      mids.push(directoryNode(`m${String(mids.length).padStart(6, "0")}`, mid.digest(), mid.size()));
      edges = [];
    }
  }
  yield Directory.fromEntries(mids);
}

async function upload(dirs, leaves, entries) {
  const p = dirs.putter();
  let n = 0;
  for (const d of tree(leaves, entries)) {
    await p.put(d);
    n++;
  }
  await p.close();
  return n;
}

const [mode, ...args] = process.argv.slice(2);

if (mode === "--case") {
  // One case in a fresh process; prints one JSON line.
  const [name, url, leavesArg, entriesArg] = args;
  const leaves = Number(leavesArg);
  const entries = Number(entriesArg);
  const { StoreDirectoryService, MemoryDirectoryStore, JetStreamDirectoryStore } = await import("@castore/directory");
  const { ChunkedBlobService, MemoryChunkStore } = await import("@castore/blob");
  let nc = null;
  let store;
  if (name === "generate") store = null;
  else if (name === "memory") store = new MemoryDirectoryStore();
  else {
    const { connect } = await import("@nats-io/transport-node");
    nc = await connect({ servers: url });
    store = await JetStreamDirectoryStore.open(nc, { prefix: `bench${process.pid}`, blobs: new ChunkedBlobService(new MemoryChunkStore()) });
  }
  const nowhere = { putter: () => ({ put: async () => {}, close: async () => null }) };
  const dirs = store === null ? nowhere : new StoreDirectoryService(store);
  const idle = procStatus().rss;
  const stop = heapPeak();
  const t0 = process.hrtime.bigint();
  const n = await upload(dirs, leaves, entries);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const peaks = stop();
  const finalHeap = getHeapStatistics().used_heap_size;
  console.log(JSON.stringify({ n, seconds, idle, hwm: procStatus().hwm, ...peaks, finalHeap }));
  await nc?.close();
} else if (mode === "--serve") {
  // The directory service, measured on request.
  const { ChunkedBlobService, JetStreamChunkStore, startBlobServer } = await import("@castore/blob");
  const { JetStreamDirectoryStore, startDirectoryServer } = await import("@castore/directory");
  const { connect } = await import("@nats-io/transport-node");
  const nc = await connect({ servers: args[0] });
  const chunks = await JetStreamChunkStore.open(nc, { prefix: "bench" });
  const blobs = new ChunkedBlobService(chunks);
  const b = await startBlobServer(nc, { prefix: "bench", store: chunks });
  const d = await startDirectoryServer(nc, { prefix: "bench", store: await JetStreamDirectoryStore.open(nc, { prefix: "bench", blobs }), blobs });
  const idle = procStatus().rss;
  const stop = heapPeak();
  process.send?.("ready");
  process.on("message", async () => {
    const peaks = stop();
    process.send?.({ idle, hwm: procStatus().hwm, ...peaks, finalHeap: getHeapStatistics().used_heap_size });
    await d.stop();
    await b.stop();
    await nc.close();
    process.exit(0);
  });
} else {
  const leaves = Number(mode ?? 10_000);
  const entries = Number(args[0] ?? 100);
  const cases = (args[1] ?? "generate,memory,jetstream,service").split(",");
  const { startNatsServer } = await import("@castore/nats-server");
  const server = await startNatsServer();
  const rows = [];
  try {
    for (const name of cases) {
      let r;
      if (name === "service") {
        const child = fork(self, ["--serve", server.url], { execArgv });
        await new Promise((resolve, reject) => {
          child.once("message", resolve);
          child.once("exit", (c) => reject(new Error(`service process exited ${c}`)));
        });
        const { connect } = await import("@nats-io/transport-node");
        const { NatsDirectoryService } = await import("@castore/directory");
        const { NatsBlobService } = await import("@castore/blob");
        const nc = await connect({ servers: server.url });
        const t0 = process.hrtime.bigint();
        const n = await upload(new NatsDirectoryService(nc, { prefix: "bench", blobs: new NatsBlobService(nc, { prefix: "bench" }) }), leaves, entries);
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const stats = new Promise((resolve) => child.once("message", resolve));
        child.send("stop");
        r = { n, seconds, ...(await stats) };
        await nc.close();
      } else {
        const child = fork(self, ["--case", name, server.url, String(leaves), String(entries)], { execArgv, stdio: ["ignore", "pipe", "inherit", "ipc"] });
        let out = "";
        child.stdout.on("data", (b) => (out += b));
        const code = await new Promise((resolve) => child.once("exit", resolve));
        if (code !== 0) throw new Error(`case ${name} exited ${code}`);
        r = JSON.parse(out.trim().split("\n").pop());
      }
      const live = LIVE_MS > 0 ? [fmt(r.liveHeap / MB, 0)] : [];
      rows.push([name, r.n, fmt(r.seconds, 1), fmt(r.idle / MB, 0), fmt(r.hwm / MB, 0), fmt((r.hwm - r.idle) / MB, 0), fmt(r.peakHeap / MB, 0), ...live, fmt(r.finalHeap / MB, 0)]);
    }
  } finally {
    await server.stop();
  }
  console.log(`upload of ${leaves} directories × ${entries} files (+ middles and root); the measured process is the one that validates and stores\n`);
  const live = LIVE_MS > 0 ? [`live heap MB (gc every ${LIVE_MS} ms)`] : [];
  table(["case", "directories", "seconds", "idle RSS MB", "peak RSS MB", "peak − idle MB", "peak heap MB", ...live, "heap after MB"], rows);
}
