// Helpers of the blob benchmarks: a private nats-server (free port, temp store, always stopped),
// the blob service as a child process (services/blob/dist/main.js, one per prefix), random
// files written in pieces (never held in memory), raw JetStream baselines and verdict lines.
import { spawn } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { closeSync, createReadStream, openSync, readFileSync, writeSync } from "node:fs";
import { startNatsServer } from "@castore/nats-server";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { MiB } from "./lib.mjs";

export const blobMain = new URL("../services/blob/dist/main.js", import.meta.url).pathname;
export const castoreBin = new URL("../packages/cli/bin/castore.js", import.meta.url).pathname;

export const mbps = (bytes, seconds) => bytes / 1e6 / seconds;
export const secondsSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
export const now = () => process.hrtime.bigint();

/** CPU seconds (user + system) a running process has used so far, from /proc (NaN if gone). */
export function cpuSecondsOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

/** CPU seconds of this process so far. */
export const ownCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** "goal ≥ 0.5× raw: met (0.62×)" style verdict line. */
export function verdict(goal, value, ok, shown) {
  console.log(`- ${goal}: ${ok ? "met" : "NOT met"} (${shown ?? value})`);
}

/**
 * Starts a nats-server on free ports with a temp store, runs fn(server, nc), and always stops
 * it (and every child registered through `children`), also on error or Ctrl-C.
 */
export async function withBenchNats(fn) {
  const server = await startNatsServer({});
  const children = new Set();
  const stopAll = async () => {
    for (const c of children) await c.stop();
    await server.stop();
  };
  const onSignal = (sig) => {
    void stopAll().finally(() => process.exit(sig === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const nc = await connect({ servers: server.url, name: "castore-bench" });
  try {
    return await fn({ server, nc, children });
  } finally {
    await nc.close().catch(() => {});
    await stopAll();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/**
 * Runs the blob service (its own entry point, services/blob/dist/main.js) in a child process
 * on `prefix`; resolves once it logged "serving". The handle is added to `children` so that
 * withBenchNats stops it. stop() sends SIGTERM (drain) and waits for the exit. `nodeArgs`
 * (e.g. --cpu-prof) go to node before the script.
 */
export function startBlobServerProcess(url, prefix, children, nodeArgs = []) {
  return startServiceProcess([...nodeArgs, blobMain], { CASTORE_NATS_URL: url, CASTORE_PREFIX: prefix }, children, /"msg":"serving"/, "blob server");
}

/**
 * A service (any node script and arguments) as a child process, with `env` over the environment;
 * resolves once its log (stderr) matches `ready`. The handle is added to `children` (see
 * withBenchNats); stop() sends SIGTERM (drain), SIGKILL after 10 s, and waits for the exit.
 */
export async function startServiceProcess(args, env, children, ready = /serving/, label = "service") {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  let log = "";
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await new Promise((resolve, reject) => {
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (s) => {
      log = (log + s).slice(-8192);
      if (ready.test(log)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`${label} exited (${code}) before serving: ${log}`)));
  });
  const handle = {
    pid: child.pid,
    get log() {
      return log;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
      process.off("exit", killOnExit);
      children?.delete(handle);
    },
  };
  children?.add(handle);
  return handle;
}

/** Writes `size` random bytes to `path` in 16 MiB pieces (constant memory, any size). */
export function writeRandomFile(path, size) {
  const piece = Buffer.allocUnsafe(16 * MiB);
  const fd = openSync(path, "w");
  try {
    for (let off = 0; off < size; off += piece.length) {
      const n = Math.min(piece.length, size - off);
      randomFillSync(piece, 0, n);
      writeSync(fd, piece, 0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** A file as a stream of 1 MiB pieces, as `castore blob put FILE` reads it. */
export const fileStream = (path) => createReadStream(path, { highWaterMark: MiB });

/** Plain file-backed stream for the raw baselines; deleted and recreated by each run. */
export async function rawStream(nc, name, subject) {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(name).catch(() => {});
  await jsm.streams.add({ name, subjects: [subject], storage: "file", num_replicas: 1 });
  return { jsm, js: jetstream(nc), drop: () => jsm.streams.delete(name).catch(() => {}) };
}

/**
 * Raw baseline: publishes the file as `msgSize` messages with `window` publishes in flight.
 * Returns bytes published.
 */
export async function rawPublishFile(js, subject, path, { msgSize = 256 * 1024, window = 64 } = {}) {
  const inflight = new Set();
  let bytes = 0;
  let failed = null;
  for await (const piece of createReadStream(path, { highWaterMark: msgSize })) {
    const p = js.publish(subject, piece).then(
      () => inflight.delete(p),
      (e) => {
        inflight.delete(p);
        failed ??= e;
      },
    );
    inflight.add(p);
    bytes += piece.length;
    while (inflight.size >= window) await Promise.race(inflight);
    if (failed) throw failed;
  }
  await Promise.all(inflight);
  if (failed) throw failed;
  return bytes;
}

/** Raw baseline: reads a whole stream with an ordered pull consumer; returns bytes read. */
export async function rawOrderedRead(js, stream, expectBytes) {
  const oc = await js.consumers.get(stream);
  const msgs = await oc.consume();
  let bytes = 0;
  for await (const m of msgs) {
    bytes += m.data.length;
    if (bytes >= expectBytes) break;
  }
  await msgs.close();
  return bytes;
}

/** Reads a Readable to the end, counting bytes (what `cat > /dev/null` costs, minus the write). */
export async function drain(readable) {
  let n = 0;
  for await (const b of readable) n += b.length;
  return n;
}

/** Runs a child to completion; resolves { seconds, stdout } or rejects with its stderr. */
export function runTimed(cmd, args, { stdoutToNull = false, env } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(cmd, args, {
      stdio: ["ignore", stdoutToNull ? "ignore" : "pipe", "pipe"],
      ...(env ? { env: { ...process.env, ...env } } : {}),
    });
    let out = "";
    let err = "";
    child.stdout?.setEncoding("utf8").on("data", (s) => (out += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (err = (err + s).slice(-8192)));
    child.once("error", reject);
    child.once("exit", (code, sig) => {
      const seconds = secondsSince(t0);
      if (code === 0) resolve({ seconds, stdout: out, stderr: err });
      else reject(new Error(`${cmd} ${args.join(" ")} failed (${code ?? sig}): ${err}`));
    });
  });
}
