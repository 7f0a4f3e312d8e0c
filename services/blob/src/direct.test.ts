// Direct-read mode: a client allowed to read the chunk bucket fetches chunks with JetStream direct
// gets instead of through the service (and verifies them the same); one that is not allowed is
// refused with a message saying which permission it lacks — and reads fine through the service.
import assert from "node:assert/strict";
import { test } from "node:test";
import { pseudoRandomBytes } from "@castore/core/testing";
import { withNatsServer } from "@castore/nats-server";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { NatsBlobService } from "./client.js";
import { readAll } from "./conformance.js";
import { JetStreamChunkStore } from "./jetstream.js";
import { startBlobServer } from "./server.js";

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

async function chunkRequests(nc: NatsConnection): Promise<number> {
  const m = await nc.request("$SRV.STATS.castore-blob", new Uint8Array(0), { timeout: 2000 });
  const stats = JSON.parse(new TextDecoder().decode(m.data)) as { endpoints: { name: string; num_requests: number }[] };
  return stats.endpoints.filter((e) => e.name === "chunk" || e.name === "getChunk").reduce((a, e) => a + e.num_requests, 0);
}

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
