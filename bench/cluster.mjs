// The loopback cluster under load (issue 15), in the same run:
//   1. the mixed load of test/src/load.ts (32 clients, each on its own NATS connection, in 2 worker
//      processes: blob put of 1–16 KiB and ~1 MiB, stat, full and ranged verified reads, small
//      directory closures put and got, path-info get and list; every answer checked exact) for a
//      fixed time against deploy/local/cluster.sh with 2 replicas of each service, and again with
//      replica 2 of each service SIGKILLed (`cluster.sh kill-service NAME 2`); throughput, p50/p99
//      and the ratio. After a 3 s warm-up, runs alternate the order (2, 1, 1, 2, …).
//   2. `castore import` (whole process) of a tree (bench/trees.mjs makeTree: 20k files of 0–4 KB,
//      100 per directory, + 4 × 20 MiB, as tree A of tree-ops.mjs) into the cluster (3 nodes, R3
//      buckets, 2 replicas of each service, each service its own process) vs into one nats-server
//      (R1) served by one `castore serve --nats` process. Each run imports a tree of its own seed
//      into both (every import a first import); both must give the same store path and NAR hash.
// Every process runs on this machine; with 2 cores, a second replica adds no CPU, and the
// cluster's three nats-servers compete with the services for the same cores. The "CPU busy"
// column (from /proc/stat) shows how saturated the machine was.
// Usage: node bench/cluster.mjs [seconds=15] [loadRuns=2] [importRuns=3] [files=20000]
// Needs the build (it imports test/dist/load.js and test/dist/local-cluster.js).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { startNatsServer } from "@castore/nats-server";
import { prepareFixture, runLoad, summarize } from "../test/dist/load.js";
import { waitStatus, withLocalCluster } from "../test/dist/local-cluster.js";
import { castoreBin, now, secondsSince, startServiceProcess } from "./blob-lib.mjs";
import { fmt, median, table, tempDir } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const seconds = Number(process.argv[2] ?? 15);
const loadRuns = Number(process.argv[3] ?? 2);
const importRuns = Number(process.argv[4] ?? 3);
const files = Number(process.argv[5] ?? 20_000);
const CLIENTS = 32;
const SERVICES = ["blob", "directory", "pathinfo", "nar-bridge"];
const work = tempDir("cluster");
const home = join(work, "home");

const T0 = now();
const say = (msg) => console.error(`${fmt(secondsSince(T0), 0).padStart(4)} s  ${msg}`);

/** Busy and total jiffies of all cores, from /proc/stat. */
function cpuTicks() {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + f[4];
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}
const busyBetween = (a, b) => (b.busy - a.busy) / (b.total - a.total);

// Everything started here is stopped at the end, also on error or Ctrl-C.
const cleanups = [];
const children = new Set();
async function cleanup() {
  for (const c of [...children]) await c.stop().catch(() => {});
  for (const fn of cleanups.reverse()) await fn();
  cleanups.length = 0;
}
for (const sig of ["SIGINT", "SIGTERM"]) process.once(sig, () => void cleanup().finally(() => process.exit(130)));

function castoreImport(src, nats) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(process.execPath, [castoreBin, "import", src, "--name", "tree", "--json", "--nats", nats], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, CASTORE_HOME: home },
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (s) => (out += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (err = (err + s).slice(-8192)));
    child.once("error", reject);
    child.once("close", (code) => {
      const s = secondsSince(t0);
      if (code !== 0) return reject(new Error(`castore import --nats ${nats.replace(/:[^:@/]*@/g, ":…@")} failed (${code}): ${err}`));
      const j = JSON.parse(out);
      resolve({ seconds: s, storePath: j.storePath, narHash: j.narHash });
    });
  });
}

const loads = { 2: [], 1: [] };
const imports = { r3: [], r1: [] };
try {
  say("cluster.sh up (3 nodes, 2 replicas of each service)");
  const cluster = await withLocalCluster({ after: (fn) => cleanups.push(fn) });
  await waitStatus(cluster);
  const fixture = await prepareFixture(cluster.natsUrl, work);

  // 1. The load with 2 and with 1 replica of each service, after an untimed warm-up; the order
  // alternates (2, 1, 1, 2, …) so that neither case always runs on a fresher cluster.
  say("warm-up load, 3 s (not counted)");
  await runLoad({ url: cluster.natsUrl, clients: CLIENTS, seconds: 3, fixture, procs: 2, seed: 999 });
  let current = 2;
  for (let i = 0; i < loadRuns; i++) {
    for (const replicas of i % 2 === 0 ? [2, 1] : [1, 2]) {
      if (replicas !== current) {
        if (replicas === 1) for (const s of SERVICES) await cluster.ok("kill-service", s, "2");
        else {
          for (const s of SERVICES) await cluster.ok("start-service", s, "2");
          await waitStatus(cluster);
        }
        current = replicas;
      }
      say(`load run ${i + 1}/${loadRuns}, ${replicas} replica(s) of each service, ${seconds} s`);
      const c0 = cpuTicks();
      const r = await runLoad({ url: cluster.natsUrl, clients: CLIENTS, seconds, fixture, procs: 2, seed: 10 * i + replicas });
      const busy = busyBetween(c0, cpuTicks());
      if (r.errors.length > 0) throw new Error(`${r.errors.length} operations failed, e.g. ${r.errors.slice(0, 3).join("; ")}`);
      loads[replicas].push({ r, busy, load: loadavg()[0] });
    }
  }
  if (current === 1) {
    for (const s of SERVICES) await cluster.ok("start-service", s, "2");
    await waitStatus(cluster);
  }

  // 2. Import into the cluster (R3) and into one nats-server (R1).
  say("starting one nats-server (R1) and castore serve --nats on it");
  const single = await startNatsServer({});
  cleanups.push(() => single.stop());
  await startServiceProcess([castoreBin, "serve", "--nats", single.url], { CASTORE_HOME: home, CASTORE_LOG_LEVEL: "info" }, children, /"msg":"serving"/, "castore serve");
  for (let i = 0; i < importRuns; i++) {
    const src = join(work, `tree${i}`);
    makeTree(src, { files, perDir: 100, maxSize: 4096, big: 4, bigSize: 20 << 20, seed: 42 + i });
    // Alternate who goes first (the page cache holds the tree for both after the first read).
    const order = i % 2 === 0 ? ["r3", "r1"] : ["r1", "r3"];
    const got = {};
    for (const where of order) {
      say(`import run ${i + 1}/${importRuns} into ${where === "r3" ? "the cluster (R3)" : "one nats-server (R1)"}`);
      const c0 = cpuTicks();
      const r = await castoreImport(src, where === "r3" ? cluster.natsUrl : single.url);
      got[where] = r;
      imports[where].push({ ...r, busy: busyBetween(c0, cpuTicks()) });
    }
    if (got.r3.storePath !== got.r1.storePath || got.r3.narHash !== got.r1.narHash) {
      throw new Error(`the imports differ: ${got.r3.storePath} ${got.r3.narHash} vs ${got.r1.storePath} ${got.r1.narHash}`);
    }
  }
} finally {
  say("stopping");
  await cleanup();
}

// Pooled figures per case: every run's latencies together.
function pooled(runs) {
  const all = { seconds: 0, bytesWritten: 0, bytesRead: 0, latencies: {}, errors: [], clients: CLIENTS, procs: 2 };
  for (const { r } of runs) {
    all.seconds += r.seconds;
    all.bytesWritten += r.bytesWritten;
    all.bytesRead += r.bytesRead;
    for (const [op, xs] of Object.entries(r.latencies)) (all.latencies[op] ??= []).push(...xs);
  }
  return summarize(all);
}
const two = pooled(loads[2]);
const one = pooled(loads[1]);
const pct = (x) => `${fmt(100 * x, 0)} %`;

console.log(`\n## Mixed load, ${CLIENTS} clients in 2 processes, ${loadRuns} × ${seconds} s per case (order alternating, after a warm-up); 0 errors in every run\n`);
table(
  ["case", "ops/s (pooled)", "ops/s per run", "MB/s", "p50 ms", "p99 ms", "CPU busy", "load avg"],
  [
    ["2 replicas of each service", fmt(two.opsPerSecond, 0), loads[2].map(({ r }) => fmt(summarize(r).opsPerSecond, 0)).join(" "), fmt(two.mbPerSecond, 1), fmt(two.perOp.at(-1).p50, 1), fmt(two.perOp.at(-1).p99, 1), loads[2].map((x) => pct(x.busy)).join(" "), loads[2].map((x) => fmt(x.load, 1)).join(" ")],
    ["1 replica (replica 2 of each SIGKILLed)", fmt(one.opsPerSecond, 0), loads[1].map(({ r }) => fmt(summarize(r).opsPerSecond, 0)).join(" "), fmt(one.mbPerSecond, 1), fmt(one.perOp.at(-1).p50, 1), fmt(one.perOp.at(-1).p99, 1), loads[1].map((x) => pct(x.busy)).join(" "), loads[1].map((x) => fmt(x.load, 1)).join(" ")],
    ["ratio 2 / 1", fmt(two.opsPerSecond / one.opsPerSecond), "", fmt(two.mbPerSecond / one.mbPerSecond), fmt(two.perOp.at(-1).p50 / one.perOp.at(-1).p50), fmt(two.perOp.at(-1).p99 / one.perOp.at(-1).p99), "", ""],
  ],
);
console.log("\nper operation (pooled):\n");
table(
  ["operation", "2 replicas: ops/s", "p50 ms", "p99 ms", "1 replica: ops/s", "p50 ms", "p99 ms"],
  two.perOp.map((f, k) => {
    const g = one.perOp[k];
    return [f.op, fmt(f.perSecond, 1), fmt(f.p50, 1), fmt(f.p99, 1), fmt(g.perSecond, 1), fmt(g.p50, 1), fmt(g.p99, 1)];
  }),
);

const r3 = median(imports.r3.map((x) => x.seconds));
const r1 = median(imports.r1.map((x) => x.seconds));
console.log(`\n## castore import of ${files} files of 0–4 KB + 4 × 20 MiB, a fresh tree per run, median of ${importRuns}\n`);
table(
  ["target", "s (median)", "s (all)", "CPU busy", "× R1"],
  [
    ["3-node cluster, R3 buckets, 2 replicas of each service (cluster.sh)", fmt(r3), imports.r3.map((x) => fmt(x.seconds)).join(" "), imports.r3.map((x) => pct(x.busy)).join(" "), fmt(r3 / r1)],
    ["one nats-server, R1, one `castore serve --nats`", fmt(r1), imports.r1.map((x) => fmt(x.seconds)).join(" "), imports.r1.map((x) => pct(x.busy)).join(" "), "1.00"],
  ],
);
console.log(`\nsame store path and NAR hash from both in every run; machine: ${(await import("node:os")).cpus().length} cores, every process on it`);
