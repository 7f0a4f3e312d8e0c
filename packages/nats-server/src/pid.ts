// Liveness and stopping by pid, for a server this process may not have started (a detached
// one recorded by an earlier process) and for tests that check nothing is left running.
import { existsSync, readFileSync } from "node:fs";
import { sleep } from "./probe.js";

/**
 * Whether a process runs under `pid`. A zombie counts as gone: a detached or orphaned server is
 * reaped by init, which can take seconds (in containers, forever) after it exited.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists, it just is not ours to signal.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state letter follows the command name, which is in parentheses and may contain any byte.
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    // No procfs (not Linux), or it vanished just now: trust the signal check.
    return existsSync("/proc/self/stat") ? existsSync(`/proc/${pid}`) : true;
  }
}

/**
 * Stops a server by pid, e.g. a detached one started by an earlier process: SIGTERM, then
 * SIGKILL after `timeoutMs`. Resolves false if nothing ran under that pid. The caller must make
 * sure the pid is still the server it recorded (pids get reused).
 */
export async function stopPid(pid: number, timeoutMs = 10_000): Promise<boolean> {
  if (!isProcessAlive(pid)) return false;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Exited just now.
      }
      const killDeadline = Date.now() + 5000;
      while (isProcessAlive(pid)) {
        if (Date.now() > killDeadline) throw new Error(`process ${pid} survived SIGKILL`);
        await sleep(20);
      }
      break;
    }
    await sleep(20);
  }
  return true;
}
