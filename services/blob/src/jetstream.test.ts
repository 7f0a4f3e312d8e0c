import assert from "node:assert/strict";
import { test } from "node:test";
import { B3Digest } from "@castore/core";
import { pseudoRandomBytes } from "@castore/core/testing";
import { withNatsProcess, withNatsServer } from "@castore/nats-server";
import { connect } from "@nats-io/transport-node";
import { ChunkedBlobService } from "./chunked.js";
import { describeBlobService, readAll } from "./conformance.js";
import { JetStreamChunkStore } from "./jetstream.js";

describeBlobService("jetstream", async (scope) => {
  const server = await withNatsServer(scope);
  const nc = await connect({ servers: server.url });
  scope.after(() => nc.close());
  const store = await JetStreamChunkStore.open(nc, { prefix: "conformance" });
  return { blobs: new ChunkedBlobService(store), store, tamper: (d, b) => store.tamper(d, b), hooks: store };
});

test("two prefixes on one NATS never see each other's blobs", async (t) => {
  const server = await withNatsServer(t);
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const a = new ChunkedBlobService(await JetStreamChunkStore.open(nc, { prefix: "tenant.a" }));
  const b = new ChunkedBlobService(await JetStreamChunkStore.open(nc, { prefix: "tenant_a" }));
  const { digest } = await a.put(pseudoRandomBytes(300_000, 1));
  assert.ok(await a.has(digest));
  assert.equal(await b.has(digest), false);
});

test("blobs survive a restart of the server", async (t) => {
  const server = await withNatsProcess(t);
  const data = pseudoRandomBytes(1_500_000, 2);
  let nc = await connect({ servers: server.url });
  const { digest } = await new ChunkedBlobService(await JetStreamChunkStore.open(nc, { prefix: "castore" })).put(data);
  await nc.close();
  await server.restart();
  nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const blobs = new ChunkedBlobService(await JetStreamChunkStore.open(nc, { prefix: "castore" }));
  assert.ok((await readAll((await blobs.read(digest))!)).equals(Buffer.from(data)));
});

test("a server whose max_payload cannot carry a chunk is refused with a clear error", async (t) => {
  const server = await withNatsServer(t, { maxPayload: 256 * 1024 });
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  await assert.rejects(JetStreamChunkStore.open(nc, { prefix: "castore" }), /max_payload is 262144 bytes/);
});

test("a blob whose chunk list spans several index parts reads back", async (t) => {
  // Force a long chunk list cheaply: commit 8200+ references to the same two stored chunks.
  const server = await withNatsServer(t);
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const store = await JetStreamChunkStore.open(nc, { prefix: "castore" });
  const a = pseudoRandomBytes(128 * 1024, 3);
  const da = (await store.putChunks([a]))[0]!.digest;
  const n = 8200;
  const chunks = Array.from({ length: n }, () => ({ digest: da, size: a.length }));
  const whole = Buffer.concat(Array.from({ length: n }, () => Buffer.from(a)));
  const digest = B3Digest.of(whole);
  await store.commitBlob(digest, chunks);
  const st = await store.statBlob(digest);
  assert.equal(st?.chunks.length, n);
  assert.equal(st?.size, BigInt(whole.length));
});

