// `castore serve --upstream`: an edge store on its own nats-server reads through an upstream store
// on another. Reads through the edge fill it (afterwards they succeed with the upstream stopped),
// concurrent readers of one missing closure store it consistently, an upstream that is down gives a
// prompt 503 naming it while what is cached is still served, a tampered upstream chunk is refused
// and not cached, fsck on the edge passes whatever was read, and three stores chain.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test, type TestContext } from "node:test";
import { B3Digest, readAll } from "@castore/core";
import { JetStreamChunkStore } from "@castore/blob";
import { withNatsProcess, withNatsServer } from "@castore/nats-server";
import { fsck, openStore, type Store } from "@castore/store";
import { connect } from "@nats-io/transport-node";
import { bytes, castore, freshHome, ok } from "./cli.test-util.js";
import { serve, waitForServices } from "./serve.test-util.js";

const SERVICES = ["castore-blob", "castore-directory", "castore-pathinfo"];
const work = mkdtempSync(join(tmpdir(), "castore-edge-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Small files in a few directories, a multi-chunk file, a symlink. */
function makeTree(name: string, seed: number): string {
  const root = join(work, name);
  for (const [k, sub] of ["a", "b", "b/c"].entries()) {
    mkdirSync(join(root, sub), { recursive: true });
    for (let i = 0; i < 30; i++) writeFileSync(join(root, sub, `f${i}`), bytes(200 + ((i * 97) % 4000), seed * 1000 + k * 100 + i));
  }
  writeFileSync(join(root, "big"), bytes(1_300_000, seed)); // several chunks
  symlinkSync("b/c/f1", join(root, "link"));
  return root;
}

async function narOf(s: Store, ref: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of s.nar(ref)) parts.push(p);
  return Buffer.concat(parts);
}

async function withStore<T>(url: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const s = await openStore(url);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

async function fsckOf(url: string): Promise<Awaited<ReturnType<typeof fsck>>> {
  const nc = await connect({ servers: url });
  try {
    return await fsck(nc, { prefix: "castore" });
  } finally {
    await nc.close();
  }
}

/** An upstream (castore serve on a nats-server process of its own) and an edge reading through it. */
async function edgeAndUpstream(t: TestContext) {
  const upNats = await withNatsProcess(t);
  const edgeNats = await withNatsServer(t);
  const home = freshHome(t);
  const upstream = serve(t, ["--nats", upNats.url], { home });
  await waitForServices(upNats.url, SERVICES);
  const edge = serve(t, ["--nats", edgeNats.url, "--upstream", `${upNats.url}?prefix=castore`], { home });
  await waitForServices(edgeNats.url, SERVICES);
  return { upNats, edgeNats, home, upstream, edge };
}

test("reads through the edge fill it: with the upstream stopped, the same reads still succeed, and fsck passes", async (t) => {
  const { upNats, edgeNats, home, upstream } = await edgeAndUpstream(t);
  const tree = makeTree("t1", 1);
  const imported = JSON.parse((await ok(["import", tree, "--json", "--nats", upNats.url], { home })).toString()) as { storePath: string };
  const direct = await ok(["nar", imported.storePath, "--nats", upNats.url], { home });
  const viaEdge = await ok(["nar", imported.storePath, "--nats", edgeNats.url], { home });
  assert.ok(direct.equals(viaEdge), "the edge renders the same NAR as the upstream");
  const listing = await ok(["ls", "-R", imported.storePath, "--nats", edgeNats.url], { home });

  // fsck on the edge at once (a multi-chunk blob may still be filling): it passes at any moment.
  const early = await fsckOf(edgeNats.url);
  assert.equal(early.problems, 0, JSON.stringify(early));
  assert.ok(early.upstreams !== null && early.upstreams.length === 1, "the edge knows it is a cache");

  upstream.child.kill("SIGTERM");
  assert.equal((await upstream.done).code, 0);
  await upNats.stop();
  assert.ok((await ok(["nar", imported.storePath, "--nats", edgeNats.url], { home })).equals(direct), "served from the edge alone");
  assert.ok((await ok(["ls", "-R", imported.storePath, "--nats", edgeNats.url], { home })).equals(listing));
  const out = join(work, "out1");
  await ok(["export", imported.storePath, out, "--nats", edgeNats.url], { home });
  const late = await fsckOf(edgeNats.url);
  assert.equal(late.problems, 0, JSON.stringify(late));
  assert.equal(late.leftToUpstream, 0, "everything read is here");
});

test("with the upstream down, what is cached is served and the rest fails at once with a 503 naming the upstream", async (t) => {
  const { upNats, edgeNats, home } = await edgeAndUpstream(t);
  const a = JSON.parse((await ok(["import", makeTree("d1", 2), "--json", "--nats", upNats.url], { home })).toString()) as { storePath: string };
  const b = JSON.parse((await ok(["import", makeTree("d2", 3), "--json", "--nats", upNats.url], { home })).toString()) as { storePath: string };
  // Only the listing of b is read: its directories (and path info) are at the edge, its contents not.
  const aNar = await ok(["nar", a.storePath, "--nats", edgeNats.url], { home });
  await ok(["ls", "-R", b.storePath, "--nats", edgeNats.url], { home });
  const partial = await fsckOf(edgeNats.url);
  assert.equal(partial.problems, 0, JSON.stringify(partial));
  assert.ok(partial.leftToUpstream > 0, "b's contents are left to the upstream, and that is no problem");

  await upNats.kill("SIGKILL");
  assert.ok((await ok(["nar", a.storePath, "--nats", edgeNats.url], { home })).equals(aNar));
  const t0 = Date.now();
  const r = await castore(["nar", b.storePath, "--nats", edgeNats.url], { home });
  const ms = Date.now() - t0;
  assert.equal(r.code, 1);
  assert.match(r.stderr, /upstream nats:\/\/127\.0\.0\.1:\d+ \(prefix castore\) is unavailable/);
  assert.ok(ms < 8_000, `failed after ${ms} ms; a down upstream must fail fast`);
  // A path the edge never saw: the same answer, also at once.
  const t1 = Date.now();
  const r2 = await castore(["path-info", "get", "/nix/store/00000000000000000000000000000000-nothing", "--nats", edgeNats.url], { home });
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /upstream .* is unavailable/);
  assert.ok(Date.now() - t1 < 8_000);

  // The upstream comes back: reads go on.
  await upNats.restart();
  await waitForServices(upNats.url, SERVICES, 30_000).catch(() => undefined);
});

test("concurrent readers of one missing closure store it consistently; a tampered upstream chunk is refused and not cached", async (t) => {
  const { upNats, edgeNats, home } = await edgeAndUpstream(t);
  const r = JSON.parse((await ok(["import", makeTree("c1", 4), "--json", "--nats", upNats.url], { home })).toString()) as { storePath: string };
  const direct = await withStore(upNats.url, (s) => narOf(s, r.storePath));
  const nars = await withStore(edgeNats.url, (s) => Promise.all(Array.from({ length: 6 }, () => narOf(s, r.storePath))));
  for (const n of nars) assert.ok(n.equals(direct));
  const report = await fsckOf(edgeNats.url);
  assert.equal(report.problems, 0, JSON.stringify(report));

  // A blob of one chunk, tampered in the upstream's bucket behind its back.
  const data = bytes(40_000, 77);
  const digest = await withStore(upNats.url, async (s) => (await s.blobs.put(data)).digest);
  const nc = await connect({ servers: upNats.url });
  const chunks = await JetStreamChunkStore.open(nc, { prefix: "castore" });
  await chunks.tamper(digest, bytes(40_000, 78));
  await nc.close();
  await withStore(edgeNats.url, async (s) => {
    await assert.rejects(async () => readAll((await s.blobs.read(digest))!), /verification failed|internal error/);
  });
  const enc = await connect({ servers: edgeNats.url });
  try {
    const near = await JetStreamChunkStore.open(enc, { prefix: "castore" });
    assert.equal(await near.getChunk(B3Digest.parse(digest.toHex())), null, "the tampered chunk was not cached");
  } finally {
    await enc.close();
  }
});

test("three stores chained: a read at the last edge fills both edges", async (t) => {
  const central = await withNatsServer(t);
  const mid = await withNatsServer(t);
  const last = await withNatsServer(t);
  const home = freshHome(t);
  serve(t, ["--nats", central.url], { home });
  await waitForServices(central.url, SERVICES);
  serve(t, ["--nats", mid.url, "--upstream", central.url], { home });
  await waitForServices(mid.url, SERVICES);
  serve(t, ["--nats", last.url, "--upstream", mid.url], { home });
  await waitForServices(last.url, SERVICES);
  const r = JSON.parse((await ok(["import", makeTree("three", 5), "--json", "--nats", central.url], { home })).toString()) as { storePath: string };
  const direct = await ok(["nar", r.storePath, "--nats", central.url], { home });
  assert.ok((await ok(["nar", r.storePath, "--nats", last.url], { home })).equals(direct));
  for (const url of [mid.url, last.url]) {
    const report = await fsckOf(url);
    assert.equal(report.problems, 0, JSON.stringify(report));
    assert.ok(report.pathInfos >= 1 && report.directories >= 4, `${url} holds the path: ${JSON.stringify(report)}`);
  }
});
