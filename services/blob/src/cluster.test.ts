import assert from "node:assert/strict";
import { test } from "node:test";
import { B3Digest } from "@castore/core";
import { pseudoRandomBytes } from "@castore/core/testing";
import { withNatsCluster } from "@castore/nats-server";
import { connect } from "@nats-io/transport-node";
import { NatsBlobService } from "./client.js";
import { readAll } from "./conformance.js";
import { JetStreamChunkStore } from "./jetstream.js";
import { startBlobServer } from "./server.js";

test("on a 3-node cluster with R3 buckets, blobs stay readable with one node down", async (t) => {
  const cluster = await withNatsCluster(t, { size: 3 });
  // One service replica per node, each connected to its own node.
  for (const url of cluster.urls) {
    const nc = await connect({ servers: url, noAsyncTraces: true });
    t.after(() => nc.close().catch(() => {}));
    const store = await JetStreamChunkStore.open(nc, { prefix: "castore", replicas: 3 });
    const svc = await startBlobServer(nc, { prefix: "castore", store, replicas: 3 });
    t.after(() => svc.stop().catch(() => {}));
  }
  const writer = await connect({ servers: cluster.urls[0]!, noAsyncTraces: true });
  t.after(() => writer.close().catch(() => {}));
  const data = pseudoRandomBytes(3 << 20, 5);
  const { digest } = await new NatsBlobService(writer, { prefix: "castore" }).put(data);
  assert.ok(digest.equals(B3Digest.of(data)));

  // Stop the node the writer used (and with it that node's service replica's connection).
  await cluster.servers[0]!.stop();
  const reader = await connect({ servers: cluster.urls[2]!, noAsyncTraces: true });
  t.after(() => reader.close().catch(() => {}));
  const blobs = new NatsBlobService(reader, { prefix: "castore", timeoutMs: 3000 });
  const back = await readAll((await blobs.read(digest))!);
  assert.ok(back.equals(Buffer.from(data)));
  // And writes still work with two of three nodes.
  const more = pseudoRandomBytes(1 << 20, 6);
  assert.ok((await blobs.put(more)).digest.equals(B3Digest.of(more)));
});
