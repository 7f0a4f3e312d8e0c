// Packs (locality for small files) end to end, through the three services on a NATS of the test's
// own: an import writes them and tree readers use them; NAR and export stay byte-identical to
// `nix-store --dump` and the tree itself with packs, without any (a store filled by a client that
// writes none), with one deleted and with one tampered — a bad pack costs a fallback, never a
// wrong byte, and the reader puts it right; dedup is unchanged; a directory of 10k small files.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { B3Digest, bucketName, decodePack, encodePack } from "@castore/core";
import { pseudoRandomBytes } from "@castore/core/testing";
import { blobStarter } from "@castore/blob";
import { directoryStarter } from "@castore/directory";
import { startNatsServer, type NatsServerHandle } from "@castore/nats-server";
import { pathInfoStarter } from "@castore/pathinfo";
import { silentLogger, type RunningService } from "@castore/service-kit";
import { openStore, type Store } from "@castore/store";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import { assertSameTree, makeNastyTree, nixDump } from "@castore/cli/testing";

const PREFIX = "packs";
const work = mkdtempSync(join(tmpdir(), "castore-packs-test-"));
let server: NatsServerHandle;
let nc: NatsConnection;
let packs: KV;
const running: RunningService[] = [];

before(async () => {
  server = await startNatsServer({});
  nc = await connect({ servers: server.url });
  const ctx = { prefix: PREFIX, replicas: 1, signingKey: null, logger: silentLogger };
  for (const s of [blobStarter, directoryStarter, pathInfoStarter]) running.push(await s.start(nc, ctx));
  packs = await new Kvm(jetstream(nc)).open(bucketName(PREFIX, "packs"));
});

after(async () => {
  for (const r of running) await r.stop();
  await nc?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The nasty tree plus directories of many small files (several pack parts, shared contents). */
function makeTree(root: string): void {
  makeNastyTree(Buffer.from(root));
  for (let d = 0; d < 3; d++) {
    const dir = join(root, `small-${d}`);
    mkdirSync(dir);
    for (let i = 0; i < 300; i++) {
      const size = (i * 977 + d * 31) % 9000;
      // Every 10th file has the same contents in every directory (dedup across directories).
      const data = i % 10 === 0 ? pseudoRandomBytes(size, 1000 + i) : pseudoRandomBytes(size, d * 10_000 + i);
      writeFileSync(join(dir, `f-${String(i).padStart(3, "0")}`), data, { mode: i % 7 === 0 ? 0o755 : 0o644 });
    }
  }
}

async function packKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const k of await packs.keys()) keys.push(k);
  return keys.sort();
}

async function chunkMessages(): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(`KV_${bucketName(PREFIX, "chunks")}`)).state.messages;
}

async function endpointRequests(name: string): Promise<number> {
  const m = await nc.request("$SRV.STATS.castore-blob", new Uint8Array(0), { timeout: 2000 });
  const stats = JSON.parse(new TextDecoder().decode(m.data)) as { endpoints: { name: string; num_requests: number }[] };
  return stats.endpoints.filter((e) => e.name === name).reduce((a, e) => a + e.num_requests, 0);
}

async function narOf(store: Store, ref: string): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const p of store.nar(ref)) pieces.push(p);
  return Buffer.concat(pieces);
}

/** NAR (== nix-store --dump) and export (== the tree) of `ref`, read by a fresh client. */
async function checkReads(ref: string, tree: string, expectedNar: Buffer, label: string): Promise<void> {
  const store = await openStore(`${server.url}?prefix=${PREFIX}`);
  try {
    assert.ok((await narOf(store, ref)).equals(expectedNar), `${label}: NAR byte-identical to nix-store --dump`);
    const dest = join(work, `export-${label.replace(/\W+/g, "-")}-${Date.now()}`);
    await store.exportTo(ref, dest);
    assertSameTree(dest, tree);
    rmSync(dest, { recursive: true, force: true });
  } finally {
    await store.close();
  }
}

/** Waits for background pack fills (best effort, a few at a time) to land. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`never happened: ${what}`);
}

describe("packs: small files of a directory stored together, trusted for nothing", () => {
  const tree = join(work, "tree");
  makeTree(tree);
  const expectedNar = nixDump(tree);
  let storePath = "";
  let written: string[] = [];

  test("an import writes them, and NAR and export read from them, byte-identical", async () => {
    const store = await openStore(`${server.url}?prefix=${PREFIX}`);
    try {
      storePath = (await store.importPath(tree, { name: "tree" })).storePath;
    } finally {
      await store.close();
    }
    written = await packKeys();
    // small-0..2 (300 files of 0–9 KB: several parts each) and the nasty tree's directories with
    // two or more small files.
    assert.ok(written.length >= 3 * 2, `pack parts written: ${written.length}`);
    for (const k of written) assert.match(k, /^[0-9a-f]{64}\.\d+$/);
    const gets = await endpointRequests("packGet");
    const chunks = (await endpointRequests("chunk")) + (await endpointRequests("relay"));
    await checkReads(storePath, tree, expectedNar, "with packs");
    assert.ok((await endpointRequests("packGet")) > gets, "the readers asked for packs");
    const perFile = (await endpointRequests("chunk")) + (await endpointRequests("relay")) - chunks;
    assert.ok(perFile < 200, `small files came from packs, not one request each (${perFile} chunk/relay requests for 2 reads of ~920 files)`);
  });

  test("importing the same tree under another name stores no new chunk and no new pack", async () => {
    const before = await chunkMessages();
    const store = await openStore(`${server.url}?prefix=${PREFIX}`);
    try {
      const r = await store.importPath(tree, { name: "again" });
      assert.equal(r.bytesUploaded, 0);
      assert.equal(r.chunksUploaded, 0);
    } finally {
      await store.close();
    }
    assert.equal(await chunkMessages(), before);
    assert.deepEqual(await packKeys(), written);
  });

  test("with one part deleted: identical reads, and the reader writes the part again", async () => {
    const victim = written[0]!;
    await packs.purge(victim);
    assert.ok(!(await packKeys()).includes(victim));
    await checkReads(storePath, tree, expectedNar, "pack deleted");
    await eventually("the deleted part written again", async () => (await packKeys()).includes(victim));
    const e = await packs.get(victim);
    assert.ok(e !== null && e.operation === "PUT");
  });

  test("with a part tampered behind the service's back: identical reads (fallback), and the part is put right", async () => {
    const victim = written[written.length - 1]!;
    const good = (await packs.get(victim))!.value;
    const pack = decodePack(good);
    // Same header (digests and sizes), one blob's bytes flipped: only hashing can tell.
    const bad = encodePack(
      pack.parts,
      pack.blobs.map((b, i) => ({ digest: b.digest, data: i === 0 ? Uint8Array.from(b.data, (x) => x ^ 0xff) : b.data })),
    );
    await packs.put(victim, bad);
    await checkReads(storePath, tree, expectedNar, "pack tampered");
    await eventually("the tampered part rewritten", async () => Buffer.from((await packs.get(victim))!.value).equals(Buffer.from(good)));
    // Garbage where a part should be: also only a fallback.
    await packs.put(victim, pseudoRandomBytes(5000, 77));
    await checkReads(storePath, tree, expectedNar, "pack garbage");
  });

  test("a store with no packs at all (filled by a client that writes none) reads identically, and readers fill them in", async () => {
    for (const k of await packKeys()) await packs.purge(k);
    assert.deepEqual(await packKeys(), []);
    await checkReads(storePath, tree, expectedNar, "no packs");
    await eventually("packs filled in by readers", async () => (await packKeys()).length > 0);
  });

  test("the pack service refuses a part that lies about its blobs, and stores nothing", async () => {
    const store = await openStore(`${server.url}?prefix=${PREFIX}`);
    try {
      const lie = encodePack(1, [{ digest: B3Digest.of(pseudoRandomBytes(100, 6)), data: pseudoRandomBytes(100, 5) }]);
      await assert.rejects(store.blobs.putPack!(B3Digest.fromBytes(new Uint8Array(32).fill(7)), 0, lie), /does not match its digest/);
      assert.ok(!(await packKeys()).some((k) => k.startsWith("07".repeat(32))));
    } finally {
      await store.close();
    }
  });
});

describe("a directory of 10k small files", () => {
  test("imports, renders and exports exactly (several pack parts)", async () => {
    const tree = join(work, "wide");
    mkdirSync(tree);
    for (let i = 0; i < 10_000; i++) writeFileSync(join(tree, `f${i}`), pseudoRandomBytes(i % 600, i + 1));
    const expectedNar = nixDump(tree);
    const store = await openStore(`${server.url}?prefix=${PREFIX}`);
    let ref = "";
    try {
      const r = await store.importPath(tree, { name: "wide" });
      ref = r.storePath;
      assert.ok(r.digest);
      const parts = (await packKeys()).filter((k) => k.startsWith(r.digest!));
      assert.ok(parts.length >= 4, `parts of the wide directory: ${parts.length}`);
    } finally {
      await store.close();
    }
    await checkReads(ref, tree, expectedNar, "10k files");
  });
});

describe("NAR ingest", () => {
  test("writes the packs of the directories it brought new content for, and reads from them are exact", async () => {
    const tree = join(work, "from-nar");
    mkdirSync(tree);
    for (let d = 0; d < 3; d++) {
      mkdirSync(join(tree, `d${d}`));
      for (let i = 0; i < 200; i++) writeFileSync(join(tree, `d${d}`, `f${i}`), pseudoRandomBytes((i * 613) % 7000, 500_000 + d * 1000 + i));
    }
    writeFileSync(join(tree, "big"), pseudoRandomBytes(300_000, 9)); // streamed, in no pack
    const nar = nixDump(tree);
    const chunksBefore = await chunkMessages();
    const store = await openStore(`${server.url}?prefix=${PREFIX}`);
    let digest = "";
    try {
      // ingestNar, not importNar: registering a CA path has the path-info service render the NAR
      // (calculate_nar), whose reads would fill the packs in lazily and hide a missing write here.
      const r = await store.ingestNar(Readable.from([nar]));
      assert.equal(r.node.type, "directory");
      digest = (r.node as { digest: B3Digest }).digest.toHex();
    } finally {
      await store.close();
    }
    assert.ok((await chunkMessages()) > chunksBefore, "the NAR's files were new to the store");
    const keys = await packKeys();
    const resolved = await (async () => {
      const s = await openStore(`${server.url}?prefix=${PREFIX}`);
      try {
        const root = await s.directories.get(B3Digest.parse(digest));
        return root!.directories.map((d) => d.digest.toHex());
      } finally {
        await s.close();
      }
    })();
    assert.equal(resolved.length, 3);
    for (const d of resolved) assert.ok(keys.some((k) => k.startsWith(`${d}.`)), `packs of ${d} written by the ingest`);
    const gets = await endpointRequests("packGet");
    const chunks = (await endpointRequests("chunk")) + (await endpointRequests("relay"));
    await checkReads(digest, tree, nar, "ingested NAR");
    assert.ok((await endpointRequests("packGet")) > gets, "the readers asked for packs");
    const perFile = (await endpointRequests("chunk")) + (await endpointRequests("relay")) - chunks;
    assert.ok(perFile < 60, `small files came from packs (${perFile} chunk/relay requests for 2 reads of 600 files)`);
  });
});
