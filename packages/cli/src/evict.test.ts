// `castore serve --upstream URL --max-bytes N`: a bounded edge store on its own nats-server, under
// concurrent reads of more distinct store paths than fit, evicts what was read least recently while
// the reads go on. Every read is exact (the NAR the upstream renders), the edge's size stays near
// its bound, fsck on the edge passes during the load and after, and a path evicted from the edge is
// read again through the upstream (and kept again).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { nixbase32Decode } from "@castore/core";
import { withNatsProcess, withNatsServer } from "@castore/nats-server";
import { JetStreamPathInfoStore } from "@castore/pathinfo";
import { fsck, openStore, storeBytes, type Store } from "@castore/store";
import { connect } from "@nats-io/transport-node";
import { bytes, freshHome, sleep } from "./cli.test-util.js";
import { serve, waitForServices } from "./serve.test-util.js";

const SERVICES = ["castore-blob", "castore-directory", "castore-pathinfo"];
const work = mkdtempSync(join(tmpdir(), "castore-evict-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

const KiB = 1024;
const MiB = 1024 * KiB;
/** The edge's bound; the store paths read add up to about four times it. */
const BOUND = 6 * MiB;
const PATHS = 24;

/** About 1 MiB: small files in two directories and one file of several chunks, all distinct per seed. */
function makeTree(seed: number): string {
  const root = join(work, `t${seed}`);
  for (const sub of ["a", "a/b"]) {
    mkdirSync(join(root, sub), { recursive: true });
    for (let i = 0; i < 24; i++) writeFileSync(join(root, sub, `f${i}`), bytes(500 + ((i * 331) % 6000), seed * 1000 + i + (sub === "a" ? 0 : 500)));
  }
  writeFileSync(join(root, "big"), bytes(800 * KiB, seed + 7777));
  return root;
}

async function narOf(s: Store, path: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of s.nar(path)) parts.push(p);
  return Buffer.concat(parts);
}

async function onNats<T>(url: string, fn: (nc: Awaited<ReturnType<typeof connect>>) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: url });
  try {
    return await fn(nc);
  } finally {
    await nc.close();
  }
}

const hashOf = (storePath: string): Uint8Array => nixbase32Decode(storePath.slice("/nix/store/".length, "/nix/store/".length + 32));

test("a bounded near store evicting under load while reads go on: every read exact, the size near its bound, fsck passing", async (t) => {
  const upNats = await withNatsProcess(t);
  const edgeNats = await withNatsServer(t);
  const home = freshHome(t);
  serve(t, ["--nats", upNats.url], { home });
  await waitForServices(upNats.url, SERVICES);
  const edgeServe = serve(t, ["--nats", edgeNats.url, "--upstream", `${upNats.url}?prefix=castore`, "--max-bytes", String(BOUND), "--evict-grace", "1s"], {
    home,
    ...(process.env["DEBUG_EVICT"] ? { env: { CASTORE_LOG_LEVEL: "debug" } } : {}),
  });
  if (process.env["DEBUG_EVICT"]) edgeServe.child.stderr?.on("data", (b: Buffer) => process.stderr.write(b));
  await waitForServices(edgeNats.url, SERVICES);

  // The upstream's store paths and their NARs, rendered there.
  const up = await openStore(upNats.url);
  const paths: string[] = [];
  const nars = new Map<string, Buffer>();
  try {
    for (let i = 0; i < PATHS; i++) {
      const r = await up.importPath(makeTree(i + 1), { name: `evict-${i}` });
      paths.push(r.storePath);
      nars.set(r.storePath, await narOf(up, r.storePath));
    }
  } finally {
    await up.close();
  }
  const total = [...nars.values()].reduce((a, n) => a + n.length, 0);
  assert.ok(total > 3 * BOUND, `the paths (${total} bytes of NAR) are several times the bound`);

  // Readers: each reads store paths through the edge, mostly from a window that moves over all of
  // them (so what was read least recently goes), now and then one from anywhere.
  const edge = await openStore(edgeNats.url);
  const sizes: number[] = [];
  let reads = 0;
  let fsckDuring: Awaited<ReturnType<typeof fsck>> | null = null;
  // fsck holds the store's gc lease while it reads, so eviction pauses (and the store grows) meanwhile.
  let fscking = false;
  try {
    // First use checks that the edge's services answer: done once here, not under the load.
    assert.ok((await narOf(edge, paths[0]!)).equals(nars.get(paths[0]!)!));
    const started = Date.now();
    const LOAD_MS = 14_000;
    let stop = false;
    const reader = async (n: number): Promise<void> => {
      let k = n;
      while (!stop) {
        const window = Math.floor(((Date.now() - started) / LOAD_MS) * PATHS);
        const i = k++ % 5 === 0 ? (k * 7 + n) % PATHS : (window + (k % 3)) % PATHS;
        const path = paths[i]!;
        const got = await narOf(edge, path);
        assert.ok(got.equals(nars.get(path)!), `read ${reads} of ${path} through the edge is exact`);
        reads++;
        await sleep(150);
      }
    };
    const sampler = (async () => {
      await onNats(edgeNats.url, async (nc) => {
        while (!stop) {
          const n = await storeBytes(nc, { prefix: "castore" });
          if (!fscking) sizes.push(n);
          await sleep(250);
        }
      });
    })();
    const failures: unknown[] = [];
    const readers = [0, 1].map((n) =>
      reader(n).catch((e) => {
        failures.push(e);
        stop = true;
      }),
    );
    // fsck in the middle of the load (it pauses eviction while it reads; the fills go on).
    await sleep(LOAD_MS / 2);
    const f0 = Date.now();
    fscking = true;
    fsckDuring = await onNats(edgeNats.url, (nc) => fsck(nc, { prefix: "castore" }));
    await sleep(1500); // a cycle or two to come back under the bound
    fscking = false;
    if (process.env["DEBUG_EVICT"]) console.error(`fsck during the load took ${Date.now() - f0} ms`);
    await sleep(Math.max(0, started + LOAD_MS - Date.now()));
    stop = true;
    await Promise.all([...readers, sampler]);
    if (failures.length > 0) throw failures[0];
  } finally {
    await edge.close();
  }
  if (process.env["DEBUG_EVICT"]) console.error(`reads ${reads}; sizes ${sizes.join(" ")}`);
  assert.equal(fsckDuring!.problems, 0, `fsck during the load: ${JSON.stringify(fsckDuring)}`);
  assert.ok(reads >= PATHS, `the readers read ${reads} store paths`);
  const peak = Math.max(...sizes);
  assert.ok(peak <= 3 * BOUND, `the edge stayed under three times its bound while filling (peak ${peak} bytes, bound ${BOUND}; sizes ${sizes.join(" ")})`);

  // Load over: within a few cycles the edge is under its bound, consistent, and has evicted paths.
  let settled = Infinity;
  for (let i = 0; i < 20 && settled > BOUND; i++) {
    await sleep(500);
    settled = await onNats(edgeNats.url, (nc) => storeBytes(nc, { prefix: "castore" }));
  }
  assert.ok(settled <= BOUND, `the edge is under its bound once reads stop (${settled} bytes)`);
  const report = await onNats(edgeNats.url, (nc) => fsck(nc, { prefix: "castore" }));
  assert.equal(report.problems, 0, `fsck after the load: ${JSON.stringify(report)}`);
  const present = await onNats(edgeNats.url, async (nc) => {
    const infos = await JetStreamPathInfoStore.open(nc, { prefix: "castore" });
    return Promise.all(paths.map(async (p) => (await infos.get(hashOf(p))) !== null));
  });
  const gone = paths.filter((_, i) => !present[i]);
  if (process.env["DEBUG_EVICT"]) console.error(`after: ${settled} bytes, ${gone.length} evicted, fsck ${JSON.stringify(report)}`);
  assert.ok(gone.length >= PATHS / 3, `store paths were evicted from the edge (${gone.length} of ${PATHS})`);

  // An evicted path read again comes through the upstream, exact, and is at the edge again.
  const again = gone[0]!;
  const s = await openStore(edgeNats.url);
  try {
    assert.ok((await narOf(s, again)).equals(nars.get(again)!), "an evicted path reads exactly through the upstream");
  } finally {
    await s.close();
  }
  const back = await onNats(edgeNats.url, async (nc) => (await JetStreamPathInfoStore.open(nc, { prefix: "castore" })).get(hashOf(again)));
  assert.ok(back !== null, "and its path info is at the edge again");
});
