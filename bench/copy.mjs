// `castore copy` between two stores on separate nats-servers (issue 14), whole processes, next to
// what a user would otherwise run — `castore export` from the source and `castore import` of the
// export into the target — in the same run:
//   1. `castore copy --from nats://A?prefix=src --to nats://B?prefix=<fresh> STOREPATH --json` vs
//      `castore export STOREPATH DEST --nats A --prefix src` + `castore import DEST --name NAME
//      --nats B --prefix <fresh> --json` (DEST on tmpfs if there is room: the export+import's best
//      case; it is removed between runs, outside the timing): goal copy time ≤ 0.5× export+import.
//      Both end with the same store path registered in the target (the import's CA path is the
//      source's, the name given), so the target checks the same NAR either way.
//   2. the same copy again: goal ≤ 0.1× the first copy; its JSON must be all zeros.
// Each run copies into fresh prefixes on B, each served by its own `castore serve` child (one for
// the copy, one for export+import); the source is a `castore serve` child on A. Every copy is
// checked: `castore nar STOREPATH` from the target must have the NAR's sha256 (nix-store --dump of
// the tree, or castore nar from the source when nix-store is missing).
// Tree (bench/trees.mjs makeTree, deterministic, as tree A of bench/tree-ops.mjs): 20,000 files of
// 0–4096 bytes, 100 per directory, plus 4 × 20 MB files. Runs are interleaved (copy and
// export+import alternate who goes first); medians with min–max.
// Usage: node bench/copy.mjs [runs=3]
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statfsSync } from "node:fs";
import { loadavg } from "node:os";
import { basename, join } from "node:path";
import { startNatsServer } from "@castore/nats-server";
import { castoreBin, now, secondsSince, startServiceProcess, withBenchNats } from "./blob-lib.mjs";
import { fmt, median, run, table, tempDir } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const runs = Number(process.argv[2] ?? 3);
const work = tempDir("copy");
const home = join(work, "home"); // CASTORE_HOME, never used with --nats but kept out of ~
const cenv = { CASTORE_HOME: home };

let shm = null;
try {
  const s = statfsSync("/dev/shm");
  if (s.bavail * s.bsize > 1e9) shm = mkdtempSync("/dev/shm/castore-bench-copy-");
} catch {
  // no /dev/shm
}
if (shm) process.on("exit", () => rmSync(shm, { recursive: true, force: true }));
const destBase = shm ?? work;

const T0 = now();
const say = (msg) => console.error(`${fmt(secondsSince(T0), 0).padStart(4)} s  ${msg}`);
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const cell = (s) => `${fmt(s.median, 2)} (${fmt(s.min, 2)}–${fmt(s.max, 2)})`;

/** Runs one whole castore command; resolves { seconds, stdout }; throws with stderr on failure. */
function castore(args) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(process.execPath, [castoreBin, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...cenv } });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (s) => (out += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (err = (err + s).slice(-8192)));
    child.once("error", reject);
    child.once("close", (code, sig) => {
      const seconds = secondsSince(t0);
      if (code !== 0) return reject(new Error(`castore ${args.join(" ")} failed (${code ?? sig}): ${err}`));
      resolve({ seconds, stdout: out });
    });
  });
}

/** sha256 (hex) of what `castore nar REF …` writes, read through a pipe. */
function narSha(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [castoreBin, "nar", ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...cenv } });
    const h = createHash("sha256");
    let err = "";
    child.stdout.on("data", (b) => h.update(b));
    child.stderr.setEncoding("utf8").on("data", (s) => (err += s));
    child.once("close", (code) => (code === 0 ? resolve(h.digest("hex")) : reject(new Error(`castore nar ${args.join(" ")}: ${err}`))));
  });
}

const startServe = (url, prefix, children) =>
  startServiceProcess([castoreBin, "serve", "--nats", url, "--prefix", prefix], { ...cenv, CASTORE_LOG_LEVEL: "info" }, children, /serving/, "castore serve");

const load = () => loadavg().map((x) => fmt(x, 1)).join(" / ");

await withBenchNats(async ({ server: a, children }) => {
  const b = await startNatsServer({});
  children.add({ stop: () => b.stop() });
  const hostsOf = (url) => url.replace("nats://", "");
  console.log("# castore copy between two stores on separate nats-servers vs castore export + castore import");
  console.log(`\nexport DEST: ${shm ? "tmpfs (/dev/shm)" : `${work} (disk; /dev/shm missing or full)`}; load average at start ${load()}`);

  const root = join(work, "tree");
  say("writing the tree: 20,000 files of 0–4096 B (100 per dir) + 4 × 20 MB ...");
  const bytes = makeTree(root, { files: 20_000, perDir: 100, maxSize: 4096, big: 4, bigSize: 20e6 });
  await startServe(a.url, "src", children);
  say("importing it into the source store ...");
  const imported = JSON.parse((await castore(["import", root, "--nats", a.url, "--prefix", "src", "--json"])).stdout);
  const storePath = imported.storePath;
  const name = basename(root);
  const hasNix = spawnSync("nix-store", ["--version"]).status === 0;
  let want;
  if (hasNix) {
    const dump = spawn("nix-store", ["--dump", root], { stdio: ["ignore", "pipe", "inherit"] });
    const h = createHash("sha256");
    dump.stdout.on("data", (x) => h.update(x));
    await new Promise((r) => dump.once("close", r));
    want = h.digest("hex");
  } else want = await narSha([storePath, "--nats", a.url, "--prefix", "src"]);
  const fromUrl = `nats://${hostsOf(a.url)}?prefix=src`;

  const m = { copy: [], again: [], exp: [], imp: [], ei: [] };
  let moved = null;
  for (let r = 0; r < runs; r++) {
    say(`run ${r + 1}/${runs}`);
    const cp = `cp${r}${process.pid}`;
    const ei = `ei${r}${process.pid}`;
    const svcCopy = await startServe(b.url, cp, children);
    const svcEi = await startServe(b.url, ei, children);
    const dest = join(destBase, `export-${r}`);
    const ours = async () => {
      const x = await castore(["copy", "--from", fromUrl, "--to", `nats://${hostsOf(b.url)}?prefix=${cp}`, storePath, "--json"]);
      const j = JSON.parse(x.stdout);
      if (j.pathInfos !== 1 || j.chunks === 0) throw new Error(`copy moved ${x.stdout}`);
      moved = j;
      m.copy.push(x.seconds);
      const y = await castore(["copy", "--from", fromUrl, "--to", `nats://${hostsOf(b.url)}?prefix=${cp}`, storePath, "--json"]);
      if (y.stdout !== '{"pathInfos":0,"directories":0,"chunks":0,"bytesMoved":0}\n') throw new Error(`second copy moved ${y.stdout}`);
      m.again.push(y.seconds);
    };
    const anchor = async () => {
      const e = await castore(["export", storePath, dest, "--nats", a.url, "--prefix", "src"]);
      const i = await castore(["import", dest, "--name", name, "--nats", b.url, "--prefix", ei, "--json"]);
      if (JSON.parse(i.stdout).storePath !== storePath) throw new Error(`import of the export registered ${i.stdout}, not ${storePath}`);
      m.exp.push(e.seconds);
      m.imp.push(i.seconds);
      m.ei.push(e.seconds + i.seconds);
      run("rm", ["-rf", dest]);
    };
    if (r % 2 === 0) {
      await anchor();
      await ours();
    } else {
      await ours();
      await anchor();
    }
    say("  verifying the copy");
    const got = await narSha([storePath, "--nats", b.url, "--prefix", cp]);
    if (got !== want) throw new Error(`WRONG COPY: castore nar from the target has sha256 ${got}, the tree's NAR ${want}`);
    await svcCopy.stop();
    await svcEi.stop();
  }

  const S = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, stats(v)]));
  const ratio = S.copy.median / S.ei.median;
  const again = S.again.median / S.copy.median;
  console.log(`\n${20_004} files, ${fmt(bytes / 1e6, 1)} MB of file data; median (min–max) of ${runs} interleaved run${runs > 1 ? "s" : ""}; seconds per whole process\n`);
  table(
    ["operation", "seconds", "compared with", "ratio", "goal", "verdict"],
    [
      ["castore copy (fresh target prefix)", cell(S.copy), "export + import", `${fmt(ratio)}×`, "≤ 0.5× (≥ 2× faster)", ratio <= 0.5 ? "met" : "NOT met"],
      ["castore copy again (nothing to move)", cell(S.again), "the first copy", `${fmt(again)}×`, "≤ 0.1×", again <= 0.1 ? "met" : "NOT met"],
      ["castore export (source → DEST)", cell(S.exp), "", "", "", ""],
      ["castore import (DEST → target)", cell(S.imp), "", "", "", ""],
      ["export + import", cell(S.ei), "", "", "", ""],
    ],
  );
  console.log(`\nthe first copy moved ${JSON.stringify(moved)}; every copy's NAR checked against the tree's (sha256)`);
});
console.log(`\ntotal ${fmt(secondsSince(T0), 0)} s; load average at end ${load()}`);

