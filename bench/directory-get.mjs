// Recursive get of a directory closure through the NATS directory service (client-side
// breadth-first walk over batch gets), next to raw `kv.get` of the same records with the same
// concurrency on the same nats-server, in the same run. The services run in a child process
// so client and server do not share one event loop.
// Usage: node bench/directory-get.mjs [directories=10000] [runs=3]
import { fork } from "node:child_process";
import { Directory, directoryNode, fileNode } from "@castore/core";
import { mapConcurrent } from "@castore/service-kit";
import { EMPTY_BLOB_DIGEST } from "@castore/core/testing";
import { NatsBlobService } from "@castore/blob";
import { NatsDirectoryService } from "@castore/directory";
import { startNatsServer } from "@castore/nats-server";
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { connect } from "@nats-io/transport-node";
import { fmt, table, timeIt } from "./lib.mjs";

if (process.argv[2] === "--serve") {
  // Child: host the blob and directory services on the given server until told to stop.
  const { ChunkedBlobService, JetStreamChunkStore, startBlobServer } = await import("@castore/blob");
  const { JetStreamDirectoryStore, startDirectoryServer } = await import("@castore/directory");
  const nc = await connect({ servers: process.argv[3] });
  const chunks = await JetStreamChunkStore.open(nc, { prefix: "bench" });
  const blobs = new ChunkedBlobService(chunks);
  const b = await startBlobServer(nc, { prefix: "bench", store: chunks });
  const d = await startDirectoryServer(nc, { prefix: "bench", store: await JetStreamDirectoryStore.open(nc, { prefix: "bench", blobs }), blobs });
  process.send?.("ready");
  process.on("message", async () => {
    await d.stop();
    await b.stop();
    await nc.close();
    process.exit(0);
  });
} else {
  const n = Number(process.argv[2] ?? 10_000);
  const runs = Number(process.argv[3] ?? 3);
  const server = await startNatsServer();
  const child = fork(new URL(import.meta.url).pathname, ["--serve", server.url]);
  try {
    await new Promise((resolve, reject) => {
      child.once("message", resolve);
      child.once("exit", (c) => reject(new Error(`service process exited ${c}`)));
    });
    const nc = await connect({ servers: server.url });
    const dirs = new NatsDirectoryService(nc, { prefix: "bench", blobs: new NatsBlobService(nc, { prefix: "bench" }) });

    // A two-level closure: n-1-m leaves under m middle directories under one root.
    const fanout = 100;
    const leaves = Array.from({ length: n - 1 - Math.ceil((n - 1) / (fanout + 1)) }, (_, i) =>
      Directory.fromEntries([fileNode(`f${i}`, EMPTY_BLOB_DIGEST, 0)]),
    );
    const mids = [];
    for (let i = 0; i < leaves.length; i += fanout) {
      mids.push(Directory.fromEntries(leaves.slice(i, i + fanout).map((l, k) => directoryNode(`l${k}`, l.digest(), l.size()))));
    }
    const root = Directory.fromEntries(mids.map((m, k) => directoryNode(`m${k}`, m.digest(), m.size())));
    const all = [...leaves, ...mids, root];
    const t0 = process.hrtime.bigint();
    const p = dirs.putter();
    for (const d of all) await p.put(d);
    await p.close();
    const tPut = Number(process.hrtime.bigint() - t0) / 1e9;

    const tOurs = await timeIt(async () => {
      let count = 0;
      for await (const _ of dirs.getRecursive(root.digest())) count++;
      if (count !== all.length) throw new Error(`got ${count} directories, expected ${all.length}`);
    }, { runs });

    // Baseline: the same records straight from the KV bucket, 64 gets in flight (what the
    // service's store does per batch), without NATS request/reply or verification.
    const kv = await new Kvm(jetstream(nc)).open("castore-dirs_bench");
    const keys = all.map((d) => d.digest().toHex());
    const tRaw = await timeIt(() => mapConcurrent(keys, 64, (k) => kv.get(k)), { runs });

    console.log(`closure: ${all.length} directories; median of ${runs} runs; services in a child process\n`);
    table(
      ["operation", "seconds", "directories/s", "× raw kv.get"],
      [
        ["raw kv.get, 64 in flight", fmt(tRaw, 3), fmt(all.length / tRaw, 0), "1.00"],
        ["castore getRecursive over NATS (verified, BFS)", fmt(tOurs, 3), fmt(all.length / tOurs, 0), fmt(tRaw / tOurs)],
        ["castore putter (upload, validate, write)", fmt(tPut, 3), fmt(all.length / tPut, 0), "—"],
      ],
    );
    console.log(`\ngoal ≥ 10,000 directories/s for the recursive get: ${all.length / tOurs >= 10_000 ? "met" : "not met"}`);
    await nc.close();
  } finally {
    child.send("stop");
    await new Promise((r) => child.once("exit", r));
    await server.stop();
  }
}
