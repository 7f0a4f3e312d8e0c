import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test, after, before } from "node:test";
import { startNatsCluster, type NatsClusterHandle } from "./cluster.js";
import { getJson, readServerInfo, sleep } from "./probe.js";
import { jsApi, rawRequest } from "./raw-nats.js";

interface StreamInfo {
  state: { messages: number };
  cluster: { leader?: string; replicas?: Array<{ name: string; current: boolean; offline?: boolean }> };
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`, { cause: lastError });
    await sleep(50);
  }
}

describe("a three-node JetStream cluster", () => {
  let cluster: NatsClusterHandle;
  before(async () => {
    cluster = await startNatsCluster();
  });
  after(() => cluster.stop());

  test("has three nodes on distinct ports that announce the cluster in INFO", async () => {
    assert.equal(cluster.servers.length, 3);
    assert.equal(new Set(cluster.urls).size, 3);
    for (const url of cluster.urls) {
      const info = await readServerInfo(url);
      assert.equal(info.cluster, cluster.name);
      assert.equal(info.jetstream, true);
    }
  });

  test("every node reports the same JetStream meta leader", async () => {
    const names = cluster.servers.map((s) => s.serverName);
    const leaders = await Promise.all(
      cluster.servers.map(async (s) => {
        const jsz = await getJson(`${s.monitorUrl}/jsz`);
        return (jsz.body as { meta_cluster: { leader: string } }).meta_cluster.leader;
      }),
    );
    assert.ok(names.includes(leaders[0] ?? ""), `leader ${leaders[0]} is one of ${names.join(", ")}`);
    assert.deepEqual(new Set(leaders).size, 1);
    assert.equal(await cluster.metaLeader(), leaders[0]);
  });

  test("an R3 stream keeps its data through a restart of one node", async () => {
    const [first, second] = cluster.urls;
    assert.ok(first !== undefined && second !== undefined);
    await jsApi(first, "STREAM.CREATE.R3", { name: "R3", subjects: ["r3.>"], storage: "file", num_replicas: 3 });
    assert.match(await rawRequest(first, "r3.a", "hello"), /"seq":1/);

    const node = cluster.servers[2];
    assert.ok(node !== undefined);
    const { port, storeDir } = node;
    await node.restart();
    assert.equal(node.port, port);
    assert.equal(node.storeDir, storeDir);
    assert.ok(existsSync(join(storeDir, "jetstream")));
    await cluster.waitReady();

    // Every replica, the restarted one included, is current again and the message survived.
    const info = await eventually("all R3 replicas current", async () => {
      const i = await jsApi<StreamInfo>(node.url, "STREAM.INFO.R3");
      const replicas = i.cluster.replicas ?? [];
      return replicas.length === 2 && replicas.every((r) => r.current) ? i : undefined;
    });
    assert.equal(info.state.messages, 1);
  });

  test("the others elect a new meta leader when the leader is killed, and it rejoins", async () => {
    const leaderName = await cluster.waitReady();
    const leader = cluster.servers.find((s) => s.serverName === leaderName);
    assert.ok(leader !== undefined);
    await leader.kill();
    assert.equal(leader.running, false);

    const survivors = cluster.servers.filter((s) => s !== leader);
    const next = await eventually("a new meta leader", async () => {
      const leaders = await Promise.all(
        survivors.map(async (s) => {
          const jsz = await getJson(`${s.monitorUrl}/jsz`);
          return (jsz.body as { meta_cluster: { leader?: string } }).meta_cluster.leader;
        }),
      );
      const l = leaders[0];
      return l !== undefined && l !== leaderName && leaders.every((x) => x === l) ? l : undefined;
    });
    assert.notEqual(next, leaderName);

    await leader.restart();
    assert.equal(await cluster.waitReady(), next);
    assert.equal((await readServerInfo(leader.url)).server_name, leaderName);
  });
});

test("stopping a cluster ends every node and removes its temp dir", async () => {
  const cluster = await startNatsCluster({ size: 2 });
  const dirs = cluster.servers.map((s) => s.storeDir);
  await cluster.stop();
  await cluster.stop();
  assert.ok(cluster.servers.every((s) => !s.running));
  assert.ok(dirs.every((d) => !existsSync(d)));
  await assert.rejects(readServerInfo(cluster.urls[0] ?? ""));
});
