// Last line of defence against orphans: when this Node process ends, however it ends, every
// non-detached nats-server it started is SIGKILLed and the temp dirs the harness made for them
// are removed, so a crashed test run leaves nothing behind.
// (A SIGKILL of Node itself cannot be caught; nothing helps there.)
import { rmSync } from "node:fs";

const pids = new Set<number>();
const dirs = new Set<string>();
let installed = false;

const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function cleanUpNow(): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  pids.clear();
  for (const dir of dirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
    } catch {
      // Best effort: a server that was just killed may still be closing files in there.
    }
  }
  dirs.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // If the program handles the signal itself (e.g. `castore serve` draining on SIGTERM), let it
  // stop its servers gracefully; the exit hook still catches anything it forgets.
  if (process.listenerCount(signal) > 1) return;
  cleanUpNow();
  // Our listener suppressed the default action; restore it and die of the same signal, so the
  // exit status tells the parent what happened.
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", cleanUpNow);
  for (const s of SIGNALS) process.on(s, onSignal);
}

export function trackPid(pid: number): void {
  install();
  pids.add(pid);
}

export function untrackPid(pid: number): void {
  pids.delete(pid);
}

export function trackDir(dir: string): void {
  install();
  dirs.add(dir);
}

export function untrackDir(dir: string): void {
  dirs.delete(dir);
}
