// Load on the loopback cluster (deploy/local/cluster.sh: 3 JetStream nodes, 2 replicas of each
// service): 32 clients, each on its own NATS connection, in 2 worker processes, mixing blob
// put/stat/read, directory put/get and path-info get/list for a fixed time (load.ts). Every answer
// is checked exact; the figures are printed, never asserted (the machine decides them).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { withLocalCluster } from "./local-cluster.js";
import { describe, prepareFixture, runLoad } from "./load.js";

const work = mkdtempSync(join(tmpdir(), "castore-deploy-load-"));
after(() => rmSync(work, { recursive: true, force: true }));

const CLIENTS = 32;
const SECONDS = Number(process.env["CASTORE_LOAD_SECONDS"] ?? 12);

test(`load: ${CLIENTS} concurrent clients mixing put/stat/read/get for ${SECONDS} s: zero errors; throughput and p50/p99 printed`, { timeout: 180_000 }, async (t) => {
  const cluster = await withLocalCluster(t);
  const fixture = await prepareFixture(cluster.natsUrl, work);
  const r = await runLoad({ url: cluster.natsUrl, clients: CLIENTS, seconds: SECONDS, fixture, procs: 2 });
  for (const line of describe(r)) t.diagnostic(line);
  assert.deepEqual(r.errors.slice(0, 10), [], `${r.errors.length} operations failed`);
  for (const [op, xs] of Object.entries(r.latencies)) assert.ok(xs.length > 0, `${op} ran at least once`);
  // The cluster is still whole after the load.
  assert.equal((await cluster.sh("status")).code, 0, "cluster.sh status passes after the load");
});
