import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { test } from "node:test";
import { B3Digest, ERROR_CODE_HEADER, blobSubjects } from "@castore/core";
import { pseudoRandomBytes } from "@castore/core/testing";
import { withNatsServer } from "@castore/nats-server";
import { castore, tvix } from "@castore/proto";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { NatsBlobService, NatsChunkStore, blobServiceAvailable } from "./client.js";
import { readAll } from "./conformance.js";
import { JetStreamChunkStore } from "./jetstream.js";
import { startBlobServer } from "./server.js";
import { blobHandlers } from "./handlers.js";
import { MemoryPageStaging, bindService, silentLogger } from "@castore/service-kit";

const pb = castore.nats.v1;
const subjects = blobSubjects("castore");

async function setup(t: { after(fn: () => unknown): void }): Promise<{ url: string; nc: NatsConnection; store: JetStreamChunkStore }> {
  const server = await withNatsServer(t);
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const store = await JetStreamChunkStore.open(nc, { prefix: "castore" });
  const svc = await startBlobServer(nc, { prefix: "castore", store });
  t.after(() => svc.stop());
  return { url: server.url, nc, store };
}

async function code(nc: NatsConnection, subject: string, payload: Uint8Array): Promise<number> {
  const m = await nc.request(subject, payload, { timeout: 5000 });
  return Number(m.headers?.get(ERROR_CODE_HEADER) ?? 200);
}

test("malformed protobuf on every subject gets 400 and the service keeps serving", async (t) => {
  const { nc } = await setup(t);
  const garbage = Uint8Array.from([0x0a, 0xff, 0xff, 0x01]); // field 1, length far past the end
  for (const s of Object.values(subjects)) assert.equal(await code(nc, s, garbage), 400, s);
  const blobs = new NatsBlobService(nc, { prefix: "castore" });
  const { digest } = await blobs.put(pseudoRandomBytes(300_000, 1));
  assert.ok(await blobs.has(digest));
});

test("wrong digest lengths on every subject that takes one get 400", async (t) => {
  const { nc } = await setup(t);
  const short = new Uint8Array(31);
  assert.equal(await code(nc, subjects.stat, pb.StatBlobPageRequest.encode({ digest: short }).finish()), 400);
  assert.equal(await code(nc, subjects.missing, pb.MissingChunksRequest.encode({ digests: [short] }).finish()), 400);
  assert.equal(await code(nc, subjects.commit, pb.CommitBlobRequest.encode({ digest: short }).finish()), 400);
  const m = await nc.request(subjects.getChunk, castore.nats.v1.StatBlobPageRequest.encode({ digest: short }).finish());
  assert.equal(m.headers?.get(ERROR_CODE_HEADER), "400");
  assert.match(m.headers?.get("Nats-Service-Error") ?? "", /digest must be 32 bytes, got 31/);
});

test("oversized requests on every subject get 413 and the service keeps serving", async (t) => {
  const { nc } = await setup(t);
  const big = new Uint8Array(600 * 1024);
  for (const s of [subjects.stat, subjects.getChunk, subjects.missing, subjects.commit]) assert.equal(await code(nc, s, big), 413, s);
  assert.equal(await code(nc, subjects.putChunks, pb.PutChunksRequest.encode({ chunks: [new Uint8Array(512 * 1024 + 1)] }).finish()), 413);
  const tooMany = Array.from({ length: 4097 }, (_, i) => B3Digest.of(Uint8Array.of(i & 255, i >> 8)).bytes);
  assert.equal(await code(nc, subjects.missing, pb.MissingChunksRequest.encode({ digests: tooMany }).finish()), 413);
  assert.equal(await code(nc, subjects.commit, pb.CommitBlobRequest.encode({ digest: new Uint8Array(32), pages: 5000 }).finish()), 413);
  assert.ok(await blobServiceAvailable(nc, "castore"));
});

test("10k bad messages leave the service healthy and nothing stored", async (t) => {
  const { nc, store } = await setup(t);
  const all = Object.values(subjects);
  const codes = new Map<number, number>();
  for (let i = 0; i < 10_000; i += 500) {
    const batch = await Promise.all(
      Array.from({ length: 500 }, (_, k) => {
        const n = i + k;
        const junk = pseudoRandomBytes(1 + (n % 97), n + 1);
        junk[0] = 0x0a; // a length-delimited field 1, so the payload is never an empty message
        junk[1] = 0xff;
        return code(nc, all[n % all.length]!, junk);
      }),
    );
    for (const c of batch) codes.set(c, (codes.get(c) ?? 0) + 1);
  }
  assert.deepEqual([...codes.keys()], [400]);
  assert.equal(codes.get(400), 10_000);
  // The service still works and no chunk came from the junk.
  const data = pseudoRandomBytes(200_000, 7);
  const blobs = new NatsBlobService(nc, { prefix: "castore" });
  assert.ok((await blobs.put(data)).digest.equals(B3Digest.of(data)));
  assert.equal((await store.missingChunks([B3Digest.of(new Uint8Array([0x0a, 0xff]))])).length, 1);
});

test("the blob service is discoverable with $SRV.PING and INFO, with its prefix", async (t) => {
  const { nc } = await setup(t);
  const ping = JSON.parse(new TextDecoder().decode((await nc.request("$SRV.PING.castore-blob", undefined, { timeout: 2000 })).data));
  assert.equal(ping.name, "castore-blob");
  assert.equal(ping.metadata.prefix, "castore");
  const info = JSON.parse(new TextDecoder().decode((await nc.request(`$SRV.INFO.castore-blob.${ping.id}`, undefined, { timeout: 2000 })).data));
  assert.deepEqual(info.endpoints.map((e: { subject: string }) => e.subject).filter((s: string) => !s.includes(".replica.")).sort(), Object.values(subjects).sort());
});

test("a chunk list longer than one commit page is staged in JetStream and committed", async (t) => {
  const { nc } = await setup(t);
  const client = new NatsChunkStore(nc, { prefix: "castore" });
  const a = pseudoRandomBytes(128 * 1024, 3);
  const da = (await client.putChunks([a]))[0]!.digest;
  const n = 8192 + 100; // two pages
  const whole = Buffer.concat(Array.from({ length: n }, () => Buffer.from(a)));
  const digest = B3Digest.of(whole);
  await client.commitBlob(digest, Array.from({ length: n }, () => ({ digest: da, size: a.length })));
  const st = await client.statBlob(digest);
  assert.equal(st?.chunks.length, n);
  assert.equal(st?.size, BigInt(whole.length));
});

test("with nothing serving the prefix, availability is false and requests fail as unavailable", async (t) => {
  const server = await withNatsServer(t);
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  assert.equal(await blobServiceAvailable(nc, "nobody", 500), false);
  const blobs = new NatsBlobService(nc, { prefix: "nobody", timeoutMs: 200, deadlineMs: 1000 });
  await assert.rejects(blobs.stat(B3Digest.of(Uint8Array.of(1))), (e: { code?: number }) => e.code === 503);
});

function startReplica(url: string): Promise<ChildProcess> {
  const main = new URL("./main.js", import.meta.url).pathname;
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, CASTORE_NATS_URL: url, CASTORE_PREFIX: "castore" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes('"msg":"serving"')) resolve(child);
    });
    child.on("exit", (c) => reject(new Error(`replica exited ${c}: ${err}`)));
  });
}

test("killing one of two service replicas mid-transfer costs a retry, not a failed transfer", async (t) => {
  const server = await withNatsServer(t);
  const replicas = [await startReplica(server.url), await startReplica(server.url)];
  t.after(() => replicas.forEach((r) => r.kill("SIGKILL")));
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const blobs = new NatsBlobService(nc, { prefix: "castore", timeoutMs: 1500 });
  const data = pseudoRandomBytes(48 << 20, 11);

  // Put: kill replica 0 once the upload is under way.
  let sent = 0;
  async function* slowly() {
    for (let i = 0; i < data.length; i += 1 << 20) {
      if ((sent += 1) === 8) replicas[0]!.kill("SIGKILL");
      yield data.subarray(i, i + (1 << 20));
    }
  }
  const { digest } = await blobs.put(slowly());
  assert.ok(digest.equals(B3Digest.of(data)));

  // Read: a fresh replica joins, then the survivor is killed mid-read.
  replicas.push(await startReplica(server.url));
  const stream = (await blobs.read(digest))!;
  const parts: Buffer[] = [];
  for await (const p of stream) {
    parts.push(p as Buffer);
    if (parts.length === 20) replicas[1]!.kill("SIGKILL");
  }
  assert.ok(Buffer.concat(parts).equals(Buffer.from(data)));
});

test("stopping a replica mid-put loses nothing: the put completes through another replica", async (t) => {
  const server = await withNatsServer(t);
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const store = await JetStreamChunkStore.open(nc, { prefix: "castore" });
  const svc = await startBlobServer(nc, { prefix: "castore", store });
  const client = await connect({ servers: server.url });
  t.after(() => client.close());
  const blobs = new NatsBlobService(client, { prefix: "castore" });
  const data = pseudoRandomBytes(8 << 20, 12);
  const put = blobs.put(data);
  await new Promise((r) => setTimeout(r, 30));
  const stopped = svc.stop();
  // With the only replica gone, the put can finish only if the in-flight work completed or a
  // retry finds a new replica: start one.
  const svc2 = await startBlobServer(nc, { prefix: "castore", store });
  t.after(() => svc2.stop());
  await stopped;
  const r = await put;
  assert.ok(r.digest.equals(B3Digest.of(data)));
  assert.ok((await readAll((await blobs.read(r.digest))!)).equals(Buffer.from(data)));
});

test("put_chunks refuses an empty chunk with 400 and stores nothing", async (t) => {
  const { nc } = await setup(t);
  const m = await nc.request(subjects.putChunks, pb.PutChunksRequest.encode({ chunks: [new Uint8Array(0)] }).finish(), { timeout: 5000 });
  assert.equal(m.headers?.get(ERROR_CODE_HEADER), "400");
  assert.match(m.headers?.get("Nats-Service-Error") ?? "", /chunk 0 is empty; the empty blob always exists and is never stored/);
  const jsm = await jetstreamManager(nc);
  assert.equal((await jsm.streams.info("KV_castore-chunks_castore")).state.messages, 0);
});

test("a commit page naming chunks never uploaded is refused before it is staged", async (t) => {
  const { nc } = await setup(t);
  const chunks = Array.from({ length: 8192 }, (_, i) => ({ digest: B3Digest.of(Uint8Array.of(i & 255, i >> 8, 7)).bytes, size: 200_000 }));
  const page = pb.CommitBlobRequest.encode({ digest: new Uint8Array(32).fill(1), chunks, page: 0, pages: 2 }).finish();
  const m = await nc.request(subjects.commit, page, { timeout: 10_000 });
  assert.equal(m.headers?.get(ERROR_CODE_HEADER), "400");
  assert.match(m.headers?.get("Nats-Service-Error") ?? "", /names 8192 chunk\(s\) the store does not have, first chunk 0/);
  const jsm = await jetstreamManager(nc);
  assert.equal((await jsm.streams.info("KV_castore-commits_castore")).state.messages, 0, "nothing staged");
  // More pages than any real blob needs are refused unread.
  assert.equal(await code(nc, subjects.commit, pb.CommitBlobRequest.encode({ digest: new Uint8Array(32), pages: 65 }).finish()), 413);
});

test("committing a stored blob again must name its chunks exactly; the same list is a success", async (t) => {
  const { nc } = await setup(t);
  const blobs = new NatsBlobService(nc, { prefix: "castore" });
  const { digest } = await blobs.put(pseudoRandomBytes(1_500_000, 5));
  const st = (await blobs.stat(digest))!;
  assert.ok(st.chunks.length >= 3);
  const send = (cs: readonly { digest: B3Digest; size: number }[]) =>
    nc.request(subjects.commit, pb.CommitBlobRequest.encode({ digest: digest.bytes, chunks: cs.map((c) => ({ digest: c.digest.bytes, size: c.size })) }).finish(), { timeout: 10_000 });
  const same = await send(st.chunks);
  assert.equal(same.headers?.get(ERROR_CODE_HEADER) ?? null, null);
  assert.equal(pb.CommitBlobResponse.decode(same.data).committed, true);
  const swapped = [st.chunks[1]!, st.chunks[0]!, ...st.chunks.slice(2)];
  const wrong = await send(swapped);
  assert.equal(wrong.headers?.get(ERROR_CODE_HEADER), "400");
  assert.match(wrong.headers?.get("Nats-Service-Error") ?? "", /already stored with \d+ chunks, and this commit's chunk list differs at chunk 0/);
});

test("a read that finds a chunk purged or corrupt makes the next put send it again", async (t) => {
  const { nc, store } = await setup(t);
  const blobs = new NatsBlobService(nc, { prefix: "castore" });
  const data = pseudoRandomBytes(1_500_000, 6);
  const { digest } = await blobs.put(data);
  const [first, second] = (await blobs.stat(digest))!.chunks;
  await store.purgeChunkOnly(first!.digest);
  await store.tamper(second!.digest, new Uint8Array(second!.size).fill(0x41));
  // Before any read, the presence index still claims both: a put would skip them.
  await assert.rejects(readAll((await blobs.read(digest))!), /missing from the store/);
  // The full read's window may have met the corrupt chunk too and had it removed already.
  await assert.rejects(readAll((await blobs.read(digest, { offset: first!.size, length: 10 }))!), /verification failed|missing from the store/);
  const again = await blobs.put(data);
  assert.equal(again.chunksUploaded, 2, "exactly the two bad chunks were sent again");
  assert.ok((await readAll((await blobs.read(digest))!)).equals(Buffer.from(data)));
});

test("a commit that finds a claimed chunk gone clears the claim, so putting the blob again succeeds", async (t) => {
  const { nc, store } = await setup(t);
  const blobs = new NatsBlobService(nc, { prefix: "castore" });
  const data = pseudoRandomBytes(1_400_000, 8);
  const { digest } = await blobs.put(data);
  const chunks = (await blobs.stat(digest))!.chunks;
  // A second blob made of the same chunks plus one more: its commit needs chunk 1, which is lost.
  const more = Buffer.concat([Buffer.from(data), Buffer.from(pseudoRandomBytes(300_000, 9))]);
  await store.purgeChunkOnly(chunks[1]!.digest);
  await assert.rejects(blobs.put(more), /is not in the store; put the blob again/);
  const again = await blobs.put(more);
  assert.ok(again.chunksUploaded >= 1, "the lost chunk was sent again");
  assert.ok((await readAll((await blobs.read(again.digest))!)).equals(more));
});

test("a client that speaks only the first v1 operations puts and reads blobs through today's service", async (t) => {
  // What a client of the previous release sends: put_chunks, commit, stat, get_chunk — nothing newer.
  const { nc } = await setup(t);
  const data = Buffer.from(pseudoRandomBytes(1_300_000, 21));
  const cuts = [0, 300_000, 700_000, 1_100_000, data.length]; // any chunking within the bounds will do
  const chunks = cuts.slice(1).map((end, i) => data.subarray(cuts[i], end));
  const digests: Uint8Array[] = [];
  for (const c of chunks) {
    const r = await nc.request(subjects.putChunks, pb.PutChunksRequest.encode({ chunks: [c] }).finish(), { timeout: 10_000 });
    digests.push(pb.PutChunksResponse.decode(r.data).digests[0]!);
  }
  const put = { digests };
  const digest = B3Digest.of(data);
  const commit = await nc.request(
    subjects.commit,
    pb.CommitBlobRequest.encode({ digest: digest.bytes, chunks: put.digests.map((d, i) => ({ digest: d, size: chunks[i]!.length })) }).finish(),
    { timeout: 10_000 },
  );
  assert.equal(commit.headers?.get(ERROR_CODE_HEADER) ?? null, null);
  const stat = pb.StatBlobPage.decode((await nc.request(subjects.stat, pb.StatBlobPageRequest.encode({ digest: digest.bytes }).finish(), { timeout: 5000 })).data);
  assert.equal(stat.totalChunks, 4);
  const back: Uint8Array[] = [];
  for (const c of stat.chunks) {
    const m = await nc.request(subjects.getChunk, tvix.castore.v1.ReadBlobRequest.encode({ digest: c.digest ?? null }).finish(), { timeout: 5000 });
    back.push(tvix.castore.v1.BlobChunk.decode(m.data).data);
  }
  assert.ok(Buffer.concat(back).equals(data));
});

test("today's client reads exactly from a service that has only the first v1 operations (no tree, no raw chunks)", async (t) => {
  const server = await withNatsServer(t);
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const store = await JetStreamChunkStore.open(nc, { prefix: "castore" });
  const h = blobHandlers(store, new MemoryPageStaging());
  const old = await bindService(nc, {
    name: "castore-blob",
    description: "a blob service of the previous release",
    prefix: "castore",
    logger: silentLogger,
    endpoints: (["stat", "missing", "putChunks", "getChunk", "commit"] as const).map((op) => ({ name: op, subject: subjects[op], handler: h[op] })),
  });
  t.after(() => old.stop());
  const blobs = new NatsBlobService(nc, { prefix: "castore" });
  const data = Buffer.from(pseudoRandomBytes(1_400_000, 22));
  const { digest } = await blobs.put(data);
  assert.ok((await readAll((await blobs.read(digest))!)).equals(data));
  assert.ok((await readAll((await blobs.read(digest, { offset: 500_000, length: 70_000 }))!)).equals(data.subarray(500_000, 570_000)));
});

async function endpointRequests(nc: NatsConnection, name: string): Promise<number> {
  const m = await nc.request("$SRV.STATS.castore-blob", new Uint8Array(0), { timeout: 2000 });
  const stats = JSON.parse(new TextDecoder().decode(m.data)) as { endpoints: { name: string; num_requests: number }[] };
  return stats.endpoints.filter((e) => e.name === name).reduce((a, e) => a + e.num_requests, 0);
}

test("a multi-chunk put goes through a session on one replica: committed without the read-back commit", async (t) => {
  const { nc } = await setup(t);
  const blobs = new NatsBlobService(nc, { prefix: "castore" });
  const data = Buffer.from(pseudoRandomBytes(3_000_000, 41));
  const commits = await endpointRequests(nc, "commit");
  const { digest } = await blobs.put(data);
  assert.ok((await endpointRequests(nc, "sessionCommit")) >= 1, "the session committed it");
  assert.equal(await endpointRequests(nc, "commit"), commits, "no plain commit (which reads the blob back)");
  assert.ok((await readAll((await blobs.read(digest))!)).equals(data));
  // A second put of the same bytes (every chunk present: read back by the session) is the same blob.
  const again = await blobs.put(data);
  assert.equal(again.bytesUploaded, 0);
  assert.ok(again.digest.equals(digest));
});

test("a session commit claiming another digest is refused and makes nothing visible", async (t) => {
  const { nc } = await setup(t);
  const open = pb.SessionOpenResponse.decode((await nc.request(subjects.session, new Uint8Array(0), { timeout: 5000 })).data);
  const data = Buffer.from(pseudoRandomBytes(400_000, 42));
  const parts = [data.subarray(0, 200_000), data.subarray(200_000)];
  const put = await nc.request(
    `${open.subject}.put`,
    pb.SessionPutRequest.encode({ session: open.session, firstIndex: 0, items: parts.map((p) => ({ data: p })) }).finish(),
    { timeout: 10_000 },
  );
  assert.equal(put.headers?.get(ERROR_CODE_HEADER) ?? null, null);
  const claimed = B3Digest.of(Buffer.from("something else"));
  const commit = await nc.request(`${open.subject}.commit`, pb.SessionCommitRequest.encode({ session: open.session, digest: claimed.bytes, totalChunks: 2 }).finish(), { timeout: 10_000 });
  assert.equal(commit.headers?.get(ERROR_CODE_HEADER), "400");
  assert.match(commit.headers?.get("Nats-Service-Error") ?? "", /blob digest mismatch: the commit claims [0-9a-f]{64}, the chunks hash to [0-9a-f]{64}/);
  const blobs = new NatsBlobService(nc, { prefix: "castore" });
  assert.equal(await blobs.stat(claimed), null);
  assert.equal(await blobs.stat(B3Digest.of(data)), null, "not under its real digest either: nothing was committed");
});
