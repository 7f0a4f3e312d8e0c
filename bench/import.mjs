// castore import / re-import / export of a 20k-file tree (100 files per directory, 0–4 KB each,
// plus 4 × 20 MB), whole process (CLI start included), next to `git add -A && git write-tree`
// of the same tree, in the same run. Median of several runs. The embedded default store is used
// (its nats-server under a temp CASTORE_HOME), as a user on one laptop would.
// Usage: node bench/import.mjs [files=20000] [runs=3] [bigMB=20]
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fmt, median, run, table, tempDir } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const files = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 3);
const bigMB = Number(process.argv[4] ?? 20);
const dir = tempDir("import");
const tree = join(dir, "tree");
const bytes = makeTree(tree, { files, big: 4, bigSize: bigMB * 1e6 });
const castore = new URL("../packages/cli/bin/castore.js", import.meta.url).pathname;

const time = (fn) => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
};

const git = [];
const first = [];
const second = [];
const exported = [];
let last;
try {
  for (let r = 0; r < runs; r++) {
    // git: a fresh repository over a copy of the tree each run.
    const g = join(dir, `git-${r}`);
    cpSync(tree, g, { recursive: true });
    run("git", ["init", "-q", g]);
    git.push(time(() => execFileSync("sh", ["-c", "git add -A && git write-tree"], { cwd: g, stdio: "ignore" })));
    rmSync(g, { recursive: true, force: true });

    // castore: a fresh store each run, so the first import really is the first.
    const home = join(dir, `home-${r}`);
    const env = { ...process.env, CASTORE_HOME: home };
    const imp = () => JSON.parse(execFileSync(process.execPath, [castore, "import", tree, "--json"], { env, encoding: "utf8" }));
    first.push(time(() => (last = imp())));
    let again;
    second.push(time(() => (again = imp())));
    if (again.digest !== last.digest || again.chunksUploaded !== 0) throw new Error(`re-import: ${JSON.stringify(again)}`);
    // CASTORE_BENCH_EXPORT_DIR: where to export (e.g. /dev/shm, to take the disk's per-file
    // creation cost out of the figure; on this VM's ext4 it is ~0.8 ms a file for any writer).
    const out = join(process.env.CASTORE_BENCH_EXPORT_DIR || dir, `castore-bench-export-${process.pid}-${r}`);
    exported.push(time(() => execFileSync(process.execPath, [castore, "export", last.digest, out], { env, stdio: "ignore" })));
    rmSync(out, { recursive: true, force: true });
    execFileSync(process.execPath, [castore, "stop"], { env, stdio: "ignore" });
    rmSync(home, { recursive: true, force: true });
  }
} finally {
  for (let r = 0; r < runs; r++) {
    try {
      execFileSync(process.execPath, [castore, "stop"], { env: { ...process.env, CASTORE_HOME: join(dir, `home-${r}`) }, stdio: "ignore" });
    } catch {}
  }
}

const [tg, t1, t2, te] = [git, first, second, exported].map(median);
console.log(`tree: ${files} small files + 4 × ${bigMB} MB, ${(bytes / 1e6).toFixed(0)} MB; median of ${runs} runs, whole process; embedded store; export to ${process.env.CASTORE_BENCH_EXPORT_DIR || "the temp dir"}\n`);
table(
  ["operation", "seconds", "× git", "× first import"],
  [
    ["git add -A && git write-tree", fmt(tg, 2), "1.00", "—"],
    ["castore import (first)", fmt(t1, 2), fmt(t1 / tg), "1.00"],
    ["castore import (again, unchanged)", fmt(t2, 2), fmt(t2 / tg), fmt(t2 / t1)],
    ["castore export", fmt(te, 2), fmt(te / tg), fmt(te / t1)],
  ],
);
console.log("");
console.log(`- goal first import ≤ 0.75× git: ${t1 / tg <= 0.75 ? "met" : "NOT met"} (${fmt(t1 / tg)}×)`);
console.log(`- goal second import ≤ 0.5× first: ${t2 / t1 <= 0.5 ? "met" : "NOT met"} (${fmt(t2 / t1)}×)`);
console.log(`- goal export ≤ 1× first import: ${te / t1 <= 1 ? "met" : "NOT met"} (${fmt(te / t1)}×)`);
