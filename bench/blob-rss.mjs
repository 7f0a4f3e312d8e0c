// Peak RSS of the CLIENT of a large put and a large read. Each operation runs in a fresh Node
// process (bench/blob-rss-child.mjs: NatsBlobService streaming the file in / the read out to
// /dev/null) under /usr/bin/time -v; the blob service (services/blob/dist/main.js) and
// nats-server run in processes of their own, so they do not count. For context: an idle client
// (imports + connect), the `castore blob put` / `castore cat` commands, and the blob service
// process's own peak (VmHWM). The file is written in 16 MiB pieces, never held in memory.
// Usage: node bench/blob-rss.mjs [sizeMiB=1024]   (the size: 4096)
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fmt, table, tempDir } from "./lib.mjs";
import { castoreBin, mbps, runTimed, startBlobServerProcess, verdict, withBenchNats, writeRandomFile } from "./blob-lib.mjs";
import { MiB } from "./lib.mjs";

const sizeMiB = Number(process.argv[2] ?? 1024);
const size = sizeMiB * MiB;
const file = join(tempDir("blob-rss"), "data");
writeRandomFile(file, size);
const child = new URL("./blob-rss-child.mjs", import.meta.url).pathname;
const TIME = "/usr/bin/time";
const haveTime = existsSync(TIME);

/** Runs `node args…` (under /usr/bin/time -v when present); returns seconds, peak RSS in MB, stdout. */
async function measured(args, opts = {}) {
  const cmd = haveTime ? TIME : process.execPath;
  const argv = haveTime ? ["-v", process.execPath, ...args] : args;
  const r = await runTimed(cmd, argv, opts);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  let kib = m ? Number(m[1]) : NaN;
  const line = r.stdout.trim().split("\n").pop() ?? "";
  let json = null;
  if (line.startsWith("{")) {
    json = JSON.parse(line);
    if (!m && json.maxRssKiB) kib = json.maxRssKiB;
  }
  return { seconds: r.seconds, rssMB: (kib * 1024) / 1e6, json, stdout: r.stdout };
}

/** Peak RSS (VmHWM) of a running process, in MB. */
function vmHwmMB(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? (Number(m[1]) * 1024) / 1e6 : NaN;
}

const rows = [];
const results = {};
await withBenchNats(async ({ server, children }) => {
  const url = server.url;
  {
    const prefix = "bench.rss";
    const srv = await startBlobServerProcess(url, prefix, children);
    const idle = await measured([child, "idle", url, prefix, "-"]);
    rows.push(["client idle (imports + connect), child process", "-", "-", fmt(idle.rssMB, 0)]);
    const put = await measured([child, "put", url, prefix, file]);
    if (put.json?.size !== size) throw new Error(`put stored ${put.json?.size} bytes, expected ${size}`);
    const digest = put.json.digest;
    rows.push(["NatsBlobService.put of the file, child process", fmt(put.seconds, 1), fmt(mbps(size, put.seconds), 0), fmt(put.rssMB, 0)]);
    const cat = await measured([child, "cat", url, prefix, digest]);
    rows.push(["NatsBlobService.read → /dev/null, child process", fmt(cat.seconds, 1), fmt(mbps(size, cat.seconds), 0), fmt(cat.rssMB, 0)]);
    rows.push(["(context) blob service process after put + read, VmHWM", "-", "-", fmt(vmHwmMB(srv.pid), 0)]);
    results.put = put.rssMB;
    results.cat = cat.rssMB;
    await srv.stop();
  }
  // The CLI, on a fresh prefix so that its put uploads everything.
  {
    const prefix = "bench.rsscli";
    const srv = await startBlobServerProcess(url, prefix, children);
    const common = ["--nats", url, "--prefix", prefix];
    const env = { CASTORE_LOG_LEVEL: "warn" };
    try {
      const put = await measured([castoreBin, "blob", "put", file, "--json", ...common], { env });
      const digest = JSON.parse(put.stdout.trim()).digest;
      rows.push(["(context) `castore blob put FILE --nats`", fmt(put.seconds, 1), fmt(mbps(size, put.seconds), 0), fmt(put.rssMB, 0)]);
      const cat = await measured([castoreBin, "cat", digest, ...common], { env, stdoutToNull: true });
      rows.push(["(context) `castore cat DIGEST --nats > /dev/null`", fmt(cat.seconds, 1), fmt(mbps(size, cat.seconds), 0), fmt(cat.rssMB, 0)]);
    } catch (e) {
      rows.push([`(context) castore CLI rows skipped: ${String(e.message ?? e).split("\n")[0]}`, "-", "-", "-"]);
    }
    await srv.stop();
  }
});

console.log(
  `peak RSS: ${sizeMiB} MiB file of random data (issue goal size: 4096 MiB); one run; ` +
    `RSS from ${haveTime ? "/usr/bin/time -v" : "process.resourceUsage().maxRSS"}\n` +
    `each client op in a fresh Node process; blob service and nats-server in processes of their own\n`,
);
table(["case", "seconds", "MB/s", "peak RSS MB"], rows);
console.log("");
verdict("put client peak RSS ≤ 300 MB", results.put, results.put <= 300, `${fmt(results.put, 0)} MB`);
verdict("cat client peak RSS ≤ 300 MB", results.cat, results.cat <= 300, `${fmt(results.cat, 0)} MB`);
