// Test helpers: run the built `castore` as a child process with its own $CASTORE_HOME, and make
// sure no embedded nats-server outlives the test that caused it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isProcessAlive, stopPid, type TestScope } from "@castore/nats-server";

export const bin = new URL("../bin/castore.js", import.meta.url).pathname;

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export interface RunOptions {
  readonly home?: string;
  readonly input?: Uint8Array;
  readonly env?: Record<string, string>;
  readonly timeoutMs?: number;
}

/** The environment of a child: ours without any CASTORE_ setting, plus `extra`. */
export function childEnv(home: string | undefined, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("CASTORE_")) env[k] = v;
  if (home !== undefined) env["CASTORE_HOME"] = home;
  return { ...env, ...extra };
}

/** Starts `castore ARGS` with piped stdio. */
export function start(args: string[], opts: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, ["--enable-source-maps", bin, ...args], {
    env: childEnv(opts.home, opts.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** Waits until the child exited and closed its stdout and stderr (not just exited). */
export function finished(child: ChildProcess, timeoutMs = 30_000): Promise<Run> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on("data", (b: Buffer) => out.push(b));
  child.stderr?.on("data", (b: Buffer) => err.push(b));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`castore did not finish (and close its pipes) within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

export function castore(args: string[], opts: RunOptions = {}): Promise<Run> {
  const child = start(args, opts);
  child.stdin?.end(opts.input ?? Buffer.alloc(0));
  return finished(child, opts.timeoutMs);
}

/** Like castore, but fails the test unless it exits 0; returns stdout. */
export async function ok(args: string[], opts: RunOptions = {}): Promise<Buffer> {
  const r = await castore(args, opts);
  if (r.code !== 0) throw new Error(`castore ${args.join(" ")} exited ${r.code ?? r.signal}: ${r.stderr}`);
  return r.stdout;
}

export async function okJson(args: string[], opts: RunOptions = {}): Promise<Record<string, unknown>> {
  const lines = (await ok([...args, "--json"], opts)).toString("utf8").split("\n").filter(Boolean);
  if (lines.length !== 1) throw new Error(`expected one JSON line, got ${JSON.stringify(lines)}`);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

/** Pids of the nats-servers running on `home`'s embedded config. */
export function serversOf(home: string): number[] {
  const config = join(home, "nats", "nats-server.conf");
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (argv.includes(config) && isProcessAlive(Number(entry))) pids.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return pids;
}

/** A fresh $CASTORE_HOME; afterwards `castore stop`, then any leftover server is killed. */
export function freshHome(scope: TestScope): string {
  const home = mkdtempSync(join(tmpdir(), "castore-cli-test-"));
  scope.after(async () => {
    await castore(["stop"], { home }).catch(() => undefined);
    for (const pid of serversOf(home)) await stopPid(pid, 2000);
    rmSync(home, { recursive: true, force: true });
  });
  return home;
}

/** Deterministic pseudo-random bytes. */
export function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed || 1;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
