// Direct-read mode: a client allowed to read the chunk bucket fetches chunks with JetStream direct
// gets instead of through the service (and verifies them the same); one that is not allowed is
// refused with a message saying which permission it lacks — and reads fine through the service.
// Relayed reads (the default): the service has JetStream send chunks straight to the client.
import assert from "node:assert/strict";
import { test } from "node:test";
import { pseudoRandomBytes } from "@castore/core/testing";
import { withNatsServer } from "@castore/nats-server";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { NatsBlobService } from "./client.js";
import { readAll } from "./conformance.js";
import { JetStreamChunkStore } from "./jetstream.js";
import { startBlobServer } from "./server.js";
import { MemoryChunkStore } from "./memory.js";
import { MemoryPageStaging } from "@castore/service-kit";
import { castore } from "@castore/proto";
import { B3Digest } from "@castore/core";

// Users of one account with JetStream: the service (everything), a reader allowed direct gets on
// the chunk bucket, and a client allowed only the castore subjects.
const ACCOUNTS = `
accounts {
  APP {
    jetstream: enabled
    users: [
      { user: svc, password: svc }
      { user: direct, password: direct, permissions: {
          publish: { allow: ["castore.>", "$JS.API.DIRECT.GET.KV_castore-chunks_castore", "$JS.API.DIRECT.GET.KV_castore-chunks_castore.>"] },
          subscribe: { allow: ["_INBOX.>"] } } }
      { user: plain, password: plain, permissions: {
          publish: { allow: ["castore.>"] },
          subscribe: { allow: ["_INBOX.>"] } } }
    ]
  }
}
`;

/** Requests the service answered so far on the named endpoints ($SRV.STATS). */
async function endpointRequests(nc: NatsConnection, names: readonly string[]): Promise<number> {
  const m = await nc.request("$SRV.STATS.castore-blob", new Uint8Array(0), { timeout: 2000 });
  const stats = JSON.parse(new TextDecoder().decode(m.data)) as { endpoints: { name: string; num_requests: number }[] };
  return stats.endpoints.filter((e) => names.includes(e.name)).reduce((a, e) => a + e.num_requests, 0);
}

const chunkRequests = (nc: NatsConnection) => endpointRequests(nc, ["chunk", "getChunk"]);

test("direct reads skip the service for chunks; without the permission they are refused, saying which", async (t) => {
  const server = await withNatsServer(t, { extraConfig: ACCOUNTS });
  const svcNc = await connect({ servers: server.url, user: "svc", pass: "svc" });
  t.after(() => svcNc.close());
  const store = await JetStreamChunkStore.open(svcNc, { prefix: "castore" });
  const svc = await startBlobServer(svcNc, { prefix: "castore", store });
  t.after(() => svc.stop());
  const data = Buffer.from(pseudoRandomBytes(1_500_000, 31));
  const { digest } = await new NatsBlobService(svcNc, { prefix: "castore" }).put(data);

  const directNc = await connect({ servers: server.url, user: "direct", pass: "direct" });
  t.after(() => directNc.close());
  const before = await chunkRequests(svcNc);
  const direct = new NatsBlobService(directNc, { prefix: "castore", directRead: true });
  assert.ok((await readAll((await direct.read(digest))!)).equals(data));
  assert.ok((await readAll((await direct.read(digest, { offset: 700_000, length: 5000 }))!)).equals(data.subarray(700_000, 705_000)));
  assert.equal(await chunkRequests(svcNc), before, "no chunk went through the service");

  const plainNc = await connect({ servers: server.url, user: "plain", pass: "plain" });
  t.after(() => plainNc.close());
  const refused = new NatsBlobService(plainNc, { prefix: "castore", directRead: true, timeoutMs: 2000 });
  await assert.rejects(
    (async () => readAll((await refused.read(digest))!))(),
    /direct reads of the chunk bucket castore-chunks_castore are not possible with this NATS user .*grant publish on \$JS\.API\.DIRECT\.GET\.KV_castore-chunks_castore/,
  );
  const viaService = new NatsBlobService(plainNc, { prefix: "castore" });
  assert.ok((await readAll((await viaService.read(digest))!)).equals(data), "the same user reads through the service");
});


test("relayed reads: a client with only the castore subjects gets chunks from JetStream, not through the service", async (t) => {
  const server = await withNatsServer(t, { extraConfig: ACCOUNTS });
  const svcNc = await connect({ servers: server.url, user: "svc", pass: "svc" });
  t.after(() => svcNc.close());
  const store = await JetStreamChunkStore.open(svcNc, { prefix: "castore" });
  const svc = await startBlobServer(svcNc, { prefix: "castore", store });
  t.after(() => svc.stop());
  const data = Buffer.from(pseudoRandomBytes(2_500_000, 32));
  const { digest } = await new NatsBlobService(svcNc, { prefix: "castore" }).put(data);

  const plainNc = await connect({ servers: server.url, user: "plain", pass: "plain" });
  t.after(() => plainNc.close());
  const [chunksBefore, relaysBefore] = [await chunkRequests(svcNc), await endpointRequests(svcNc, ["relay"])];
  const blobs = new NatsBlobService(plainNc, { prefix: "castore" });
  assert.ok((await readAll((await blobs.read(digest))!)).equals(data));
  assert.ok((await readAll((await blobs.read(digest, { offset: 1_000_001, length: 300_000 }))!)).equals(data.subarray(1_000_001, 1_300_001)));
  assert.ok((await endpointRequests(svcNc, ["relay"])) > relaysBefore, "chunks were relayed");
  assert.equal(await chunkRequests(svcNc), chunksBefore, "no chunk went through the service");

  // relayReads: false asks `chunk` for every chunk, with the same bytes.
  const viaChunk = new NatsBlobService(plainNc, { prefix: "castore", relayReads: false });
  assert.ok((await readAll((await viaChunk.read(digest))!)).equals(data));
  assert.ok((await chunkRequests(svcNc)) > chunksBefore);
});

test("relay refuses reply subjects that are not inboxes and over-long lists, and sends nothing for them", async (t) => {
  const server = await withNatsServer(t);
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const store = await JetStreamChunkStore.open(nc, { prefix: "castore" });
  const svc = await startBlobServer(nc, { prefix: "castore", store });
  t.after(() => svc.stop());
  const data = Buffer.from(pseudoRandomBytes(300_000, 33));
  const { digest } = await new NatsBlobService(nc, { prefix: "castore" }).put(data);
  // Anything JetStream would send to a non-inbox subject (here a service's own subject) is a confused deputy.
  const seen: string[] = [];
  const watch = nc.subscribe("castore.pathinfo.>", {
    callback: (_e, m) => {
      seen.push(m.subject);
    },
  });
  t.after(() => watch.unsubscribe());
  const pb = castore.nats.v1;
  const ask = async (replyPrefix: string, digests: Uint8Array[]) => {
    const m = await nc.request("castore.blob.v1.relay", pb.RelayChunksRequest.encode({ digests, replyPrefix }).finish(), { timeout: 5000 });
    return [m.headers?.get("Nats-Service-Error-Code") ?? "200", m.headers?.get("Nats-Service-Error") ?? ""] as const;
  };
  for (const bad of ["castore.pathinfo.v1.put", "_INBOX", "_INBOX.>", "_INBOX.a.*", "_INBOX.a b", "", "_INBOXX.a"]) {
    const [code, msg] = await ask(bad, [digest.bytes]);
    assert.equal(code, "400", bad);
    assert.match(msg, /is not an inbox/);
  }
  const [code] = await ask("_INBOX.abc", Array.from({ length: 65 }, () => digest.bytes));
  assert.equal(code, "413");
  const [short] = await ask("_INBOX.abc", [new Uint8Array(31)]);
  assert.equal(short, "400");
  await nc.flush();
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(seen, [], "nothing was sent to a service subject");

  // A well-formed relay delivers the chunk's bytes with its key, from JetStream.
  const inbox = `_INBOX.relaytest`;
  const got = new Promise<{ data: Uint8Array; subject: string }>((resolve) => {
    const s = nc.subscribe(`${inbox}.*`, { max: 1, callback: (_e, m) => resolve({ data: m.data, subject: m.subject }) });
    t.after(() => s.unsubscribe());
  });
  assert.deepEqual(await ask(inbox, [digest.bytes]), ["200", ""]);
  const r = await got;
  assert.equal(r.subject, `${inbox}.0`);
  assert.ok(Buffer.from(r.data).equals(data));
});

test("a service whose store cannot relay (memory) still serves reads: the client falls back to chunk", async (t) => {
  const server = await withNatsServer(t);
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const svc = await startBlobServer(nc, { prefix: "castore", store: new MemoryChunkStore(), staging: new MemoryPageStaging() });
  t.after(() => svc.stop());
  const blobs = new NatsBlobService(nc, { prefix: "castore" });
  const data = Buffer.from(pseudoRandomBytes(1_200_000, 34));
  const { digest } = await blobs.put(data);
  assert.ok((await readAll((await blobs.read(digest))!)).equals(data));
  assert.ok((await readAll((await blobs.read(digest))!)).equals(data), "and again, relaying off for a while");
});

test("chunk sequence hints: stored at put, used by reads, and a stale one (chunk written again) falls back to the key", async (t) => {
  const server = await withNatsServer(t);
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const store = await JetStreamChunkStore.open(nc, { prefix: "castore" });
  const svc = await startBlobServer(nc, { prefix: "castore", store });
  t.after(() => svc.stop());
  const blobs = new NatsBlobService(nc, { prefix: "castore" });
  const data = Buffer.from(pseudoRandomBytes(2_500_000, 35));
  const { digest } = await blobs.put(data);
  const st = (await store.statBlob(digest))!;
  assert.ok(st.chunks.length > 3);
  assert.ok(st.chunks.every((c) => typeof c.seq === "number" && c.seq > 0), "every chunk written by the put has its sequence");
  const viaStat = (await blobs.stat(digest))!;
  assert.deepEqual(viaStat.chunks.map((c) => c.seq), st.chunks.map((c) => c.seq), "stat over NATS carries the hints");

  // Chunk 1 removed and written again: its hint now points at a deleted message.
  const victim = st.chunks[1]!;
  await store.removeChunk(victim.digest.toHex());
  await blobs.put(data);
  assert.equal((await store.statBlob(digest))!.chunks[1]!.seq, victim.seq, "the index keeps the old hint");
  const fresh = new NatsBlobService(nc, { prefix: "castore" });
  assert.ok((await readAll((await fresh.read(digest))!)).equals(data), "relayed read");
  assert.ok((await readAll((await new NatsBlobService(nc, { prefix: "castore", directRead: true }).read(digest))!)).equals(data), "direct read");
  assert.ok((await store.getChunk(victim.digest, victim.seq)) !== null, "in-process read by a stale hint");
  // A hint naming another chunk's message is not taken for this chunk.
  const other = st.chunks[2]!;
  const got = await store.getChunk(victim.digest, other.seq);
  assert.ok(got !== null && victim.digest.equals(B3Digest.of(got)));
});
