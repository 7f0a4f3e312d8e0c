// Faults as users meet them, on real nats-server processes and real `castore` processes:
// losing one node of a 3-node JetStream cluster (R3) in the middle of an import, a nats-server
// restart of a few seconds in the middle of an import, and the services killed mid-upload.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { bucketName } from "@castore/core";
import { withNatsCluster, withNatsProcess, withNatsServer } from "@castore/nats-server";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { assertSameTree, castore, finished, freshHome, ok, okJson, serve, start, waitForServices } from "@castore/cli/testing";

const work = mkdtempSync(join(tmpdir(), "castore-faults-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** A tree of a few large random files and some small ones (`mib` MiB in all, roughly). */
function makeTree(name: string, mib: number): string {
  const root = join(work, name);
  mkdirSync(join(root, "small"), { recursive: true });
  for (let i = 0; i < mib / 8; i++) writeFileSync(join(root, `big-${i}`), randomBytes(8 << 20));
  for (let i = 0; i < 200; i++) writeFileSync(join(root, "small", `f${i}`), randomBytes(100 + i * 37));
  return root;
}

const SERVICES = ["castore-blob", "castore-directory", "castore-pathinfo"];

test("losing one node of a 3-node cluster in the middle of an import: the import succeeds, the export is exact", { timeout: 240_000 }, async (t) => {
  const cluster = await withNatsCluster(t);
  const urls = cluster.urls.join(",");
  // Two service replicas, each connected to the whole cluster.
  for (let i = 0; i < 2; i++) serve(t, ["--nats", urls, "--replicas", "3"], {});
  await waitForServices(cluster.urls[0]!, SERVICES, 60_000);
  const src = makeTree("cluster-src", 48);
  const home = freshHome(t);

  // Kill the leader of the chunks stream: the node whose loss forces an election on the hot path.
  const nc = await connect({ servers: [...cluster.urls] });
  const jsm = await jetstreamManager(nc);
  const leader = (await jsm.streams.info(`KV_${bucketName("castore", "chunks")}`)).cluster?.leader;
  await nc.close();
  const victim = cluster.servers.find((s) => s.serverName === leader) ?? cluster.servers[1]!;

  const importing = start(["import", src, "--json", "--nats", urls, "--replicas", "3"], { home });
  const done = finished(importing, 200_000);
  await sleep(2_000);
  await victim.kill("SIGKILL");
  const r = await done;
  assert.equal(r.code, 0, `the import survives the loss of ${victim.serverName}: ${r.stderr}`);
  const imported = JSON.parse(r.stdout.toString()) as { storePath: string };

  await victim.restart();
  await cluster.waitReady(60_000);
  const copy = join(work, "cluster-copy");
  await ok(["export", imported.storePath, copy, "--nats", urls], { home, timeoutMs: 120_000 });
  assertSameTree(copy, src);
});

test("a nats-server restart of 3 s in the middle of an import costs a pause, not a failed import", { timeout: 180_000 }, async (t) => {
  const server = await withNatsProcess(t);
  serve(t, ["--nats", server.url], {});
  await waitForServices(server.url, SERVICES);
  const src = makeTree("restart-src", 32);
  const home = freshHome(t);
  const importing = start(["import", src, "--json", "--nats", server.url], { home });
  const done = finished(importing, 150_000);
  await sleep(1_000);
  await server.kill("SIGKILL");
  await sleep(3_000);
  await server.restart();
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
  const imported = JSON.parse(r.stdout.toString()) as { storePath: string };
  const copy = join(work, "restart-copy");
  await ok(["export", imported.storePath, copy, "--nats", server.url], { home, timeoutMs: 120_000 });
  assertSameTree(copy, src);
});

test("services killed mid-upload: the import fails saying no castore service answers on the prefix, and how to start one", { timeout: 120_000 }, async (t) => {
  const server = await withNatsServer(t);
  const services = serve(t, ["--nats", server.url], {});
  await waitForServices(server.url, SERVICES);
  const src = makeTree("killed-src", 32);
  const home = freshHome(t);
  const importing = start(["import", src, "--nats", server.url], { home });
  const done = finished(importing, 100_000);
  // Kill them once the upload is under way (chunks are arriving).
  const nc = await connect({ servers: server.url });
  const jsm = await jetstreamManager(nc);
  for (let i = 0; i < 200 && (await jsm.streams.info(`KV_${bucketName("castore", "chunks")}`)).state.messages < 10; i++) await sleep(25);
  await nc.close();
  services.child.kill("SIGKILL");
  const started = Date.now();
  const r = await done;
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no castore (blob|directory|path-info) service answers on prefix castore \(\d+ attempts in [\d.]+ s\); start one with `castore serve`/);
  assert.ok(Date.now() - started < 60_000, "it gives up within the retry deadline");
  // Nothing of the tree became visible: with services back, its store path is not found.
  serve(t, ["--nats", server.url], {});
  await waitForServices(server.url, SERVICES);
  const { storePath } = await okJson(["hash", src, "--json"]);
  const get = await castore(["path-info", "get", String(storePath), "--nats", server.url], { home });
  assert.equal(get.code, 1);
  assert.match(get.stderr, /not found/);
});
