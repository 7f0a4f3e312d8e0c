// `castore mount` (issue 16): reads through the FUSE mount against the same run's anchors, on a
// private nats-server with `castore serve --nats URL --prefix P` in a child process and
// `castore mount MNT --nats URL --prefix P` in another; every reader is a separate process.
//   1. Sequential read of a 500 MB file: `cat MNT/<path> > /dev/null` vs
//      `castore cat <path> --nats URL > /dev/null`: speed mount / speed castore cat, goal ≥ 0.7×.
//   2. `find DIR -type f -print0 | xargs -0 cat > /dev/null` over the 20k-file tree (bench/trees.mjs
//      tree A without its big files) through a new mount vs on the source directory, both warm (the
//      source in the page cache; the store's JetStream files read once before): speed ratio,
//      goal ≥ 0.3×. Shown too: a second walk through the same mount (the kernel's caches warm).
//   3. Random 4 KiB reads (aligned, uniformly placed) of the 500 MB file: p50 latency of a pread
//      through the mount vs p50 of `castore cat <path> --offset O --length 4096` (a whole process
//      each), goal ≤ 3×; shown too: the p50 of the same range read in-process through the blob
//      service's NATS client (NatsBlobService.read with offset/length, verified), the floor of
//      any reader.
// The mount is restarted before every mount timing, so neither the kernel's page cache nor the
// mount's caches hold the measured data from an earlier run (a figure with the kernel's page cache
// warm is shown apart); a small warm-up store path (2,000 files and an 8 MB file) is read through
// each new mount first, so the timings are those of a running mount, not of a fresh process.
// Runs alternate who goes first; medians with min–max.
// Usage: node bench/mount.mjs [runs=3] [sizeMB=500] [files=20000]
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { B3Digest } from "@castore/core";
import { NatsBlobService } from "@castore/blob";
import { castoreBin, drain, now, secondsSince, startServiceProcess, verdict, withBenchNats, writeRandomFile } from "./blob-lib.mjs";
import { fmt, median, run, table, tempDir } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const runs = Number(process.argv[2] ?? 3);
const sizeMB = Number(process.argv[3] ?? 500);
const files = Number(process.argv[4] ?? 20_000);
const RANDOM_READS = 200;
const work = tempDir("mount");
const home = join(work, "home");
const big = join(work, "big");
const tree = join(work, "tree");
const warmTree = join(work, "warmup");
const mnt = join(work, "mnt");
mkdirSync(mnt);

const size = sizeMB * 1e6;
console.error(`writing a ${sizeMB} MB file and a ${files}-file tree under ${work}`);
writeRandomFile(big, size);
makeTree(tree, { files });
makeTree(warmTree, { files: 2000, seed: 7 });
writeRandomFile(join(warmTree, "eight-mb"), 8e6);

const isMounted = () => readFileSync("/proc/self/mountinfo", "utf8").split("\n").some((l) => l.split(" ")[4] === mnt);

/** Runs a shell command line; resolves its seconds (stdout discarded). */
function sh(line, env = {}) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn("sh", ["-c", line], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } });
    let err = "";
    child.stderr.setEncoding("utf8").on("data", (s) => (err = (err + s).slice(-4096)));
    child.once("exit", (code) => (code === 0 ? resolve(secondsSince(t0)) : reject(new Error(`${line} failed (${code}): ${err}`))));
  });
}

/** A node script in a child process; resolves its stdout parsed as JSON. */
function nodeJson(script, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script, "--", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (s) => (out += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (err += s));
    child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`reader failed (${code}): ${err}`))));
  });
}

// Random aligned 4 KiB preads of a file, each timed; prints the seconds of each as JSON.
const PREADS = `
const fs = require("node:fs");
const [, file, count, size, seed] = process.argv;
const fd = fs.openSync(file, "r");
const buf = Buffer.alloc(4096);
let x = Number(seed);
const times = [];
for (let i = 0; i < Number(count); i++) {
  x = (x * 1103515245 + 12345) >>> 0;
  const off = Math.floor((x / 2 ** 32) * (Number(size) / 4096 - 1)) * 4096;
  const t0 = process.hrtime.bigint();
  if (fs.readSync(fd, buf, 0, 4096, off) !== 4096) throw new Error("short read at " + off);
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
console.log(JSON.stringify(times));`;

function offsets(count, seed) {
  let x = seed;
  const out = [];
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(Math.floor((x / 2 ** 32) * (size / 4096 - 1)) * 4096);
  }
  return out;
}

const span = (xs, unit = 1, digits = 2) => `${fmt(median(xs) * unit, digits)} (${fmt(Math.min(...xs) * unit, digits)}–${fmt(Math.max(...xs) * unit, digits)})`;

await withBenchNats(async ({ server, nc, children }) => {
  const prefix = "benchmount";
  const store = ["--nats", server.url, "--prefix", prefix];
  const env = { CASTORE_HOME: home };
  await startServiceProcess([castoreBin, "serve", ...store], env, children, /"msg":"serving"/, "castore serve");
  const imp = (p) => run(process.execPath, [castoreBin, "import", p, "--json", ...store], { env: { ...process.env, ...env } });
  const bigInfo = JSON.parse(imp(big));
  const treeInfo = JSON.parse(imp(tree));
  const warmPath = JSON.parse(imp(warmTree)).storePath.split("/").pop();
  const bigPath = bigInfo.storePath.split("/").pop();
  const treePath = treeInfo.storePath.split("/").pop();
  const bigDigest = B3Digest.parse(bigInfo.digest);
  let mount = null;
  const remount = async () => {
    if (mount) await mount.stop();
    mount = await startServiceProcess([castoreBin, "mount", mnt, ...store], env, children, /"msg":"mounted"/, "castore mount");
    await sh(`find "${join(mnt, warmPath)}" -type f -print0 | xargs -0 cat > /dev/null`);
  };
  try {
    // Warm-up: the store's files, the source tree and the big file in the page cache; JIT.
    await remount();
    await sh(`cat "${join(mnt, bigPath)}" > /dev/null`);
    await sh(`find "${join(mnt, treePath)}" -type f -print0 | xargs -0 cat > /dev/null`);
    await sh(`find "${tree}" -type f -print0 | xargs -0 cat > /dev/null`);
    await sh(`node "${castoreBin}" cat ${bigPath} ${store.join(" ")} > /dev/null`, env);

    const seqMount = [];
    const seqCat = [];
    const seqWarm = [];
    const treeMount = [];
    const treeSrc = [];
    const treeWarm = [];
    for (let r = 0; r < runs; r++) {
      const catFirst = r % 2 === 1;
      if (catFirst) seqCat.push(await sh(`node "${castoreBin}" cat ${bigPath} ${store.join(" ")} > /dev/null`, env));
      await remount();
      seqMount.push(await sh(`cat "${join(mnt, bigPath)}" > /dev/null`));
      seqWarm.push(await sh(`cat "${join(mnt, bigPath)}" > /dev/null`));
      if (!catFirst) seqCat.push(await sh(`node "${castoreBin}" cat ${bigPath} ${store.join(" ")} > /dev/null`, env));

      if (catFirst) treeSrc.push(await sh(`find "${tree}" -type f -print0 | xargs -0 cat > /dev/null`));
      await remount();
      treeMount.push(await sh(`find "${join(mnt, treePath)}" -type f -print0 | xargs -0 cat > /dev/null`));
      treeWarm.push(await sh(`find "${join(mnt, treePath)}" -type f -print0 | xargs -0 cat > /dev/null`));
      if (!catFirst) treeSrc.push(await sh(`find "${tree}" -type f -print0 | xargs -0 cat > /dev/null`));
    }

    // Random 4 KiB reads: through a fresh mount; castore cat processes; in-process client reads.
    await remount();
    const mountReads = await nodeJson(PREADS, [join(mnt, bigPath), String(RANDOM_READS), String(size), "777"]);
    const catReads = [];
    for (const off of offsets(Math.min(30, RANDOM_READS), 4242)) {
      catReads.push(await sh(`node "${castoreBin}" cat ${bigPath} --offset ${off} --length 4096 ${store.join(" ")} > /dev/null`, env));
    }
    const client = new NatsBlobService(nc, { prefix });
    await drain(await client.read(bigDigest, { offset: 0, length: 4096 }));
    const clientReads = [];
    for (const off of offsets(RANDOM_READS, 999)) {
      const t0 = now();
      await drain(await client.read(bigDigest, { offset: off, length: 4096 }));
      clientReads.push(secondsSince(t0));
    }
    await client.close();
    await mount.stop();
    mount = null;

    const mb = (s) => size / 1e6 / s;
    const treeBytes = Number(run("du", ["-sb", "--apparent-size", tree]).split("\t")[0]);
    console.log(`\n## castore mount (${runs} runs; ${sizeMB} MB file, ${files}-file tree of ${fmt(treeBytes / 1e6, 1)} MB)\n`);
    table(
      ["what", "median (min–max)"],
      [
        ["sequential read, cat through a new mount, MB/s", span(seqMount.map(mb), 1, 0)],
        ["sequential read, castore cat, MB/s", span(seqCat.map(mb), 1, 0)],
        ["sequential read, cat through the mount (kernel page cache warm), MB/s", span(seqWarm.map(mb), 1, 0)],
        ["find | xargs cat, 20k files through a new mount, s", span(treeMount)],
        ["find | xargs cat, 20k files through the mount again (kernel caches warm), s", span(treeWarm)],
        ["find | xargs cat, 20k files on the source directory, s", span(treeSrc)],
        ["random 4 KiB pread through the mount, p50 ms", fmt(median(mountReads) * 1e3, 2)],
        ["random 4 KiB `castore cat --offset --length` (whole process), p50 ms", fmt(median(catReads) * 1e3, 1)],
        ["random 4 KiB NatsBlobService.read in-process (verified range), p50 ms", fmt(median(clientReads) * 1e3, 2)],
      ],
    );
    console.log("");
    const seqRatio = median(seqMount.map(mb)) / median(seqCat.map(mb));
    const treeRatio = median(treeSrc) / median(treeMount);
    const randRatio = median(mountReads) / median(catReads);
    const randClient = median(mountReads) / median(clientReads);
    verdict("sequential read through the mount ≥ 0.7× castore cat", seqRatio, seqRatio >= 0.7, `${fmt(seqRatio)}×`);
    const treeWarmRatio = median(treeSrc) / median(treeWarm);
    verdict("find | xargs cat through a new mount ≥ 0.3× the source directory", treeRatio, treeRatio >= 0.3, `${fmt(treeRatio)}×; the mount's second walk, kernel caches warm: ${fmt(treeWarmRatio)}×`);
    verdict("random 4 KiB read p50 ≤ 3× castore cat --offset --length", randRatio, randRatio <= 3, `${fmt(randRatio, 3)}×; against the in-process client read: ${fmt(randClient)}×`);
  } finally {
    if (mount) await mount.stop();
    if (isMounted()) run("umount", ["-l", mnt]);
  }
});
