// The Nix binary cache (issue 13): real Nix (/usr/bin/nix, no daemon, chroot stores) against the
// nar-bridge of a child `castore serve --nats URL --http 127.0.0.1:0` on a private nats-server
// (withBenchNats), next to the anchor of Mic92's cache-shootout: Debian's nginx serving a file
// cache (`nix copy --to file://…?compression=none`) of the same closure, in the same run.
// Two closures, made deterministically (bench/trees.mjs makeTree) in a chroot source store on tmpfs
// by `nix-build`: a data path added with `builtins.path` and a small output of a `/bin/sh`
// derivation that refers to it (so each closure is 2 valid paths, one with a reference):
//   big   = 4 × 100 MB random files;  small = 20,000 files of 0–4096 B, 100 per directory.
// Each run (interleaved; anchor and castore alternate who goes first):
//   1. `nix copy --to file://CACHE?compression=none` (CACHE on disk, removed before) vs
//      `nix copy --to 'http://BRIDGE?compression=none'` into a fresh `castore serve` on a fresh
//      --prefix: time ratio (goal: bridge ≥ 0.5× the file:// speed). `sync` after each, untimed.
//      For context, the ceiling of any upload into this nats-server: the closure's NAR bytes
//      (`nix-store --dump` of each path, one file) published raw to a JetStream stream, 256 KiB
//      messages, 64 in flight (blob-lib's rawPublishFile), timed the same way.
//   2. `nix copy --from URL --to DEST --no-check-sigs --option http-connections N` for URL = nginx
//      (root = the file caches, sendfile on, no gzip) and URL = the bridge, N = 1 and 16, DEST a
//      fresh chroot store on tmpfs (removed between runs, untimed): speed ratio (goal ≥ 0.5×).
//   3. narinfo HEADs, 32 in flight (keep-alive agent, maxSockets 32) over the closures' 4 hashes and
//      4 missing ones, against the bridge and against nginx: HEAD/s (goal ≥ 2,000/s for the bridge).
// Every Nix call gets a fresh XDG_CACHE_HOME (no narinfo disk cache flatters anyone) and runs under
// /usr/bin/time (CPU seconds of Nix); the CPU seconds of `castore serve`, nats-server and nginx are
// read from /proc around each call. Nix checks every NAR it imports against its NarHash; the copies
// are checked with `nix path-info -r` on the destination. Peak RSS of serve: VmHWM, max over runs.
// NAR_BRIDGE_PROF=DIR runs serve under `node --cpu-prof --cpu-prof-dir=DIR` (one profile per run);
// NAR_BRIDGE_SERVE_ARGS="--read direct" adds serve flags; NAR_BRIDGE_CLOSURES=big|small picks one.
// Needs nix, nats-server, nginx (`apt-get install -y nginx`), /usr/bin/time. ~2–3 min on 2 shared cores.
// Usage: node bench/nar-bridge.mjs [runs=3] [bigMB=100] [bigFiles=4] [smallFiles=20000] [heads=20000]
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { loadavg } from "node:os";
import { join } from "node:path";
import { nixbase32Encode } from "@castore/core";
import { castoreBin, cpuSecondsOf, now, ownCpuSeconds, rawPublishFile, rawStream, secondsSince, startServiceProcess, withBenchNats } from "./blob-lib.mjs";
import { fmt, median, run, table, tempDir } from "./lib.mjs";
import { makeTree } from "./trees.mjs";

const runs = Number(process.argv[2] ?? 3);
const bigMB = Number(process.argv[3] ?? 100);
const bigFiles = Number(process.argv[4] ?? 4);
const smallFiles = Number(process.argv[5] ?? 20_000);
const heads = Number(process.argv[6] ?? 20_000);
const PROF = process.env.NAR_BRIDGE_PROF || null;
const SERVE_ARGS = (process.env.NAR_BRIDGE_SERVE_ARGS ?? "").split(/\s+/).filter(Boolean);
const PICK = (process.env.NAR_BRIDGE_CLOSURES ?? "big,small").split(",");
const CONNS = [1, 16];
const INFLIGHT = 32;

for (const tool of ["nix", "nix-build", "nginx", "/usr/bin/time"]) {
  if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) {
    throw new Error(`${tool} is missing${tool === "nginx" ? " (apt-get install -y nginx)" : tool === "/usr/bin/time" ? " (apt-get install -y time)" : ""}`);
  }
}

const NIX_CONFIG = [
  "experimental-features = nix-command",
  "substituters =",
  "sandbox-paths = /bin=/usr/bin /lib=/usr/lib /lib64=/usr/lib64 /usr",
].join("\n");

const work = tempDir("nar-bridge"); // on disk: the file caches, nginx, XDG caches, the trees
let shm = null;
try {
  const s = statfsSync("/dev/shm");
  if (s.bavail * s.bsize > 3e9) shm = mkdtempSync("/dev/shm/castore-bench-nar-bridge-");
} catch {
  // no tmpfs: stores go to disk
}
if (shm) process.on("exit", () => spawnSync("rm", ["-rf", shm]));
const fast = shm ?? work; // chroot stores (source and destinations)
const rmrf = (...paths) => run("rm", ["-rf", ...paths]);
const T0 = now();
const say = (msg) => console.error(`${fmt(secondsSince(T0), 0).padStart(4)} s  ${msg}`);
const load = () => loadavg().map((x) => fmt(x, 1)).join(" / ");

let xdgN = 0;
/**
 * Runs one Nix command under /usr/bin/time with a fresh XDG_CACHE_HOME; resolves { seconds,
 * cpu (Nix's user+sys), stdout }. Throws with stderr on failure.
 */
function nixTimed(cmd, args) {
  return new Promise((resolve, reject) => {
    const xdg = join(work, "xdg", String(++xdgN));
    const timeFile = join(work, "time.out");
    const t0 = now();
    const child = spawn("/usr/bin/time", ["-f", "%U %S %M", "-o", timeFile, cmd, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NIX_CONFIG, XDG_CACHE_HOME: xdg },
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (s) => (out += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (err = (err + s).slice(-8192)));
    child.once("error", reject);
    child.once("close", (code, sig) => {
      const seconds = secondsSince(t0);
      rmSync(xdg, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(" ")} failed (${code ?? sig}): ${err}`));
      const [u, s] = readFileSync(timeFile, "utf8").trim().split("\n").pop().split(" ").map(Number);
      resolve({ seconds, cpu: u + s, stdout: out.trim() });
    });
  });
}
const nixOut = async (cmd, args) => (await nixTimed(cmd, args)).stdout;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Debian's nginx as our own process (daemon off), serving `root`; stop() sends SIGQUIT and waits. */
async function startNginx(root) {
  const dir = join(work, "nginx");
  mkdirSync(join(dir, "tmp"), { recursive: true });
  const port = await freePort();
  const conf = join(dir, "nginx.conf");
  const t = (n) => `${n}_temp_path ${join(dir, "tmp", n)};`;
  writeFileSync(
    conf,
    `${process.getuid?.() === 0 ? "user root;\n" : ""}daemon off;
worker_processes auto;
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "error.log")} warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  gzip off;
  keepalive_timeout 65; keepalive_requests 1000000;
  types { text/x-nix-narinfo narinfo; application/x-nix-nar nar; text/plain nix-cache-info; }
  default_type application/octet-stream;
  ${t("client_body")} ${t("proxy")} ${t("fastcgi")} ${t("uwsgi")} ${t("scgi")}
  server { listen 127.0.0.1:${port}; root ${root}; location / { } }
}
`,
  );
  const child = spawn("nginx", ["-c", conf, "-p", dir, "-e", join(dir, "error.log")], { stdio: ["ignore", "ignore", "pipe"] });
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  let err = "";
  child.stderr.setEncoding("utf8").on("data", (s) => (err += s));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${err} ${readFileSync(join(dir, "error.log"), "utf8")}`);
    const ok = await new Promise((resolve) => {
      const r = request(`${url}/`, { method: "HEAD" }, (res) => {
        res.resume();
        resolve(true);
      });
      r.once("error", () => resolve(false));
      r.end();
    });
    if (ok) break;
    if (i > 100) throw new Error("nginx did not answer within 5 s");
    await new Promise((r) => setTimeout(r, 50));
  }
  const version = spawnSync("nginx", ["-v"], { encoding: "utf8" }).stderr.trim();
  return {
    url,
    version,
    pids: () => [child.pid, ...run("ps", ["--ppid", String(child.pid), "-o", "pid="]).split("\n").filter(Boolean).map(Number)],
    async stop() {
      child.kill("SIGQUIT");
      const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
      process.off("exit", killOnExit);
    },
  };
}

/** `castore serve --nats URL --prefix P --http 127.0.0.1:0` (optionally under --cpu-prof); resolves with its bridge URL. */
async function startServe(natsUrl, prefix, children) {
  const nodeArgs = PROF ? ["--cpu-prof", `--cpu-prof-dir=${PROF}`] : [];
  const args = [...nodeArgs, castoreBin, "serve", "--nats", natsUrl, "--prefix", prefix, "--http", "127.0.0.1:0", ...SERVE_ARGS];
  const svc = await startServiceProcess(args, { CASTORE_HOME: join(work, "home") }, children, /"msg":"serving"/, "castore serve");
  const line = svc.log.split("\n").find((l) => l.includes('"msg":"serving"'));
  const url = /"http":"(http:\/\/[^"]+)"/.exec(line ?? "")?.[1];
  if (url === undefined) throw new Error(`castore serve logged no bridge URL: ${line}`);
  return { ...svc, url, stop: () => svc.stop() };
}

function vmHwmMB(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The closure of `top` in `store`: its paths, hash parts and total NAR bytes. */
async function closureOf(store, top) {
  const infos = JSON.parse(await nixOut("nix", ["path-info", "--store", store, "-r", "--json", top]));
  return {
    paths: infos.map((i) => i.path).sort(),
    hashes: infos.map((i) => i.path.slice("/nix/store/".length, "/nix/store/".length + 32)),
    narBytes: infos.reduce((a, i) => a + i.narSize, 0),
  };
}

/** Builds one closure in the chroot store `src`: a data path (builtins.path of a makeTree tree) and a derivation output referring to it. */
async function makeClosure(src, key, treeOpts) {
  const tree = join(work, `tree-${key}`);
  mkdirSync(tree);
  const fileBytes = makeTree(tree, treeOpts);
  const expr = join(work, `${key}.nix`);
  writeFileSync(
    expr,
    `let data = builtins.path { path = ${tree}; name = "bench-${key}-data"; };
in derivation { name = "bench-${key}"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo \${data} > $out" ]; }
`,
  );
  const top = await nixOut("nix-build", ["--store", src, "--no-out-link", expr]);
  rmrf(tree); // the source store holds it now
  const c = await closureOf(src, top);
  if (c.paths.length !== 2) throw new Error(`closure of ${top} has ${c.paths.length} paths: ${c.paths.join(" ")}`);
  // The closure's NARs in one file, for the raw JetStream ceiling.
  const narFile = join(work, `${key}.nars`);
  const fd = openSync(narFile, "w");
  try {
    for (const p of c.paths) {
      const r = spawnSync("nix-store", ["--dump", join(src, p)], { stdio: ["ignore", fd, "pipe"], env: { ...process.env, NIX_CONFIG } });
      if (r.status !== 0) throw new Error(`nix-store --dump ${p}: ${r.stderr}`);
    }
  } finally {
    closeSync(fd);
  }
  return { key, top, fileBytes, narFile, ...c };
}

/** CPU seconds of a set of processes, summed (a process that is gone counts 0). */
const cpuOf = (pids) => pids.reduce((a, p) => a + (Number.isNaN(cpuSecondsOf(p)) ? 0 : cpuSecondsOf(p)), 0);

/**
 * Times one Nix command and the CPU the servers spent meanwhile: { seconds, nix, serve, nats, nginx }.
 */
async function measured(cmd, args, procs) {
  const before = { serve: cpuOf(procs.serve()), nats: cpuOf([procs.nats]), nginx: cpuOf(procs.nginx()) };
  const r = await nixTimed(cmd, args);
  return {
    seconds: r.seconds,
    nix: r.cpu,
    serve: cpuOf(procs.serve()) - before.serve,
    nats: cpuOf([procs.nats]) - before.nats,
    nginx: cpuOf(procs.nginx()) - before.nginx,
  };
}

/** `n` HEADs of `urls` (cycled), `inflight` at a time on a keep-alive agent; statuses checked against `expect`. */
async function headLoad(urls, expect, n, inflight, serverPids) {
  const agent = new Agent({ keepAlive: true, maxSockets: inflight });
  const head = (u) =>
    new Promise((resolve, reject) => {
      const r = request(u, { method: "HEAD", agent }, (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode));
      });
      r.once("error", reject);
      r.end();
    });
  // Warm the sockets first (untimed), as a long-running client has them.
  await Promise.all(Array.from({ length: inflight }, (_, i) => head(urls[i % urls.length])));
  let next = 0;
  let wrong = 0;
  const cpu0 = { own: ownCpuSeconds(), server: cpuOf(serverPids()) };
  const t0 = now();
  await Promise.all(
    Array.from({ length: inflight }, async () => {
      for (let i = next++; i < n; i = next++) {
        if ((await head(urls[i % urls.length])) !== expect[i % urls.length]) wrong++;
      }
    }),
  );
  const seconds = secondsSince(t0);
  const cpu = { client: ownCpuSeconds() - cpu0.own, server: cpuOf(serverPids()) - cpu0.server };
  agent.destroy();
  if (wrong) throw new Error(`${wrong} of ${n} HEADs had an unexpected status`);
  return { seconds, perSecond: n / seconds, cpu };
}

const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const cellS = (s) => `${fmt(s.median, 2)} (${fmt(s.min, 2)}–${fmt(s.max, 2)})`;
const pair = async (r, anchor, ours) => {
  if (r % 2 === 0) {
    await anchor();
    await ours();
  } else {
    await ours();
    await anchor();
  }
};

console.log(`# Nix binary cache: nar-bridge (\`castore serve --http\`) vs nginx serving a file:// cache, real Nix`);
const nixVersion = run("nix", ["--version"]).trim();
const natsVersion = spawnSync("nats-server", ["--version"], { encoding: "utf8" }).stdout.trim();
const loadStart = load();

const src = join(fast, "src-store");
const cacheRoot = join(work, "caches"); // nginx's root: one file:// cache per closure under it
mkdirSync(cacheRoot);
const defs = [
  { key: "big", label: `${bigFiles} × ${bigMB} MB random files`, opts: { files: 0, big: bigFiles, bigSize: Math.round(bigMB * 1e6 / 4) * 4 } },
  { key: "small", label: `${smallFiles} files of 0–4096 B, 100 per directory`, opts: { files: smallFiles, perDir: 100, maxSize: 4096 } },
].filter((d) => PICK.includes(d.key));
const closures = [];
for (const d of defs) {
  say(`making closure ${d.key}: ${d.label} ...`);
  closures.push({ ...d, ...(await makeClosure(src, d.key, d.opts)) });
}

const nginx = await startNginx(cacheRoot);
const results = new Map(); // `${key}/${case}` -> [measured]
const push = (k, m) => (results.get(k) ?? results.set(k, []).get(k)).push(m);
const headRes = { bridge: [], nginx: [] };
let serveHwm = 0;
const toFile = (c) => `file://${join(cacheRoot, c.key)}?compression=none`;

try {
  await withBenchNats(async ({ server, nc, children }) => {
    const natsPid = server.pid;
    for (let r = 0; r < runs; r++) {
      say(`run ${r + 1}/${runs}: fresh castore serve`);
      const serve = await startServe(server.url, `nb${r}x${process.pid}`, children);
      const procs = { serve: () => [serve.pid], nats: natsPid, nginx: nginx.pids };
      for (const c of closures) {
        say(`  [${c.key}] nix copy --to file:// and --to the bridge`);
        await pair(
          r,
          async () => {
            rmrf(join(cacheRoot, c.key));
            run("sync", []);
            push(`${c.key}/to-file`, await measured("nix", ["copy", "--from", src, "--to", toFile(c), c.top], procs));
            run("sync", []);
          },
          async () => {
            run("sync", []);
            push(`${c.key}/to-bridge`, await measured("nix", ["copy", "--from", src, "--to", `${serve.url}?compression=none`, c.top], procs));
            run("sync", []);
          },
        );
        // The ceiling of any upload into this JetStream: the same bytes published raw (not a goal).
        const raw = await rawStream(nc, "NBRAW", "nbraw.>");
        const natsCpu0 = cpuOf([natsPid]);
        const t0 = now();
        const published = await rawPublishFile(raw.js, "nbraw.x", c.narFile);
        push(`${c.key}/raw`, { seconds: secondsSince(t0), nix: NaN, serve: NaN, nats: cpuOf([natsPid]) - natsCpu0, nginx: NaN });
        await raw.drop();
        if (published !== c.narBytes) throw new Error(`published ${published} bytes of ${c.narBytes}`);
        const listed = (await nixOut("nix", ["path-info", "--store", serve.url, "-r", c.top])).split("\n").sort();
        if (listed.join(" ") !== c.paths.join(" ")) throw new Error(`the bridge lists ${listed.join(" ")} for ${c.top}`);
      }
      for (const c of closures) {
        for (const n of CONNS) {
          say(`  [${c.key}] nix copy --from nginx / the bridge, http-connections ${n}`);
          const from = async (name, url) => {
            const dest = join(fast, `dest-${c.key}`);
            rmrf(dest);
            const args = ["copy", "--from", url, "--to", dest, "--no-check-sigs", "--option", "http-connections", String(n), c.top];
            push(`${c.key}/from-${name}-${n}`, await measured("nix", args, procs));
            const got = (await nixOut("nix", ["path-info", "--store", dest, "-r", c.top])).split("\n").sort();
            if (got.join(" ") !== c.paths.join(" ")) throw new Error(`copy from ${name} gave ${got.join(" ")}`);
            rmrf(dest);
          };
          await pair(
            r,
            () => from("nginx", `${nginx.url}/${c.key}`),
            () => from("bridge", serve.url),
          );
        }
      }
      if (heads > 0) {
        say(`  narinfo HEADs, ${INFLIGHT} in flight`);
        const missing = Array.from({ length: 4 }, (_, i) => nixbase32Encode(createHash("sha256").update(`missing-${i}`).digest().subarray(0, 20)));
        const present = closures.flatMap((c) => c.hashes.map((h) => ({ c, h })));
        const expect = [...present.map(() => 200), ...missing.map(() => 404)];
        const bridgeUrls = [...present.map((p) => `${serve.url}/${p.h}.narinfo`), ...missing.map((h) => `${serve.url}/${h}.narinfo`)];
        const nginxUrls = [...present.map((p) => `${nginx.url}/${p.c.key}/${p.h}.narinfo`), ...missing.map((h) => `${nginx.url}/${closures[0].key}/${h}.narinfo`)];
        await pair(
          r,
          async () => headRes.nginx.push(await headLoad(nginxUrls, expect, heads, INFLIGHT, nginx.pids)),
          async () => headRes.bridge.push(await headLoad(bridgeUrls, expect, heads, INFLIGHT, () => [serve.pid, natsPid])),
        );
      }
      serveHwm = Math.max(serveHwm, vmHwmMB(serve.pid));
      await serve.stop();
    }

    // Tables.
    const mb = (c, s) => c.narBytes / 1e6 / s;
    const verdicts = [];
    for (const c of closures) {
      const S = (k) => stats(results.get(`${c.key}/${k}`).map((m) => m.seconds));
      const cpu = (k) => {
        const ms = results.get(`${c.key}/${k}`);
        const med = (f) => (Number.isNaN(f(ms[0])) ? "–" : fmt(median(ms.map(f)), 1));
        return `${med((m) => m.nix)} / ${med((m) => m.serve)} / ${med((m) => m.nats)} / ${med((m) => m.nginx)}`;
      };
      const rows = [];
      const add = (label, k, anchorKey, goalText) => {
        const s = S(k);
        const ratio = anchorKey ? S(anchorKey).median / s.median : 1;
        const ok = anchorKey && goalText !== "—" ? ratio >= 0.5 : null;
        if (ok !== null) verdicts.push([`${c.key}: ${label}`, ratio, ok]);
        rows.push([label, cellS(s), fmt(mb(c, s.median), 0), anchorKey ? `${fmt(ratio)}×` : "1.00×", goalText, ok === null ? "—" : ok ? "met" : "NOT met", cpu(k)]);
      };
      add("nix copy --to file://… (anchor)", "to-file", null, "—");
      add("nix copy --to the bridge", "to-bridge", "to-file", "≥ 0.5×");
      add("(ceiling) raw js.publish of the same NAR bytes, 256 KiB msgs, 64 in flight", "raw", "to-file", "—");
      for (const n of CONNS) {
        add(`nix copy --from nginx, http-connections ${n} (anchor)`, `from-nginx-${n}`, null, "—");
        add(`nix copy --from the bridge, http-connections ${n}`, `from-bridge-${n}`, `from-nginx-${n}`, "≥ 0.5×");
      }
      console.log(`\n## Closure ${c.key}: ${c.label}\n`);
      console.log(
        `${c.paths.length} paths (${c.paths.map((p) => p.slice(44)).join(", ")}), NAR ${fmt(c.narBytes / 1e6, 1)} MB (files ${fmt(c.fileBytes / 1e6, 1)} MB); ` +
          `median (min–max) of ${runs} interleaved run${runs > 1 ? "s" : ""}; MB/s = closure NAR bytes / median seconds; ratio = speed × the anchor above it\n`,
      );
      table(["operation", "s (median, min–max)", "MB/s", "× anchor", "goal", "verdict", "CPU s: nix / serve / nats-server / nginx"], rows);
    }
    if (heads > 0) {
      const hs = (xs) => stats(xs.map((x) => x.perSecond));
      const hb = hs(headRes.bridge);
      const hn = hs(headRes.nginx);
      const cpuCell = (xs) => `${fmt(median(xs.map((x) => x.cpu.client)), 1)} / ${fmt(median(xs.map((x) => x.cpu.server)), 1)}`;
      console.log(`\n## narinfo HEADs: ${heads} per run, ${INFLIGHT} in flight (keep-alive, maxSockets ${INFLIGHT}), half present, half missing\n`);
      table(
        ["target", "HEAD/s (median, min–max)", "× nginx", "goal", "verdict", "CPU s: client / server (serve + nats-server for the bridge)"],
        [
          ["nginx (file cache)", `${fmt(hn.median, 0)} (${fmt(hn.min, 0)}–${fmt(hn.max, 0)})`, "1.00×", "—", "—", cpuCell(headRes.nginx)],
          ["the bridge", `${fmt(hb.median, 0)} (${fmt(hb.min, 0)}–${fmt(hb.max, 0)})`, `${fmt(hb.median / hn.median)}×`, "≥ 2,000/s", hb.median >= 2000 ? "met" : "NOT met", cpuCell(headRes.bridge)],
        ],
      );
      verdicts.push(["narinfo HEAD/s, 32 in flight", hb.median, hb.median >= 2000, `${fmt(hb.median, 0)}/s`]);
    }
    console.log(`\nGoals:`);
    for (const [what, v, ok, shown] of verdicts) console.log(`- ${what}: ${ok ? "met" : "NOT met"} (${shown ?? `${fmt(v)}×`})`);
    console.log(`\npeak RSS of castore serve (VmHWM, max over runs): ${fmt(serveHwm, 0)} MB`);
  });
} finally {
  await nginx.stop();
}
console.log(
  `\n${nixVersion}; ${nginx.version}; ${natsVersion}; Node ${process.version}; stores on ${shm ? "tmpfs (/dev/shm)" : "disk"}, file caches on disk (${work}); ` +
    `serve flags: ${SERVE_ARGS.join(" ") || "(default)"}${PROF ? `; CPU profiles in ${PROF}` : ""}`,
);
console.log(`load average at start ${loadStart}, at end ${load()}; total ${fmt(secondsSince(T0), 0)} s`);
