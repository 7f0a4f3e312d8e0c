// Mounting a store: a stale mount left at the mount point (its process was killed) is cleaned up
// first; unmounting detaches the mount and waits (bounded) for the session loop to end.
import { spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Services } from "@castore/store";
import { CastoreFs, type FsOptions } from "./fs.js";
import { Op, native, type MountHandle } from "./native.js";

export interface MountOptions extends FsOptions {
  /**
   * The kernel's read-ahead for the mount in KiB (its default is 128): larger requests mean fewer
   * round trips for sequential readers. Set through /sys/class/bdi (root only; else left). Default 4096.
   */
  readonly readAheadKiB?: number;
  /** Extra `-o` options for the mount (e.g. "allow_other"). */
  readonly options?: readonly string[];
}

export interface Mounted {
  readonly mountpoint: string;
  /** Settles when the mount is gone (unmounted here or from outside). */
  readonly closed: Promise<void>;
  /** Unmounts; resolves once the session has ended (after at most `timeoutMs`, default 5 s). */
  unmount(timeoutMs?: number): Promise<void>;
}

/**
 * Mounts `services` read-only at `mountpoint` (an existing directory). The process must not touch
 * the mount point with synchronous file calls while it is mounted: this thread serves it.
 */
export async function mountStore(services: Services, mountpoint: string, opts: MountOptions = {}): Promise<Mounted> {
  const n = native();
  const dir = resolve(mountpoint);
  cleanStaleMount(dir);
  let st;
  try {
    st = statSync(dir);
  } catch (e) {
    throw new Error(`${dir}: cannot mount there (${(e as Error).message})`);
  }
  if (!st.isDirectory()) throw new Error(`${dir}: cannot mount there (not a directory)`);

  const fs = new CastoreFs(services, n, opts);
  let handle: MountHandle | null = null;
  let done!: () => void;
  const closed = new Promise<void>((r) => (done = r));
  const dispatch: typeof fs.dispatch = (op, req, ino, fh, a, b, name) => {
    if (op === Op.Exit) {
      if (handle !== null) n.close(handle);
      done();
      return;
    }
    fs.dispatch(op, req, ino, fh, a, b, name);
  };
  const options = ["ro", "default_permissions", "fsname=castore", "subtype=castore", ...(opts.options ?? [])].join(",");
  handle = n.mount(dir, options, dispatch, opts.smallFileCacheBytes ?? 64 << 20);
  fs.attach(handle);
  const h = handle;
  raiseReadAhead(dir, opts.readAheadKiB ?? 4096);
  let unmounting: Promise<void> | null = null;
  return {
    mountpoint: dir,
    closed,
    unmount(timeoutMs = 5000) {
      unmounting ??= (async () => {
        n.unmount(h);
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          closed.then(() => false),
          new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs))),
        ]);
        clearTimeout(timer);
        // Still attached (a reader keeps it busy): detach it lazily, as fusermount3 -u -z does,
        // and let the process exit without waiting for the session to end.
        if (timedOut) {
          forceUnmount(dir);
          n.unref(h);
        }
      })();
      return unmounting;
    },
  };
}

/** Whether `dir` is a FUSE mount whose server is gone ("Transport endpoint is not connected"). */
export function isStaleMount(dir: string): boolean {
  try {
    statSync(dir);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOTCONN";
  }
}

/** Detaches a dead mount at `dir`, if there is one. */
export function cleanStaleMount(dir: string): void {
  if (isStaleMount(dir)) forceUnmount(dir);
}

/** Lazily detaches whatever is mounted at `dir` (fusermount3 -u -z, else umount -l). */
export function forceUnmount(dir: string): boolean {
  for (const [cmd, args] of [
    ["fusermount3", ["-u", "-z", dir]],
    ["umount", ["-l", dir]],
  ] as const) {
    const r = spawnSync(cmd, args, { stdio: "ignore", timeout: 10_000 });
    if (r.status === 0) return true;
  }
  return false;
}

/**
 * Sets the read-ahead of the mount at `dir` (its device found in /proc/self/mountinfo: stat() of
 * the mount point would ask this very thread, which is busy here).
 */
function raiseReadAhead(dir: string, kib: number): void {
  try {
    const line = readFileSync("/proc/self/mountinfo", "utf8")
      .split("\n")
      .filter((l) => l.split(" ")[4] === dir)
      .pop();
    const dev = line?.split(" ")[2];
    if (dev !== undefined && /^\d+:\d+$/.test(dev)) writeFileSync(`/sys/class/bdi/${dev}/read_ahead_kb`, String(kib));
  } catch {
    // Not root, or no sysfs: the kernel's default stays.
  }
}
