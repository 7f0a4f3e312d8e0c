// castore gc end to end, through the three services on a NATS of the test's own (one nats-server;
// CASTORE_TEST_GC_CLUSTER=1 runs the same on a 3-node JetStream cluster with R3 buckets): roots are
// path infos and pins, the grace period is respected, a dry run changes nothing, an import running
// beside a gc ends whole, an upload that relied on a chunk before a sweep either keeps it (the sweep's
// compare-and-delete fails) or fails loudly — never a blob whose chunk is gone — and fsck passes after.
// Grace periods are short (2 s) and waited for for real: ages are the KV's own server timestamps.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { B3Digest, FastCdc, isStoreError, blake3 } from "@castore/core";
import { pseudoRandomBytes as prb } from "@castore/core/testing";

const pseudoRandomBytes = (n: number, seed: number): Buffer => Buffer.from(prb(n, seed));
import { ChunkedBlobService, JetStreamChunkStore, blobStarter } from "@castore/blob";
import { directoryStarter } from "@castore/directory";
import { withNatsCluster, withNatsServer } from "@castore/nats-server";
import { pathInfoStarter } from "@castore/pathinfo";
import { silentLogger, type RunningService } from "@castore/service-kit";
import { fsck, gc } from "@castore/store";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { assertSameTree, castore, ok, okJson, start, finished } from "@castore/cli/testing";

const CLUSTER = process.env["CASTORE_TEST_GC_CLUSTER"] === "1";
const REPLICAS = CLUSTER ? 3 : 1;
const GRACE_MS = 2000;
const work = mkdtempSync(join(tmpdir(), "castore-gc-test-"));
const scope = { after: (fn: () => unknown) => void cleanups.push(fn) };
const cleanups: (() => unknown)[] = [];
let url: string;
let nc: NatsConnection;
const running: RunningService[] = [];

before(async () => {
  if (CLUSTER) {
    const cluster = await withNatsCluster(scope);
    url = cluster.urls.join(",");
  } else {
    url = (await withNatsServer(scope)).url;
  }
  nc = await connect({ servers: url.split(",") });
});

after(async () => {
  for (const r of running) await r.stop();
  await nc?.close();
  for (const fn of cleanups.reverse()) await fn();
  rmSync(work, { recursive: true, force: true });
});

/** A store of its own (services in this process) for one test, and its CLI arguments. */
async function store(prefix: string): Promise<string[]> {
  const ctx = { prefix, replicas: REPLICAS, signingKey: null, logger: silentLogger };
  for (const s of [blobStarter, directoryStarter, pathInfoStarter]) running.push(await s.start(nc, ctx));
  return ["--nats", url, "--prefix", prefix];
}

function tree(name: string, files: Record<string, Buffer>): string {
  const root = join(work, name);
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(join(root, rel, ".."), { recursive: true });
    writeFileSync(join(root, rel), data);
  }
  return root;
}

const digestOf = (data: Buffer): string => B3Digest.of(data).toHex();

async function gcJson(args: string[], extra: string[] = []): Promise<{ freed: Record<string, { count: number; bytes: number }>; spared: number }> {
  return (await okJson(["gc", "--grace", `${GRACE_MS}ms`, ...extra, ...args])) as never;
}

async function assertFsckClean(args: string[]): Promise<void> {
  const r = await castore(["fsck", "--json", ...args]);
  assert.equal(r.code, 0, `fsck after gc: ${r.stdout.toString()} ${r.stderr}`);
}

async function blobExists(args: string[], digest: string): Promise<boolean> {
  const r = await castore(["blob", "stat", digest, "--json", ...args]);
  if (r.code === 0) return true;
  assert.match(r.stderr, /not found/);
  return false;
}

async function assertExports(args: string[], digest: string, expected: string): Promise<void> {
  const dest = join(work, `out-${digest.slice(0, 12)}-${Math.random().toString(36).slice(2)}`);
  await ok(["export", digest, dest, ...args]);
  assertSameTree(dest, expected);
}

test("gc: import A and B, delete B's path info; gc removes exactly B's unshared content while an import of C runs; A and C export exactly", async () => {
  const args = await store("gc1");
  const aBig = pseudoRandomBytes(1_500_000, 1);
  const shared = pseudoRandomBytes(3000, 2);
  const bOnly = pseudoRandomBytes(1_200_000, 10);
  const bcShared = pseudoRandomBytes(900_000, 20);
  const a = tree("a", { big: aBig, small: shared, "sub/x": pseudoRandomBytes(5000, 3) });
  const b = tree("b", { "b-only": bOnly, small: shared, "a-big": aBig, "c-share": bcShared });
  const cFiles: Record<string, Buffer> = { "c-share": bcShared, own: pseudoRandomBytes(3_000_000, 30) };
  for (let i = 0; i < 200; i++) cFiles[`many/f${i}`] = pseudoRandomBytes(500 + i * 37, 1000 + i);
  const c = tree("c", cFiles);
  const ia = await okJson(["import", a, ...args]);
  const ib = await okJson(["import", b, ...args]);
  const bOnlyChunks = (await okJson(["blob", "stat", digestOf(bOnly), ...args]))["chunks"] as number;
  const cShareChunks = (await okJson(["blob", "stat", digestOf(bcShared), ...args]))["chunks"] as number;
  assert.ok(bOnlyChunks > 1 && cShareChunks > 1);
  await ok(["path-info", "delete", String(ib["storePath"]), ...args]);
  assert.equal((await castore(["path-info", "get", String(ib["storePath"]), ...args])).code, 1);
  await sleep(GRACE_MS + 500);

  // C's import starts (it relies on c-share, which only B's unreferenced tree has) and gc runs beside it.
  const importC = finished(start(["import", c, "--json", ...args]), 120_000);
  const report = await gcJson(args);
  let rc = await importC;
  if (rc.code !== 0) {
    // The race lost the documented way: C's upload was told c-share was stored, the sweep took it
    // before C's commit read it back, and the commit failed loudly instead of committing a blob
    // with a hole (seen about 1 run in 4). What a user does then: run the import again.
    assert.match(rc.stderr, /is not in the store; put the blob again|was removed by castore gc while this upload ran/, rc.stderr);
    rc = await castore(["import", c, "--json", ...args]);
  }
  assert.equal(rc.code, 0, rc.stderr);
  const ic = JSON.parse(rc.stdout.toString()) as Record<string, unknown>;

  // Exactly B's unshared part: its root directory, b-only's index, chunks and tree. c-share, which
  // only B's tree had when the gc began, is kept if C relied on it before the sweep reached it;
  // if the sweep got there first, C's import found it missing and put it back.
  const r = JSON.stringify(report);
  assert.equal(report.freed["directories"]!.count, 1, r);
  const tookShare = report.freed["blobIndexes"]!.count === 2;
  assert.equal(report.freed["blobIndexes"]!.count, tookShare ? 2 : 1, r);
  if (tookShare) {
    // The sweep took c-share's index; of its chunks, those C touched first were spared (CI saw
    // 2 of 3 spared once), the rest freed — C's import then put them back or failed loudly and
    // was run again (above).
    const freed = report.freed["chunks"]!.count;
    assert.ok(freed >= bOnlyChunks && freed <= bOnlyChunks + cShareChunks, r);
  } else assert.equal(report.freed["chunks"]!.count, bOnlyChunks, r);
  assert.ok(report.freed["treePages"]!.count >= 1);
  assert.equal(await blobExists(args, digestOf(bOnly)), false);
  assert.equal((await castore(["ls", String(ib["digest"]), ...args])).code, 1, "B's root directory is gone");
  for (const d of [aBig, shared, bcShared]) assert.equal(await blobExists(args, digestOf(d)), true);

  await assertExports(args, String(ia["digest"]), a);
  await assertExports(args, String(ic["digest"]), c);
  await assertFsckClean(args);
  // Nothing is left to collect: a second gc frees nothing.
  const again = await gcJson(args);
  assert.equal(again.freed["total"]!.count, 0, JSON.stringify(again));
});

test("gc --dry-run reports what it would free and changes nothing; the real gc then frees just that", async () => {
  const args = await store("gc2");
  const big = pseudoRandomBytes(800_000, 40);
  const d = tree("d", { big, small: pseudoRandomBytes(100, 41) });
  const id = await okJson(["import", d, ...args]);
  await ok(["path-info", "delete", String(id["storePath"]), ...args]);
  await sleep(GRACE_MS + 500);
  const dry = await gcJson(args, ["--dry-run"]);
  assert.ok(dry.freed["total"]!.count > 0);
  assert.equal(dry.freed["directories"]!.count, 1);
  await assertExports(args, String(id["digest"]), d);
  const dry2 = await gcJson(args, ["--dry-run"]);
  assert.deepEqual(dry2.freed, dry.freed, "a dry run removed nothing");
  const real = await gcJson(args);
  assert.deepEqual(real.freed, dry.freed);
  assert.equal(await blobExists(args, digestOf(big)), false);
  await assertFsckClean(args);
});

test("a pin keeps a tree no path info refers to; unpinned, gc collects it", async () => {
  const args = await store("gc3");
  const e = tree("e", { big: pseudoRandomBytes(700_000, 50), "x/y": pseudoRandomBytes(2000, 51) });
  const ie = await okJson(["import", e, ...args]);
  await ok(["path-info", "delete", String(ie["storePath"]), ...args]);
  const pin = await okJson(["pin", String(ie["digest"]), ...args]);
  assert.equal(pin["type"], "directory");
  assert.match((await ok(["pin", "list", ...args])).toString(), new RegExp(String(ie["digest"])));
  await sleep(GRACE_MS + 500);
  const kept = await gcJson(args);
  assert.equal(kept.freed["total"]!.count - kept.freed["narCache"]!.count, 0, JSON.stringify(kept));
  await assertExports(args, String(ie["digest"]), e);
  await ok(["unpin", String(ie["digest"]), ...args]);
  assert.equal((await castore(["unpin", String(ie["digest"]), ...args])).code, 1, "not pinned any more");
  await sleep(GRACE_MS + 500); // the pin touched the root: it is young again for the grace period
  const gone = await gcJson(args);
  assert.equal(gone.freed["directories"]!.count, 2);
  assert.equal((await castore(["ls", String(ie["digest"]), ...args])).code, 1);
  await assertFsckClean(args);
});

test("content younger than the grace period is kept; once older, it is collected", async () => {
  const args = await store("gc4");
  const f = tree("f", { big: pseudoRandomBytes(600_000, 60) });
  const id = await okJson(["import", f, ...args]);
  await ok(["path-info", "delete", String(id["storePath"]), ...args]);
  const young = (await okJson(["gc", ...args])) as { freed: Record<string, { count: number }> }; // default grace: 1 h
  assert.equal(young.freed["directories"]!.count + young.freed["chunks"]!.count, 0);
  const stillYoung = (await okJson(["gc", "--grace", "30s", ...args])) as { freed: Record<string, { count: number }> };
  assert.equal(stillYoung.freed["directories"]!.count + stillYoung.freed["chunks"]!.count, 0);
  await assertExports(args, String(id["digest"]), f);
  await sleep(GRACE_MS + 500);
  const old = await gcJson(args);
  assert.equal(old.freed["directories"]!.count, 1);
  assert.ok(old.freed["chunks"]!.count >= 2);
  await assertFsckClean(args);
});

/** The chunks of `data` as FastCDC cuts them. */
function chunksOf(data: Buffer): { digest: B3Digest; size: number; data: Uint8Array }[] {
  const cdc = new FastCdc();
  const out: { digest: B3Digest; size: number; data: Uint8Array }[] = [];
  for (let off = 0; off < data.length; ) {
    const end = cdc.cut(data, off, data.length);
    const c = data.subarray(off, end);
    out.push({ digest: B3Digest.fromBytes(blake3(c)), size: c.length, data: c });
    off = end;
  }
  return out;
}

test("an upload that relied on chunks before a sweep: touched during it, they survive; taken by it, the commit fails loudly", async () => {
  const prefix = "gc5";
  await store(prefix);
  const params = { prefix, replicas: REPLICAS };
  // Two "replicas" of the blob service's backend: the upload's, and another one whose cache is cold.
  const upload = await JetStreamChunkStore.open(nc, params);
  const other = await JetStreamChunkStore.open(nc, params);

  // 1. Chunks of an upload that was interrupted before its commit, then older than the grace. During
  //    the sweep (after its scan), another upload of the same blob asks for them: they are touched,
  //    the sweep's compare-and-delete fails, and that upload's commit makes a whole blob.
  const x = pseudoRandomBytes(1_000_000, 70);
  const xc = chunksOf(x);
  await upload.putChunks(xc.map((c) => c.data));
  await sleep(GRACE_MS + 500);
  const kept = await gc(nc, params, {
    graceMs: GRACE_MS,
    beforeSweep: async () => assert.deepEqual(await other.missingChunks(xc.map((c) => c.digest)), [], "present (and touched)"),
  });
  assert.equal(kept.freed.chunks.count, 0, JSON.stringify(kept));
  assert.equal(kept.spared, xc.length);
  await other.commitBlob(B3Digest.of(x), xc.map(({ digest, size }) => ({ digest, size })));
  const back = await new ChunkedBlobService(other).read(B3Digest.of(x));
  assert.ok(back);
  assert.ok(Buffer.concat(await back.toArray()).equals(x));

  // 2. An upload checks its chunks (all present), then stalls past the grace period; a gc takes
  //    them; its commit fails loudly and leaves no index behind.
  const y = pseudoRandomBytes(900_000, 80);
  const yc = chunksOf(y);
  await upload.putChunks(yc.map((c) => c.data)); // an earlier, interrupted upload
  await sleep(GRACE_MS + 500);
  assert.deepEqual(await upload.missingChunks(yc.map((c) => c.digest)), [], "checked: nothing to send");
  await sleep(GRACE_MS + 500); // the upload stalls longer than the grace period
  const took = await gc(nc, params, { graceMs: GRACE_MS });
  // (x, committed in part 1 but referenced by nothing, has aged past the grace too.)
  assert.equal(took.freed.chunks.count, yc.length + xc.length, JSON.stringify(took));
  assert.equal(took.freed.blobIndexes.count, 1);
  await assert.rejects(
    upload.commitBlob(B3Digest.of(y), yc.map(({ digest, size }) => ({ digest, size }))),
    (e: unknown) => isStoreError(e) && e.code === 400 && /not in the store|removed by castore gc/.test(e.message),
  );
  assert.equal(await upload.statBlob(B3Digest.of(y)), null, "no blob was committed over the hole");
  const report = await fsck(nc, params);
  assert.equal(report.problems, 0);
});

