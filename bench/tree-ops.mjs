// Trees at disk speed (issue 12): import, re-import, NAR rendering, export and hashing of trees
// of many small files, every castore command a whole process (`node packages/cli/bin/castore.js
// … --nats URL`) against services in a child `castore serve --nats URL`, on a private
// nats-server (withBenchNats), next to the tool a user would otherwise run, in the same run:
//   1. `castore import TREE --json` into a fresh prefix (a fresh `castore serve --prefix` per run)
//      vs `git add -A && git write-tree` into a fresh `git init` repository (only add +
//      write-tree timed, as bench/import.mjs): castore time / git time, goal ≤ 0.75×. Unlike
//      import.mjs the repository lives next to the tree (GIT_DIR, GIT_WORK_TREE=TREE) instead of
//      in a copy: git reads the very files castore reads, .git stays out of the imported tree, and
//      the 100k-file copy (~15–60 s here) stays out of the run;
//      re-import of the same tree into the same prefix: re-import / first import, goal ≤ 0.5×.
//   2. `castore nar DIGEST > FILE` vs `nix-store --dump TREE > FILE`, FILE on tmpfs (/dev/shm):
//      speed castore / speed nix-store, goal ≥ 0.3× (tree A), ≥ 0.25× (tree B). The two NAR
//      files are compared byte for byte (cmp) every run.
//   3. `castore export DIGEST DEST` vs `nix-store --restore DEST2 < NAR`, DEST on tmpfs and on
//      disk (the temp dir): castore time / restore time, goal ≤ 3×. Every castore export is
//      checked: `nix-store --dump DEST` must hash to the NAR's sha256. DEST dirs are removed
//      between runs and `sync` runs before each disk timing (both outside the timing). On this
//      VM's ext4 both disk writers spend most of their time creating files (nix-store --restore:
//      ~90 % of it in openat, 0.15–0.8 ms a file, worse right after a large rm -rf), so the disk
//      figures are noisy and their ratio leans towards 1; tmpfs shows the writers themselves.
//   4. `castore hash TREE --json` vs `nix-hash --type sha256 TREE`: time ratio, goal ≤ 2× (the
//      NAR hashes are checked to agree once).
//   Peak RSS (/usr/bin/time -f %M; `apt-get install -y time` if missing, else RSS is not shown)
//   of every castore nar / export process, max over the runs; goal ≤ 300 MB for tree B. Every
//   command, castore and anchor alike, runs under /usr/bin/time, so both pay the same wrapper.
// Trees (bench/trees.mjs makeTree, deterministic): A = 20,000 files of 0–4096 bytes, 100 per
// directory, plus 4 × 20 MB files; B = 100,000 files of 0–1024 bytes, 100 per directory.
// Runs are interleaved (each run does every operation once, castore and anchor alternating who
// goes first); medians with min–max. Tree B gets 1 run by default (TREE_OPS_RUNS_B=N for more):
// one run of B takes ~2–3 min on a 2-core VM, most of it creating and removing 100k-file trees.
// The whole takes ~6–7 min there (more when the machine or its disk is busy).
// Usage: node bench/tree-ops.mjs [runs=3] [withB=1]
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statfsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { castoreBin, now, secondsSince, startServiceProcess, withBenchNats } from "./blob-lib.mjs";
import { fmt, median, run, table, tempDir } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const runs = Number(process.argv[2] ?? 3);
const withB = (process.argv[3] ?? "1") !== "0";
const runsB = Number(process.env.TREE_OPS_RUNS_B || Math.min(runs, 1));

const NIX_ENV = { NIX_CONFIG: "experimental-features = nix-command\nsubstituters =" };
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const work = tempDir("tree-ops"); // on disk (/tmp here)
const home = join(work, "home"); // CASTORE_HOME, never used with --nats but kept out of ~
const cenv = { CASTORE_HOME: home };

// tmpfs for NAR files and the tmpfs export: /dev/shm if it exists and has room.
let shm = null;
let shmNote = "";
try {
  const s = statfsSync("/dev/shm");
  if (s.bavail * s.bsize > 2e9) shm = mkdtempSync("/dev/shm/castore-bench-tree-ops-");
  else shmNote = "/dev/shm has < 2 GB free";
} catch {
  shmNote = "/dev/shm does not exist";
}
if (shm) process.on("exit", () => rmSync(shm, { recursive: true, force: true }));
else console.error(`note: ${shmNote}; NAR files and the "tmpfs" export go to ${work} (disk) instead`);
const fast = shm ?? work;
const diskNote = `${work} (${spawnSync("df", ["--output=fstype", work], { encoding: "utf8" }).stdout.split("\n")[1]?.trim() ?? "?"})`;

/**
 * Runs one whole command (under /usr/bin/time -f %M when present), stdin/stdout optionally
 * from/to a file; resolves { seconds, rssMB, stdout }. Throws with stderr on failure.
 */
function timed(cmd, args, { env = {}, stdinFile, stdoutFile, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const rssFile = join(work, `rss-${process.pid}`);
    const [c, a] = TIME ? [TIME, ["-f", "%M", "-o", rssFile, cmd, ...args]] : [cmd, args];
    const inFd = stdinFile ? openSync(stdinFile, "r") : "ignore";
    const outFd = stdoutFile ? openSync(stdoutFile, "w") : "pipe";
    const t0 = now();
    const child = spawn(c, a, { stdio: [inFd, outFd, "pipe"], env: { ...process.env, ...env }, cwd });
    let out = "";
    let err = "";
    child.stdout?.setEncoding("utf8").on("data", (s) => (out += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (err = (err + s).slice(-8192)));
    child.once("error", reject);
    child.once("close", (code, sig) => {
      const seconds = secondsSince(t0);
      if (typeof inFd === "number") closeSync(inFd);
      if (typeof outFd === "number") closeSync(outFd);
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(" ")} failed (${code ?? sig}): ${err}`));
      const rssMB = TIME ? Number(readFileSync(rssFile, "utf8").trim().split("\n").pop()) / 1024 : NaN;
      resolve({ seconds, rssMB, stdout: out });
    });
  });
}

const sha256File = (path) =>
  new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(path).on("data", (b) => h.update(b)).once("end", () => resolve(h.digest("hex"))).once("error", reject);
  });

/** sha256 of `nix-store --dump DIR` (read through a pipe, never stored). */
function narSha(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn("nix-store", ["--dump", dir], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...NIX_ENV } });
    const h = createHash("sha256");
    let err = "";
    child.stdout.on("data", (b) => h.update(b));
    child.stderr.setEncoding("utf8").on("data", (s) => (err += s));
    child.once("close", (code) => (code === 0 ? resolve(h.digest("hex")) : reject(new Error(`nix-store --dump ${dir}: ${err}`))));
  });
}

/** Byte-identical or throw loudly, naming the first difference. */
function mustCmp(a, b, what) {
  const r = spawnSync("cmp", [a, b], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`WRONG BYTES: ${what}: ${(r.stdout + r.stderr).trim()}`);
}

/** `castore serve --nats URL --prefix P` as a child process; resolves once it logged "serving". */
const startServe = (url, prefix, children) =>
  startServiceProcess([castoreBin, "serve", "--nats", url, "--prefix", prefix], { ...cenv, CASTORE_LOG_LEVEL: "info" }, children, /serving/, "castore serve");

const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const cell = (s) => `${fmt(s.median, 2)} (${fmt(s.min, 2)}–${fmt(s.max, 2)})`;
const rmrf = (...paths) => run("rm", ["-rf", ...paths]); // faster than rmSync on 100k files
const sync = () => {
  const t = now();
  run("sync", []);
  const s = secondsSince(t);
  if (s > 1) console.error(`  (sync took ${fmt(s, 1)} s)`);
};
const T0 = now();
const say = (msg) => console.error(`${fmt(secondsSince(T0), 0).padStart(4)} s  ${msg}`);

async function benchTree(url, children, t) {
  const { key, label, opts, runs: n, narGoal } = t;
  const root = join(work, `tree-${key}`);
  say(`[${key}] writing tree: ${label} ...`);
  const bytes = makeTree(root, opts);
  const gitDir = join(work, `git-${key}`); // the repository; its work tree is `root`
  say(`[${key}] reference NAR and hash check ...`);

  // Reference NAR, and the NAR hashes of castore hash and nix-hash must agree.
  const nixNar = join(fast, `${key}-nix.nar`);
  await timed("nix-store", ["--dump", root], { env: NIX_ENV, stdoutFile: nixNar });
  const narSize = Number(run("stat", ["-c", "%s", nixNar]).trim());
  const narHex = await sha256File(nixNar);
  const hashed = JSON.parse(run(process.execPath, [castoreBin, "hash", root, "--json"], { env: { ...process.env, ...cenv } }));
  const nixB32 = run("nix-hash", ["--type", "sha256", "--base32", root], { env: { ...process.env, ...NIX_ENV } }).trim();
  if (hashed.narHash !== `sha256:${nixB32}`) throw new Error(`NAR hash differs: castore hash ${hashed.narHash}, nix-hash ${nixB32}`);
  if (Number(hashed.narSize) !== narSize) throw new Error(`castore hash narSize ${hashed.narSize}, nix-store --dump wrote ${narSize}`);

  const m = { git: [], imp: [], reimp: [], narNix: [], narC: [], rShm: [], eShm: [], rDisk: [], eDisk: [], nixHash: [], cHash: [] };
  const rss = { nar: [], exp: [], nixDump: [], nixRestore: [] };
  const pair = async (r, anchor, ours) => {
    if (r % 2 === 0) {
      await anchor();
      await ours();
    } else {
      await ours();
      await anchor();
    }
  };
  for (let r = 0; r < n; r++) {
    say(`[${key}] run ${r + 1}/${n}`);
    const prefix = `to${key}${r}${process.pid}`;
    const svc = await startServe(url, prefix, children);
    const cli = (...args) => [castoreBin, ...args, "--nats", url, "--prefix", prefix];
    let digest;

    // 1. import (fresh prefix) vs git add + write-tree (fresh repo over the copy); re-import.
    await pair(
      r,
      async () => {
        rmrf(gitDir);
        run("git", ["init", "-q", "--bare", gitDir]);
        sync();
        const g = await timed("sh", ["-c", "git add -A && git write-tree"], { cwd: root, env: { GIT_DIR: gitDir, GIT_WORK_TREE: root } });
        if (!/^[0-9a-f]{40}\n$/.test(g.stdout)) throw new Error(`git write-tree printed ${g.stdout}`);
        m.git.push(g.seconds);
      },
      async () => {
        sync();
        const a = await timed(process.execPath, cli("import", root, "--json"), { env: cenv });
        const j = JSON.parse(a.stdout);
        if (j.narHash !== hashed.narHash || j.digest !== hashed.digest) throw new Error(`import differs from hash: ${a.stdout}`);
        m.imp.push(a.seconds);
        digest = j.digest;
        const b = await timed(process.execPath, cli("import", root, "--json"), { env: cenv });
        const k = JSON.parse(b.stdout);
        if (k.digest !== digest || k.chunksUploaded !== 0) throw new Error(`re-import: ${b.stdout}`);
        m.reimp.push(b.seconds);
      },
    );

    say(`[${key}]   nar`);
    // 2. NAR to a file on tmpfs; byte-identical to nix-store --dump.
    const nixOut = join(fast, `${key}-nix-run.nar`);
    const ourOut = join(fast, `${key}-castore.nar`);
    await pair(
      r,
      async () => {
        const x = await timed("nix-store", ["--dump", root], { env: NIX_ENV, stdoutFile: nixOut });
        m.narNix.push(x.seconds);
        rss.nixDump.push(x.rssMB);
      },
      async () => {
        const x = await timed(process.execPath, cli("nar", digest), { env: cenv, stdoutFile: ourOut });
        m.narC.push(x.seconds);
        rss.nar.push(x.rssMB);
      },
    );
    mustCmp(nixNar, nixOut, `nix-store --dump run ${r} vs reference`);
    mustCmp(nixNar, ourOut, `castore nar ${digest} vs nix-store --dump ${root}`);
    rmSync(nixOut);
    rmSync(ourOut);

    say(`[${key}]   export`);
    // 3. export vs nix-store --restore, on tmpfs and on disk; castore's result verified.
    for (const [where, base, kn, kc] of [
      ["tmpfs", fast, "rShm", "eShm"],
      ["disk", work, "rDisk", "eDisk"],
    ]) {
      const dNix = join(base, `${key}-restore`);
      const dOurs = join(base, `${key}-export`);
      await pair(
        r,
        async () => {
          if (base === work) sync();
          const x = await timed("nix-store", ["--restore", dNix], { env: NIX_ENV, stdinFile: nixNar });
          m[kn].push(x.seconds);
          rss.nixRestore.push(x.rssMB);
        },
        async () => {
          if (base === work) sync();
          const x = await timed(process.execPath, cli("export", digest, dOurs), { env: cenv });
          m[kc].push(x.seconds);
          rss.exp.push(x.rssMB);
        },
      );
      say(`[${key}]   verify + remove (${where})`);
      const got = await narSha(dOurs);
      if (got !== narHex) throw new Error(`WRONG EXPORT (${where}): nix-store --dump ${dOurs} has sha256 ${got}, the NAR ${narHex}`);
      rmrf(dNix, dOurs);
    }

    say(`[${key}]   hash`);
    // 4. hash.
    await pair(
      r,
      async () => m.nixHash.push((await timed("nix-hash", ["--type", "sha256", root], { env: NIX_ENV })).seconds),
      async () => m.cHash.push((await timed(process.execPath, [castoreBin, "hash", root, "--json"], { env: cenv })).seconds),
    );
    await svc.stop();
    say(`[${key}]   run done`);
  }
  rmrf(gitDir);

  const S = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, stats(v)]));
  const rows = [];
  const verdicts = [];
  const add = (op, ours, anchorLabel, anchor, ratio, goalText, ok) => {
    rows.push([op, cell(ours), anchorLabel, cell(anchor), `${fmt(ratio)}×`, goalText, ok ? "met" : "NOT met"]);
    verdicts.push(ok);
  };
  const rt = (a, b) => a.median / b.median;
  add("castore import (first, fresh prefix)", S.imp, "git add -A && git write-tree", S.git, rt(S.imp, S.git), "time ≤ 0.75× git", rt(S.imp, S.git) <= 0.75);
  add("castore import (again, same prefix)", S.reimp, "castore import (first)", S.imp, rt(S.reimp, S.imp), "time ≤ 0.5× first", rt(S.reimp, S.imp) <= 0.5);
  const narRatio = rt(S.narNix, S.narC); // speed ratio = nix time / castore time (same bytes)
  add("castore nar > tmpfs file", S.narC, "nix-store --dump > tmpfs file", S.narNix, narRatio, `speed ≥ ${narGoal}× nix-store`, narRatio >= narGoal);
  add(`castore export → tmpfs${shm ? "" : " (NO tmpfs: disk)"}`, S.eShm, "nix-store --restore < NAR", S.rShm, rt(S.eShm, S.rShm), "time ≤ 3× restore", rt(S.eShm, S.rShm) <= 3);
  add("castore export → disk", S.eDisk, "nix-store --restore < NAR", S.rDisk, rt(S.eDisk, S.rDisk), "time ≤ 3× restore", rt(S.eDisk, S.rDisk) <= 3);
  add("castore hash --json", S.cHash, "nix-hash --type sha256", S.nixHash, rt(S.cHash, S.nixHash), "time ≤ 2× nix-hash", rt(S.cHash, S.nixHash) <= 2);

  const files = opts.files + (opts.big ?? 0);
  console.log(`\n## Tree ${key}: ${label}\n`);
  console.log(
    `${files} files, ${fmt(bytes / 1e6, 1)} MB of file data, NAR ${fmt(narSize / 1e6, 1)} MB; median (min–max) of ${n} interleaved run${n > 1 ? "s" : ""}` +
      `${n < runs ? ` (fewer than the ${runs} asked, to keep the run short)` : ""}; seconds per whole process\n`,
  );
  table(["operation", "castore s", "anchor", "anchor s", "ratio", "goal", "verdict"], rows);
  console.log(
    `\nNAR: castore ${fmt(narSize / 1e6 / S.narC.median, 0)} MB/s, nix-store ${fmt(narSize / 1e6 / S.narNix.median, 0)} MB/s; ` +
      `byte-identical every run (cmp); every castore export re-dumped to the same NAR sha256.`,
  );
  if (TIME) {
    console.log("");
    const mx = (xs) => Math.max(...xs);
    const rssGoal = key === "B";
    table(
      ["process", "peak RSS MB (max over runs)", "goal", "verdict"],
      [
        ["castore nar > file", fmt(mx(rss.nar), 0), rssGoal ? "≤ 300 MB" : "—", rssGoal ? (mx(rss.nar) <= 300 ? "met" : "NOT met") : "—"],
        ["castore export (tmpfs and disk)", fmt(mx(rss.exp), 0), rssGoal ? "≤ 300 MB" : "—", rssGoal ? (mx(rss.exp) <= 300 ? "met" : "NOT met") : "—"],
        ["(context) nix-store --dump", fmt(mx(rss.nixDump), 0), "—", "—"],
        ["(context) nix-store --restore", fmt(mx(rss.nixRestore), 0), "—", "—"],
      ],
    );
  } else console.log("\n(peak RSS not measured: /usr/bin/time is missing; `apt-get install -y time`)");
  rmrf(root, nixNar);
}

const trees = [
  { key: "A", label: "20,000 files of 0–4096 B (100 per dir) + 4 × 20 MB", opts: { files: 20_000, perDir: 100, maxSize: 4096, big: 4, bigSize: 20e6 }, runs, narGoal: 0.3 },
];
if (withB) trees.push({ key: "B", label: "100,000 files of 0–1024 B (100 per dir)", opts: { files: 100_000, perDir: 100, maxSize: 1024 }, runs: runsB, narGoal: 0.25 });

const load = () => loadavg().map((x) => fmt(x, 1)).join(" / ");
const t0 = now();
await withBenchNats(async ({ server, children }) => {
  console.log(`# Trees at disk speed: castore (whole processes, --nats, \`castore serve\` child) vs git / nix-store / nix-hash`);
  console.log(`\ntmpfs: ${shm ? "/dev/shm" : `none (${shmNote}), used ${work}`}; disk: ${diskNote}; ${TIME ? "RSS by /usr/bin/time -f %M" : "no /usr/bin/time"}; load average at start ${load()}`);
  for (const t of trees) await benchTree(server.url, children, t);
});
console.log(`\ntotal ${fmt(secondsSince(t0), 0)} s; load average at end ${load()}`);
