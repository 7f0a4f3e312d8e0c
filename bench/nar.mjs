// `castore nar` (whole process, --nats, services in a child `castore serve`) against
// `nix-store --dump` of the same tree on disk; for a tree of 20k small files, files/s of
// `castore nar` next to raw `kv.get` of as many chunk keys with the same concurrency (64, the
// renderer's prefetch window); calculateNar (NatsPathInfoService, server-side) cold and cached.
// Usage: node bench/nar.mjs [bigMiB=64] [bigFiles=4] [smallFiles=20000] [runs=3]
//   node bench/nar.mjs 95.37 4   → 4 × 100 MB (the size)
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { B3Digest, bucketName, parseStorePath, renameNode } from "@castore/core";
import { mapConcurrent } from "@castore/service-kit";
import { NatsPathInfoService, narCacheKey } from "@castore/pathinfo";
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { castoreBin, cpuSecondsOf, mbps, now, runTimed, secondsSince, startServiceProcess, withBenchNats } from "./blob-lib.mjs";
import { MiB, fmt, median, run, table, tempDir } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const bigMiB = Number(process.argv[2] ?? 64);
const bigFiles = Number(process.argv[3] ?? 4);
const smallFiles = Number(process.argv[4] ?? 20_000);
const runs = Number(process.argv[5] ?? 3);
const PREFIX = "bench";
const CONCURRENCY = 64;

const work = tempDir("nar");
const home = join(work, "home");
const bigTree = join(work, "big");
const smallTree = join(work, "small");
const bigSize = Math.floor((bigMiB * MiB) / 4) * 4;
console.error(`writing trees: ${bigFiles} × ${fmt(bigSize / 1e6, 1)} MB, ${smallFiles} small files ...`);
mkdirSync(bigTree, { recursive: true });
const bigBytes = makeTree(bigTree, { files: 0, big: bigFiles, bigSize, seed: 7 });
makeTree(smallTree, { files: smallFiles });

/** Every regular file's BLAKE3 digest (hex), for the raw kv.get baseline. */
function fileDigests(root) {
  const out = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const p = join(root, e.name);
    if (e.isDirectory()) out.push(...fileDigests(p));
    else if (e.isFile() && statSync(p).size > 0) out.push(B3Digest.of(readFileSync(p)).toHex());
  }
  return out;
}

/** `castore serve` of PREFIX as a child process; resolves once it logged "serving". */
const startServe = (url, children) =>
  startServiceProcess([castoreBin, "serve", "--nats", url, "--prefix", PREFIX], { CASTORE_HOME: home, CASTORE_LOG_LEVEL: "info" }, children, /serving/, "castore serve");

const cli = (url, ...args) => [castoreBin, ...args, "--nats", url, "--prefix", PREFIX];
const env = { CASTORE_HOME: home };

/**
 * Seconds of one whole command whose stdout is read through a pipe by this process (as a
 * consumer would; /dev/null lets a writer skip the copy). Checks the byte count.
 */
function timePiped(cmd, args, expectBytes, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...extraEnv } });
    let n = 0;
    let err = "";
    child.stdout.on("data", (b) => (n += b.length));
    child.stderr.setEncoding("utf8").on("data", (s) => (err = (err + s).slice(-4096)));
    child.once("error", reject);
    child.once("close", (code) => {
      const seconds = secondsSince(t0);
      if (code !== 0) reject(new Error(`${cmd} ${args.join(" ")} failed (${code}): ${err}`));
      else if (BigInt(n) !== expectBytes) reject(new Error(`${cmd} ${args.join(" ")} wrote ${n} bytes, expected ${expectBytes}`));
      else resolve(seconds);
    });
  });
}

/** Median (and range) of `runs` runs after one warm-up. */
async function timeCommand(cmd, args, expectBytes, extraEnv) {
  await timePiped(cmd, args, expectBytes, extraEnv);
  const ts = [];
  for (let i = 0; i < runs; i++) ts.push(await timePiped(cmd, args, expectBytes, extraEnv));
  return { median: median(ts), min: Math.min(...ts), max: Math.max(...ts) };
}

await withBenchNats(async ({ server, nc, children }) => {
  const svc = await startServe(server.url, children);
  const importJson = async (dir) => JSON.parse((await runTimed(process.execPath, cli(server.url, "import", dir, "--json"), { env })).stdout);
  console.error("importing ...");
  const big = await importJson(bigTree);
  const small = await importJson(smallTree);
  const narBytes = { big: BigInt(big.narSize), small: BigInt(small.narSize) };

  console.error("timing nar ...");
  const cpu0 = cpuSecondsOf(svc.pid);
  const nixBig = await timeCommand("nix-store", ["--dump", bigTree], narBytes.big);
  const oursBig = await timeCommand(process.execPath, cli(server.url, "nar", big.storePath), narBytes.big, env);
  const nixSmall = await timeCommand("nix-store", ["--dump", smallTree], narBytes.small);
  const oursSmall = await timeCommand(process.execPath, cli(server.url, "nar", small.storePath), narBytes.small, env);
  // What every castore process pays before any NAR byte: start-up, connect, service checks.
  const empty = join(work, "empty");
  mkdirSync(empty);
  const tiny = await importJson(empty);
  const startup = await timeCommand(process.execPath, cli(server.url, "nar", tiny.storePath), BigInt(tiny.narSize), env);
  const svcCpu = cpuSecondsOf(svc.pid) - cpu0;

  // Raw baseline: the small files' chunks straight from the KV bucket, 64 gets in flight.
  const kv = await new Kvm(jetstream(nc)).open(bucketName(PREFIX, "chunks"));
  const keys = fileDigests(smallTree);
  const rawTimes = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = now();
    const got = await mapConcurrent(keys, CONCURRENCY, (k) => kv.get(k));
    if (got.some((e) => e === null)) throw new Error("a chunk is missing from the bucket");
    if (i > 0) rawTimes.push(secondsSince(t0));
  }
  const raw = median(rawTimes);

  console.log(`\n## castore nar vs nix-store --dump (median of ${runs} runs after a warm-up; stdout read through a pipe)\n`);
  const row = (label, t, bytes, base, files) => [
    label,
    fmt(t.median, 3),
    `${fmt(t.min, 3)}–${fmt(t.max, 3)}`,
    fmt(mbps(Number(bytes), t.median), 0),
    files ? fmt(files / t.median, 0) : "—",
    base ? fmt(base.median / t.median) : "1.00",
  ];
  table(
    ["case", "s (median)", "s (min–max)", "NAR MB/s", "files/s", "× nix"],
    [
      row(`nix-store --dump, ${bigFiles} × ${fmt(bigSize / 1e6, 0)} MB`, nixBig, narBytes.big),
      row(`castore nar --nats, ${bigFiles} × ${fmt(bigSize / 1e6, 0)} MB`, oursBig, narBytes.big, nixBig),
      row(`nix-store --dump, ${smallFiles} small files`, nixSmall, narBytes.small, undefined, smallFiles),
      row(`castore nar --nats, ${smallFiles} small files`, oursSmall, narBytes.small, nixSmall, smallFiles),
      [`(context) castore nar --nats of an empty directory: fixed cost`, fmt(startup.median, 3), `${fmt(startup.min, 3)}–${fmt(startup.max, 3)}`, "—", "—", "—"],
    ],
  );
  console.log(`\nservice process CPU over all nar runs: ${fmt(svcCpu, 1)} s; tree data ${fmt(bigBytes / 1e6, 0)} MB`);

  console.log(`\n## small files: castore nar vs raw kv.get (${keys.length} non-empty files, ${CONCURRENCY} in flight)\n`);
  table(
    ["case", "seconds", "files/s", "× raw"],
    [
      ["raw kv.get of the chunk keys", fmt(raw, 3), fmt(keys.length / raw, 0), "1.00"],
      ["castore nar --nats (whole process)", fmt(oursSmall.median, 3), fmt(smallFiles / oursSmall.median, 0), fmt(raw / oursSmall.median)],
    ],
  );

  // calculateNar through the path-info service: cold (cache entry purged before each run), cached.
  const infos = new NatsPathInfoService(nc, { prefix: PREFIX });
  const cache = await new Kvm(jetstream(nc)).open(bucketName(PREFIX, "narcache"));
  const rows = [];
  for (const [label, j] of [[`${bigFiles} × ${fmt(bigSize / 1e6, 0)} MB`, big], [`${smallFiles} small files`, small]]) {
    const info = await infos.get(parseStorePath(j.storePath).digest);
    const node = renameNode(info.node, new Uint8Array(0));
    const cold = [];
    const warm = [];
    for (let i = 0; i < runs; i++) {
      await cache.purge(narCacheKey(node));
      let t0 = now();
      const f = await infos.calculateNar(node);
      cold.push(secondsSince(t0));
      if (f.narSize !== BigInt(j.narSize)) throw new Error(`calculateNar says ${f.narSize} bytes, import said ${j.narSize}`);
      t0 = now();
      await infos.calculateNar(node);
      warm.push(secondsSince(t0));
    }
    rows.push([label, fmt(median(cold), 3), fmt(mbps(Number(j.narSize), median(cold)), 0), fmt(median(warm) * 1000, 2)]);
  }
  console.log(`\n## calculateNar (NatsPathInfoService → path-info service; median of ${runs})\n`);
  table(["tree", "cold s", "cold NAR MB/s", "cached ms"], rows);

  const ratio = nixBig.median / oursBig.median;
  console.log(`\n- goal castore nar ≥ 0.5× nix-store --dump (large files, through NATS): ${ratio >= 0.5 ? "met" : "NOT met"} (${fmt(ratio)}×)`);
  await svc.stop();
});
