// A tree of a million files (issue 12: "a 1M-file tree imports, renders and exports in ≤ 500 MB").
// A benchmark, not a test: making the tree alone takes minutes. Every castore command is a whole
// process (`castore … --nats URL`) against `castore serve` in a child process, on a private
// nats-server (withBenchNats); /usr/bin/time gives each command's peak RSS, and /proc gives the
// serve process's (VmHWM, its peak so far, read after each step — the service side holds an
// upload's directories while it validates them).
//   1. makeTree: FILES (default 1,000,000) files of 0–1024 bytes, 100 per directory (bench/trees.mjs),
//      on tmpfs (/dev/shm) when it has room, else in the temp dir.
//   2. `castore import TREE --json` (new prefix), then `castore nar DIGEST > NAR` compared with
//      `nix-store --dump TREE` by SHA-256 (both streamed), then `castore export DIGEST DEST`
//      checked by `nix-store --dump DEST` hashing the same.
// Prints seconds, peak RSS per process and the verdict against 500 MB.
// Usage: node bench/million.mjs [files=1000000]   (~10–15 min for 1M on a 2-core VM)
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statfsSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { castoreBin, now, secondsSince, startServiceProcess, withBenchNats } from "./blob-lib.mjs";
import { fmt, table, tempDir } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const files = Number(process.argv[2] ?? 1_000_000);
const GOAL_MB = 500;
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const NIX_ENV = { ...process.env, NIX_CONFIG: "experimental-features = nix-command\nsubstituters =" };

// tmpfs needs ~4 KiB a file for each of the tree and the export, plus the NAR.
let base = tempDir("million");
try {
  const s = statfsSync("/dev/shm");
  if (s.bavail * s.bsize > files * 9000 + 2e9) {
    base = mkdtempSync("/dev/shm/castore-bench-million-");
    process.on("exit", () => rmSync(base, { recursive: true, force: true }));
  }
} catch {
  // no /dev/shm: the temp dir
}
const tree = join(base, "tree");
const dest = join(base, "export");
const narFile = join(base, "tree.nar");

/** Runs cmd to completion; stdout to `out` (a path) or hashed; returns seconds, peak RSS (MB), stdout or its sha256. */
function runMeasured(cmd, args, { out = null, hash = false, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const argv = TIME ? ["-f", "RSS_KB=%M", cmd, ...args] : args;
    const child = spawn(TIME ?? cmd, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    let text = "";
    const sha = createHash("sha256");
    child.stderr.setEncoding("utf8").on("data", (s) => (err = (err + s).slice(-16384)));
    const done = out
      ? pipeline(child.stdout, createWriteStream(out))
      : new Promise((r) => child.stdout.on("data", (b) => (hash ? sha.update(b) : (text += b))).on("end", r));
    child.once("error", reject);
    child.once("exit", async (code, sig) => {
      await done;
      const seconds = secondsSince(t0);
      const rss = /RSS_KB=(\d+)/.exec(err);
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(" ")} failed (${code ?? sig}): ${err}`));
      resolve({ seconds, rssMB: rss ? Number(rss[1]) / 1024 : NaN, stdout: text, sha256: hash ? sha.digest("hex") : null });
    });
  });
}

async function sha256File(path) {
  const h = createHash("sha256");
  await pipeline((await import("node:fs")).createReadStream(path, { highWaterMark: 1 << 20 }), async function* (src) {
    for await (const b of src) h.update(b);
  });
  return h.digest("hex");
}

function peakRssMB(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

console.log(`making ${files.toLocaleString("en")} files of 0–1024 bytes, 100 per directory, in ${base} …`);
let t0 = now();
const bytes = makeTree(tree, { files, perDir: 100, maxSize: 1024 });
console.log(`  ${fmt(bytes / 1e6)} MB in ${fmt(secondsSince(t0))} s`);

await withBenchNats(async ({ server, children }) => {
  const cenv = { ...process.env, CASTORE_HOME: join(base, "home") };
  const serve = await startServiceProcess([castoreBin, "serve", "--nats", server.url, "--prefix", "million"], cenv, children, /"msg":"serving"/, "castore serve");
  const c = (...args) => [castoreBin, ...args, "--nats", server.url, "--prefix", "million"];
  const rows = [];
  const row = (what, r) => {
    const servePeak = peakRssMB(serve.pid);
    rows.push([what, fmt(r.seconds), fmt(r.rssMB), fmt(servePeak), Math.max(r.rssMB, servePeak) <= GOAL_MB ? "✓" : "✗"]);
    console.log(`  ${what}: ${fmt(r.seconds)} s, castore ${fmt(r.rssMB)} MB, serve peak ${fmt(servePeak)} MB`);
  };

  const imp = await runMeasured(process.execPath, c("import", tree, "--json"), { env: cenv });
  const digest = JSON.parse(imp.stdout).digest;
  row("castore import", imp);

  const nar = await runMeasured(process.execPath, c("nar", digest), { out: narFile, env: cenv });
  row("castore nar > file", nar);
  const dump = await runMeasured("nix-store", ["--dump", tree], { hash: true, env: NIX_ENV });
  const narSha = await sha256File(narFile);
  if (narSha !== dump.sha256) throw new Error(`castore nar differs from nix-store --dump (${narSha} vs ${dump.sha256})`);
  rmSync(narFile, { force: true });

  const exp = await runMeasured(process.execPath, c("export", digest, dest), { env: cenv });
  row("castore export", exp);
  const back = await runMeasured("nix-store", ["--dump", dest], { hash: true, env: NIX_ENV });
  if (back.sha256 !== dump.sha256) throw new Error("the export differs from the tree (nix-store --dump hashes differ)");

  console.log("");
  console.log(`${files.toLocaleString("en")} files; NAR and export checked against nix-store --dump (sha256 ${dump.sha256.slice(0, 16)}…); nix-store --dump: ${fmt(dump.seconds)} s, ${fmt(dump.rssMB)} MB`);
  table(["operation", "seconds", "castore peak RSS MB", "serve peak RSS MB (so far)", `≤ ${GOAL_MB} MB`], rows);
});
