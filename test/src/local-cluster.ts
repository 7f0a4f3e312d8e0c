// Drives deploy/local/cluster.sh for the deploy tests: a cluster under a temporary $CLUSTER_DIR on
// free loopback ports, stopped (`down`, then its directory removed) when the test scope ends,
// passed or failed.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestScope } from "@castore/nats-server";

export const root = new URL("../../", import.meta.url).pathname;
export const clusterSh = join(root, "deploy/local/cluster.sh");

export interface ShRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface LocalCluster {
  readonly dir: string;
  readonly base: number;
  /** The lines `up` printed. */
  readonly natsUrl: string;
  readonly httpUrl: string;
  /** Everything in $CLUSTER_DIR/urls.env: URL_<ACCOUNT>_<ROLE>, EDGE_URL_…, ports. */
  readonly env: Readonly<Record<string, string>>;
  sh(...args: string[]): Promise<ShRun>;
  /** Runs cluster.sh and fails on a non-zero exit. */
  ok(...args: string[]): Promise<ShRun>;
  /** pid of a process of the cluster (nats-1, blob-2, …), from its pid file. */
  pid(name: string): number | undefined;
  pids(): Record<string, number>;
}

function freeRange(base: number, count: number): Promise<boolean> {
  return new Promise((resolve) => {
    let i = 0;
    const next = (): void => {
      if (i === count) return resolve(true);
      const s = createServer();
      s.once("error", () => resolve(false));
      s.listen(base + i, "127.0.0.1", () => s.close(() => (i++, next())));
    };
    next();
  });
}

/**
 * A base port with the cluster's 52 ports free (they are only checked, so another process may still
 * win a race). Below Linux's ephemeral range (32768–60999), from which every other test's
 * nats-server takes its free ports, so none can take the port of a cluster node a test has just
 * killed. (The "Authorization Violation" CI showed on restarts, first blamed on that, came from
 * parallel cluster.sh commands rewriting secrets.env — fixed in deploy/gen.mjs.)
 */
async function pickBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 120) * 100; // 20000..31900 (+52)
    if (await freeRange(base, 52)) return base;
  }
  throw new Error("found no free range of 52 loopback ports");
}

export function runSh(dir: string, base: number, args: string[], timeoutMs = 180_000): Promise<ShRun> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("CASTORE_")) env[k] = v;
    const child = spawn("bash", [clusterSh, ...args], {
      env: { ...env, CLUSTER_DIR: dir, CLUSTER_PORT_BASE: String(base) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`cluster.sh ${args.join(" ")} did not finish within ${timeoutMs} ms: ${Buffer.concat(err).toString()}`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
  });
}

export function readEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.replace(/^"(.*)"$/, "$1");
  }
  return env;
}

/** `cluster.sh up` in a fresh directory; `down` and removal registered with `scope`. */
export async function withLocalCluster(scope: TestScope): Promise<LocalCluster> {
  const dir = mkdtempSync(join(tmpdir(), "castore-cluster-"));
  const base = await pickBase();
  scope.after(async () => {
    const r = await runSh(dir, base, ["down"]).catch((e: Error) => ({ code: 1, stdout: "", stderr: e.message }));
    if (r.code !== 0) process.stderr.write(`cluster.sh down failed: ${r.stderr}\n`);
    if (process.env["CASTORE_KEEP_CLUSTER"] === undefined) rmSync(dir, { recursive: true, force: true });
  });
  const sh = (...args: string[]): Promise<ShRun> => runSh(dir, base, args);
  const ok = async (...args: string[]): Promise<ShRun> => {
    const r = await sh(...args);
    if (r.code !== 0) throw new Error(`cluster.sh ${args.join(" ")} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
    return r;
  };
  const up = await ok("up");
  const line = (key: string): string => {
    const m = new RegExp(`^${key}=(.*)$`, "m").exec(up.stdout);
    if (!m) throw new Error(`cluster.sh up printed no ${key}= line:\n${up.stdout}`);
    return m[1]!;
  };
  const pids = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const f of readdirSync(join(dir, "pids"))) out[f.replace(/\.pid$/, "")] = Number(readFileSync(join(dir, "pids", f), "utf8"));
    return out;
  };
  return {
    dir,
    base,
    natsUrl: line("NATS_URL"),
    httpUrl: line("HTTP_URL"),
    env: readEnvFile(join(dir, "urls.env")),
    sh,
    ok,
    pid: (name) => pids()[name],
    pids,
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resident memory of a process in bytes, from /proc. */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** Waits until `cluster.sh status` exits 0 (every node and replica up, every stream current). */
export async function waitStatus(c: LocalCluster, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: ShRun | undefined;
  while (Date.now() < until) {
    last = await c.sh("status");
    if (last.code === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`cluster.sh status did not pass within ${timeoutMs} ms:\n${last?.stdout}\n${last?.stderr}`);
}
