// An edge cache in front of an upstream store (issue 14): recursive reads (`castore export`) and
// `castore nar` of a 20k-file tree (bench/trees.mjs makeTree: 20,000 files of 0–4096 bytes, 100
// per directory), read straight from the upstream vs through `castore serve --upstream`, every
// command a whole process against services in child processes, all on this machine:
//   upstream  `castore serve --nats A --prefix P` on nats-server A (withBenchNats), tree imported
//   edge      `castore serve --nats B --prefix E --upstream nats://A?prefix=P` on nats-server B
// Per run: export and nar from the upstream (direct); through a fresh edge (a new prefix E, so an
// empty near store) the cold export, then the same export again (warm); likewise, through another
// fresh edge, the cold nar and the warm nar. Speed ratios in the same run: direct time / edge time,
// goals warm ≥ 0.9×, cold ≥ 0.5×. Every NAR is compared byte for byte with the direct one, and every
// export must hash (`castore hash DEST`) to the tree's NAR hash.
// Exports and NARs go to tmpfs (/dev/shm) when it has room, else the temp dir.
// Usage: node bench/edge-cache.mjs [runs=3]
import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { startNatsServer } from "@castore/nats-server";
import { castoreBin, now, secondsSince, startServiceProcess, withBenchNats } from "./blob-lib.mjs";
import { fmt, median, run, table, tempDir } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const runs = Number(process.argv[2] ?? 3);
const work = tempDir("edge-cache");
const home = join(work, "home");
const cenv = { CASTORE_HOME: home };
let fast = work;
try {
  const s = statfsSync("/dev/shm");
  if (s.bavail * s.bsize > 1e9) {
    fast = mkdtempSync("/dev/shm/castore-bench-edge-");
    process.on("exit", () => rmSync(fast, { recursive: true, force: true }));
  }
} catch {
  // no tmpfs: the temp dir
}

const T0 = now();
const say = (msg) => console.error(`${fmt(secondsSince(T0), 0).padStart(4)} s  ${msg}`);

/** One whole command; stdout to a file or collected. Resolves { seconds, stdout }. */
function timed(args, { stdoutFile } = {}) {
  return new Promise((resolve, reject) => {
    const outFd = stdoutFile ? openSync(stdoutFile, "w") : "pipe";
    const t0 = now();
    const child = spawn(process.execPath, [castoreBin, ...args], { stdio: ["ignore", outFd, "pipe"], env: { ...process.env, ...cenv } });
    let out = "";
    let err = "";
    child.stdout?.setEncoding("utf8").on("data", (s) => (out += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (err = (err + s).slice(-8192)));
    child.once("error", reject);
    child.once("close", (code, sig) => {
      const seconds = secondsSince(t0);
      if (typeof outFd === "number") closeSync(outFd);
      if (code !== 0) return reject(new Error(`castore ${args.join(" ")} failed (${code ?? sig}): ${err}`));
      resolve({ seconds, stdout: out });
    });
  });
}

function mustCmp(a, b, what) {
  const r = spawnSync("cmp", [a, b], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`WRONG BYTES: ${what}: ${(r.stdout + r.stderr).trim()}`);
}

const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const cell = (s) => `${fmt(s.median, 2)} (${fmt(s.min, 2)}–${fmt(s.max, 2)})`;

await withBenchNats(async ({ server: up, children }) => {
  const edgeNats = await startNatsServer({});
  try {
    const P = `up${process.pid}`;
    const upstream = await startServiceProcess([castoreBin, "serve", "--nats", up.url, "--prefix", P], { ...cenv, CASTORE_LOG_LEVEL: "info" }, children, /serving/, "upstream");
    void upstream;
    const tree = join(work, "tree");
    say("writing the tree (20,000 files) ...");
    const bytes = makeTree(tree);
    say("importing it into the upstream ...");
    const imp = JSON.parse((await timed(["import", tree, "--json", "--nats", up.url, "--prefix", P])).stdout);
    const ref = imp.storePath;
    const directNar = join(fast, "direct.nar");
    await timed(["nar", ref, "--nats", up.url, "--prefix", P], { stdoutFile: directNar });
    const hash = JSON.parse(run(process.execPath, [castoreBin, "hash", tree, "--json"], { env: { ...process.env, ...cenv } }));

    const m = { dExp: [], dNar: [], cExp: [], wExp: [], cNar: [], wNar: [] };
    const exportTo = async (url, prefix) => {
      const dest = join(fast, "out");
      rmSync(dest, { recursive: true, force: true });
      const r = await timed(["export", ref, dest, "--nats", url, "--prefix", prefix]);
      const h = JSON.parse(run(process.execPath, [castoreBin, "hash", dest, "--json"], { env: { ...process.env, ...cenv } }));
      if (h.narHash !== hash.narHash) throw new Error(`WRONG EXPORT from ${url} (${prefix}): ${h.narHash} != ${hash.narHash}`);
      rmSync(dest, { recursive: true, force: true });
      return r.seconds;
    };
    const narFrom = async (url, prefix) => {
      const out = join(fast, "edge.nar");
      const r = await timed(["nar", ref, "--nats", url, "--prefix", prefix], { stdoutFile: out });
      mustCmp(directNar, out, `nar from ${url} (${prefix})`);
      rmSync(out, { force: true });
      return r.seconds;
    };
    const edge = async (name) =>
      startServiceProcess(
        [castoreBin, "serve", "--nats", edgeNats.url, "--prefix", name, "--upstream", `${up.url}?prefix=${P}`],
        { ...cenv, CASTORE_LOG_LEVEL: "info" },
        children,
        /serving/,
        "edge",
      );
    for (let r = 0; r < runs; r++) {
      say(`run ${r + 1}/${runs}: direct`);
      m.dExp.push(await exportTo(up.url, P));
      m.dNar.push(await narFrom(up.url, P));
      say(`run ${r + 1}/${runs}: export through a fresh edge, cold then warm`);
      const e1 = `ex${r}${process.pid}`;
      const s1 = await edge(e1);
      m.cExp.push(await exportTo(edgeNats.url, e1));
      m.wExp.push(await exportTo(edgeNats.url, e1));
      await s1.stop();
      say(`run ${r + 1}/${runs}: nar through a fresh edge, cold then warm`);
      const e2 = `nr${r}${process.pid}`;
      const s2 = await edge(e2);
      m.cNar.push(await narFrom(edgeNats.url, e2));
      m.wNar.push(await narFrom(edgeNats.url, e2));
      await s2.stop();
    }
    const ratio = (d, e) => stats(d.map((x, i) => x / e[i]));
    console.log(
      `\nedge cache, tree: 20,000 files, ${fmt(bytes / 1e6, 1)} MB, NAR ${fmt(Number(imp.narSize) / 1e6, 1)} MB; ` +
        `${runs} run(s), loadavg ${loadavg().map((x) => fmt(x, 1)).join(" ")}; out to ${fast}\n`,
    );
    const ok = (s, goal) => `${cell(s)} ${s.median >= goal ? "ok" : "MISSED"} (goal ≥ ${goal}×)`;
    table(
      ["operation", "direct s", "edge cold s", "edge warm s", "cold: direct/edge", "warm: direct/edge"],
      [
        ["castore export (recursive read)", cell(stats(m.dExp)), cell(stats(m.cExp)), cell(stats(m.wExp)), ok(ratio(m.dExp, m.cExp), 0.5), ok(ratio(m.dExp, m.wExp), 0.9)],
        ["castore nar", cell(stats(m.dNar)), cell(stats(m.cNar)), cell(stats(m.wNar)), ok(ratio(m.dNar, m.cNar), 0.5), ok(ratio(m.dNar, m.wNar), 0.9)],
      ],
    );
  } finally {
    await edgeNats.stop();
  }
});
