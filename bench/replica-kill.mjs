// What a dead service replica costs an import (issue 10, item 2): two `castore serve` replicas on
// one nats-server; `castore import --nats` of the same kind of tree into a fresh prefix, once with
// both replicas alive and once with one of them killed (SIGKILL) a third of the way in. Requests
// in flight at the dying replica are retried after an attempt timeout sized to the request (a few
// seconds, not a fixed ten), so the import should cost at most about twice its normal time.
//   node bench/replica-kill.mjs [files=5000] [bigMiB=64] [runs=3]
import { spawn } from "node:child_process";
import { join } from "node:path";
import { startNatsServer } from "@castore/nats-server";
import { fmt, median, table, tempDir } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const files = Number(process.argv[2] ?? 5000);
const bigMiB = Number(process.argv[3] ?? 64);
const runs = Number(process.argv[4] ?? 3);
const castoreBin = new URL("../packages/cli/bin/castore.js", import.meta.url).pathname;
const work = tempDir("replica-kill");
const home = join(work, "home");
const src = join(work, "src");
makeTree(src, { files, perDir: 100, maxSize: 4096, big: 4, bigSize: Math.round((bigMiB << 20) / 4) });

const server = await startNatsServer({});
const children = new Set();
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});

function serve(prefix) {
  const child = spawn(process.execPath, [castoreBin, "serve", "--nats", server.url, "--prefix", prefix], {
    env: { ...process.env, CASTORE_HOME: home, CASTORE_LOG_LEVEL: "info" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.add(child);
  let log = "";
  return new Promise((resolve, reject) => {
    child.stderr.setEncoding("utf8").on("data", (s) => {
      log = (log + s).slice(-4096);
      if (/"msg":"serving"/.test(log)) resolve(child);
    });
    child.once("exit", (c) => reject(new Error(`castore serve exited (${c}): ${log}`)));
  });
}

function importOnce(prefix, onStart) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [castoreBin, "import", src, "--json", "--nats", server.url, "--prefix", prefix], {
      env: { ...process.env, CASTORE_HOME: home },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.stdout.resume();
    onStart?.();
    child.once("exit", (code) => (code === 0 ? resolve((performance.now() - t0) / 1000) : reject(new Error(`import failed (${code}): ${err}`))));
  });
}

async function stopAll(replicas) {
  for (const r of replicas) {
    if (r.exitCode === null && r.signalCode === null) r.kill("SIGTERM");
    await new Promise((res) => (r.exitCode !== null || r.signalCode !== null ? res() : r.once("exit", res)));
    children.delete(r);
  }
}

const normal = [];
const killed = [];
try {
  for (let i = 0; i < runs; i++) {
    // Both alive.
    let prefix = `normal${i}`;
    let replicas = [await serve(prefix), await serve(prefix)];
    normal.push(await importOnce(prefix));
    await stopAll(replicas);
    // One killed a third of the way in (measured against this run's normal time).
    prefix = `killed${i}`;
    replicas = [await serve(prefix), await serve(prefix)];
    const at = (normal[normal.length - 1] * 1000) / 3;
    killed.push(
      await importOnce(prefix, () => {
        setTimeout(() => replicas[0].kill("SIGKILL"), at);
      }),
    );
    await stopAll(replicas);
  }
} finally {
  await server.stop();
}

const n = median(normal);
const k = median(killed);
console.log(`castore import --nats of ${files} small files + 4 × ${bigMiB / 4} MiB, two castore serve replicas, median of ${runs}\n`);
table(
  ["case", "s (median)", "s (all)", "× normal"],
  [
    ["both replicas alive", fmt(n), normal.map((x) => fmt(x)).join(" "), "1.00"],
    ["one replica SIGKILLed a third of the way in", fmt(k), killed.map((x) => fmt(x)).join(" "), fmt(k / n)],
  ],
);
console.log("\ngoal: ≤ ~2× (before this change: 12.7 s and 32.6 s against 4.5 s, i.e. 2.8–7.2×)");
