// `castore nar` of a tree of large files against `castore cat` of the same files (issue 11: the NAR
// renderer reads blobs through the same verified path, so it should run at cat's speed). Whole
// processes through `castore serve` on a nats-server of its own; cat needs one process per file,
// so its time is reported less the fixed cost of the extra processes (measured in the same run as
// a `cat --length 1`).
//   node bench/nar-vs-cat.mjs [fileMB=100] [files=4] [runs=3]
import { spawn, spawnSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { fmt, median, table, tempDir } from "./lib.mjs";
import { castoreBin, withBenchNats } from "./blob-lib.mjs";

const fileMB = Number(process.argv[2] ?? 100);
const files = Number(process.argv[3] ?? 4);
const runs = Number(process.argv[4] ?? 3);
const work = tempDir("nar-vs-cat");
const tree = join(work, "tree");
mkdirSync(tree);
const piece = Buffer.alloc(1 << 20);
for (let i = 0; i < files; i++) {
  const fd = openSync(join(tree, `big-${i}`), "w");
  for (let left = fileMB * 1e6; left > 0; left -= piece.length) writeSync(fd, randomFillSync(piece), 0, Math.min(piece.length, left));
  closeSync(fd);
}
const env = { ...process.env, CASTORE_HOME: join(work, "home") };

function timed(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [castoreBin, ...args], { env, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`castore ${args.join(" ")} failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

await withBenchNats(async ({ server, children }) => {
  const child = spawn(process.execPath, [castoreBin, "serve", "--nats", server.url], { env, stdio: ["ignore", "ignore", "pipe"] });
  children.add({ stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once("exit", r), child.kill("SIGTERM")))) });
  await new Promise((resolve, reject) => {
    let log = "";
    child.stderr.setEncoding("utf8").on("data", (s) => ((log += s), /"msg":"serving"/.test(log) && resolve()));
    child.once("exit", (c) => reject(new Error(`castore serve exited (${c}): ${log}`)));
  });
  const nats = ["--nats", server.url];
  const out = spawnSync(process.execPath, [castoreBin, "import", tree, "--json", ...nats], { env, encoding: "utf8" });
  if (out.status !== 0) throw new Error(out.stderr);
  const storePath = JSON.parse(out.stdout).storePath;
  const nar = [];
  const cat = [];
  const fixed = [];
  for (let r = 0; r < runs; r++) {
    nar.push(timed(["nar", storePath, ...nats]));
    let t = 0;
    for (let i = 0; i < files; i++) t += timed(["cat", `${storePath}/big-${i}`, ...nats]);
    cat.push(t);
    fixed.push(timed(["cat", `${storePath}/big-0`, "--length", "1", ...nats]));
  }
  const n = median(nar);
  const c = median(cat) - (files - 1) * median(fixed);
  console.log(`${files} × ${fileMB} MB through castore serve, whole processes, median of ${runs}\n`);
  table(
    ["case", "s", "MB/s", "× cat"],
    [
      [`castore cat of the ${files} files (one process each, less ${files - 1} × the fixed cost ${fmt(median(fixed), 2)} s)`, fmt(c), fmt((files * fileMB) / c, 0), "1.00"],
      [`castore nar of the tree (one process)`, fmt(n), fmt((files * fileMB) / n, 0), fmt(c / n)],
    ],
  );
  console.log("\ngoal: castore nar ≥ 0.9× castore cat");
});
