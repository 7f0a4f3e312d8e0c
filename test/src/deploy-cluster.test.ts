// deploy/local/cluster.sh as users run it: 3 JetStream nodes with accounts and least-privilege
// users, 2 replicas of each service, 2 nar-bridges. Faults in the middle of an import (a NATS node,
// one replica of each service), the whole cluster stopped and started again, and an edge
// nats-server joining as a leaf node with its own JetStream domain, castore at the edge keeping its
// buckets at the hub (--js-domain hub). One cluster for the file; stopped however the tests end.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { assertSameTree, bytes, finished, freshHome, ok, okJson, start, type Run } from "@castore/cli/testing";
import { isAlive, waitStatus, withLocalCluster, type LocalCluster } from "./local-cluster.js";

const work = mkdtempSync(join(tmpdir(), "castore-deploy-cluster-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** A tree of `small` files of 1–12 KB in directories of 50, and `big` files of 3 MB. */
function makeTree(dir: string, seed: number, small: number, big: number): string {
  for (let i = 0; i < small; i++) {
    const sub = join(dir, `d${Math.floor(i / 50)}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}`), bytes(1024 + ((i * 7919 + seed) % 11_264), seed * 100_003 + i));
  }
  mkdirSync(join(dir, "big"), { recursive: true });
  for (let i = 0; i < big; i++) writeFileSync(join(dir, "big", `b${i}`), bytes(3 << 20, seed * 7 + i + 1));
  return dir;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let cluster: LocalCluster;
// The cluster outlives single tests: stopped when the file ends, passed or failed.
const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});
const imported: { src: string; storePath: string }[] = [];

describe("the loopback cluster (deploy/local/cluster.sh)", { timeout: 600_000 }, () => {
  test("up: 3 nodes, 2 replicas of each service, 2 bridges; NATS_URL usable as printed; status passes", async (t) => {
    cluster = await withLocalCluster({ after: (fn) => cleanups.push(fn) });
    const urls = cluster.natsUrl.split(",");
    assert.equal(urls.length, 3);
    for (const u of urls) assert.match(u, /^nats:\/\/castore-writer:[^@]+@127\.0\.0\.1:\d+$/);
    assert.match(cluster.httpUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    const pids = cluster.pids();
    for (const name of ["nats-1", "nats-2", "nats-3", "blob-1", "blob-2", "directory-1", "directory-2", "pathinfo-1", "pathinfo-2", "nar-bridge-1", "nar-bridge-2"]) {
      assert.ok(pids[name] !== undefined && isAlive(pids[name]!), `${name} runs`);
    }
    await waitStatus(cluster);
    const st = await cluster.ok("status");
    assert.match(st.stdout, /CASTORE\/KV_castore-chunks_castore R3 current/);
    // The line as printed is all a writer needs.
    const home = freshHome(t);
    const src = makeTree(join(work, "small"), 1, 20, 0);
    const r = await okJson(["import", src, "--name", "small", "--nats", cluster.natsUrl], { home });
    imported.push({ src, storePath: String(r["storePath"]) });
    const res = await fetch(`${cluster.httpUrl}/${String(r["storePath"]).slice(11, 43)}.narinfo`);
    assert.equal(res.status, 200, "the nar-bridge answers for the path");
  });

  async function importWhile(t: { after(fn: () => unknown): void }, name: string, seed: number, fault: () => Promise<void>): Promise<void> {
    const home = freshHome(t);
    // Large enough that the import is still moving data when the fault strikes at 1.5 s, also on
    // a quiet machine (with 1,500 files + 4 × 3 MB and a strike at 2.5 s, CI once saw the import
    // finish first).
    const src = makeTree(join(work, name), seed, 3000, 8);
    const expected = await okJson(["hash", src, "--name", name], { home });
    const child = start(["import", src, "--name", name, "--json", "--nats", cluster.natsUrl], { home });
    child.stdin?.end();
    const done: Promise<Run> = finished(child, 300_000);
    await sleep(1500);
    assert.equal(child.exitCode, null, "the import is still running when the fault strikes");
    await fault();
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout.toString()) as Record<string, unknown>;
    assert.equal(out["storePath"], expected["storePath"]);
    assert.equal(out["narHash"], expected["narHash"]);
    imported.push({ src, storePath: String(out["storePath"]) });
  }

  async function exportEquals(t: { after(fn: () => unknown): void }, url: string, what: { src: string; storePath: string }, tag: string): Promise<void> {
    const home = freshHome(t);
    const dest = join(work, `export-${tag}-${Math.random().toString(36).slice(2)}`);
    await ok(["export", what.storePath, dest, "--nats", url], { home });
    assertSameTree(dest, what.src);
    rmSync(dest, { recursive: true, force: true });
  }

  test("kill one NATS node in the middle of importing a large tree: the import completes; restarted, the export equals the source", async (t) => {
    await importWhile(t, "tree-nats", 2, async () => {
      await cluster.ok("kill-nats", "2");
    });
    await cluster.ok("start-nats", "2");
    await waitStatus(cluster);
    await exportEquals(t, cluster.env["URL_CASTORE_READER"]!, imported.at(-1)!, "nats");
  });

  test("kill one replica of each service mid-transfer: the import completes; the export equals the source", async (t) => {
    await importWhile(t, "tree-replicas", 3, async () => {
      await Promise.all(["blob", "directory", "pathinfo", "nar-bridge"].map((s) => cluster.ok("kill-service", s, "1")));
      assert.equal((await cluster.sh("status")).code, 1, "status fails while a replica is down");
    });
    for (const s of ["blob", "directory", "pathinfo", "nar-bridge"]) await cluster.ok("start-service", s, "1");
    await waitStatus(cluster);
    await exportEquals(t, cluster.env["URL_CASTORE_READER"]!, imported.at(-1)!, "replicas");
  });

  test("stop and restart the whole cluster: no process is left, and everything imported before is intact", async (t) => {
    const before = cluster.pids();
    await cluster.ok("down");
    for (const [name, pid] of Object.entries(before)) assert.ok(!isAlive(pid), `${name} (pid ${pid}) is gone after down`);
    assert.deepEqual(cluster.pids(), {}, "no pid file is left");
    const up = await cluster.ok("up");
    assert.match(up.stdout, /^NATS_URL=/m);
    await waitStatus(cluster);
    for (const [i, what] of imported.entries()) await exportEquals(t, cluster.natsUrl, what, `restart${i}`);
    const res = await fetch(`${cluster.httpUrl}/${imported[0]!.storePath.slice(11, 43)}.narinfo`);
    assert.equal(res.status, 200);
  });

  test("leaf node: an import at the edge through the leaf (castore there with --js-domain hub) is read back at the hub", async (t) => {
    const edge = await cluster.ok("edge-up");
    assert.match(edge.stdout, /^EDGE_NATS_URL=/m);
    const home = freshHome(t);
    // castore at the edge: its services on the edge server, their buckets in the hub's domain.
    const serve = start(["serve"], {
      home,
      env: { CASTORE_NATS_URL: cluster.env["EDGE_URL_CASTORE_SERVE"]!, CASTORE_JS_DOMAIN: "hub", CASTORE_REPLICAS: "3", CASTORE_LOG_LEVEL: "info" },
    });
    serve.stdin?.end();
    const served = finished(serve, 300_000);
    served.catch(() => undefined);
    t.after(async () => {
      if (serve.exitCode === null) serve.kill("SIGTERM");
      await served.catch(() => undefined);
      await cluster.sh("edge-down");
    });
    let log = "";
    serve.stderr?.on("data", (b: Buffer) => (log += b.toString()));
    for (let i = 0; i < 300 && !log.includes('"msg":"serving"'); i++) await sleep(100);
    assert.match(log, /"msg":"serving"/, log);

    const src = makeTree(join(work, "edge"), 4, 200, 1);
    const r = await okJson(["import", src, "--name", "edge", "--nats", cluster.env["EDGE_URL_CASTORE_WRITER"]!], { home });
    await exportEquals(t, cluster.env["URL_CASTORE_READER"]!, { src, storePath: String(r["storePath"]) }, "hub");
    // The edge's own JetStream domain holds no castore bucket: they are at the hub.
    const jsz = (await (await fetch(`http://127.0.0.1:${cluster.env["EDGE_MONITOR"]}/jsz`)).json()) as { streams?: number };
    assert.equal(jsz.streams ?? 0, 0, "no stream in the edge's domain");
    serve.kill("SIGTERM");
    const end = await served;
    assert.equal(end.code, 0, end.stderr);
  });
});
