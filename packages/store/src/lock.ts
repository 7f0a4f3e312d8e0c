// A lock file shared by castore processes on one machine (e.g. two commands that both want to
// start the embedded server). Taken with O_EXCL; holds the owner's pid, so a lock left by a
// process that died is broken by the next one instead of blocking it forever.
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync, renameSync, linkSync, statSync, unlinkSync, writeSync } from "node:fs";
import { isProcessAlive } from "@castore/nats-server";

export interface LockOptions {
  /** How long to wait for a live holder; default 60 s. */
  readonly timeoutMs?: number;
  /** How long an empty lock file (its owner between create and write) is trusted; default 5 s. */
  readonly emptyGraceMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** A holder is stale when its pid is dead, or it never wrote its pid in time. */
function isStale(content: string, path: string, emptyGraceMs: number): boolean {
  const pid = Number(content.split(" ")[0]);
  if (Number.isInteger(pid) && pid > 0) return !isProcessAlive(pid);
  return ageMs(path) > emptyGraceMs;
}

/**
 * Removes the lock only if it still holds `content`. Renaming first makes this safe against a
 * process that broke the same stale lock a moment earlier and took a fresh one: we then hold
 * its fresh lock under another name and put it back.
 */
function breakStale(path: string, content: string): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  try {
    if (readOrNull(aside) !== content) {
      try {
        linkSync(aside, path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
    }
  } finally {
    unlinkSync(aside);
  }
}

/** Runs `fn` while holding the lock file at `path`. */
export async function withLock<T>(path: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const emptyGraceMs = opts.emptyGraceMs ?? 5000;
  const mine = `${process.pid} ${randomBytes(8).toString("hex")}\n`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const held = readOrNull(path);
      if (held === null) continue;
      if (isStale(held, path, emptyGraceMs)) {
        breakStale(path, held);
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${path} is held by pid ${held.split(" ")[0] || "?"} for over ${timeoutMs / 1000} s; ` +
            "if no castore command is running, remove it",
        );
      }
      await sleep(25 + Math.random() * 50);
      continue;
    }
    try {
      writeSync(fd, mine);
    } finally {
      closeSync(fd);
    }
    try {
      return await fn();
    } finally {
      // Never remove a lock that someone broke and re-took while we (wrongly) looked dead.
      if (readOrNull(path) === mine) unlinkSync(path);
    }
  }
}
