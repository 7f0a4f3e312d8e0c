// The libfuse3 low-level binding (csrc/fuse_ll.c, built by this package's build into
// build/Release/castore_fuse.node): its operations, request handles and reply functions.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** Request kinds, as csrc/fuse_ll.c numbers them. */
export enum Op {
  Lookup = 1,
  Forget = 2,
  GetAttr = 3,
  ReadLink = 4,
  /** Answered in C (ENOSYS: the kernel then opens files without asking). */
  Open = 5,
  Read = 6,
  Release = 7,
  OpenDir = 8,
  ReadDir = 9,
  ReleaseDir = 10,
  StatFs = 11,
  GetXattr = 12,
  ListXattr = 13,
  /** The session loop ended (unmounted); `a` is its result. */
  Exit = 14,
  ReadDirPlus = 15,
}

/** An open request (an opaque handle); answer each exactly once. */
export type Req = { readonly __fuseRequest: unique symbol };
/** A mount (an opaque handle). */
export type MountHandle = { readonly __fuseMount: unique symbol };

/** Receives every request: op, request (null for those needing no answer), inode, file handle, two numbers, a name. */
export type Dispatch = (op: number, req: Req | null, ino: number, fh: number, a: number, b: number, name: Buffer | null) => void;

export interface Native {
  /**
   * Mounts (options as for `mount -o`) and starts the session loop on a thread of its own;
   * `cacheBytes` bounds the small-file cache that cacheFile fills (0: none).
   */
  mount(mountpoint: string, options: string, dispatch: Dispatch, cacheBytes: number): MountHandle;
  /**
   * Hands files' (verified) bytes to the binding: their reads are answered on the loop thread, and
   * the bytes are pushed into the kernel's page cache (FUSE_NOTIFY_STORE) on a thread of its own.
   */
  cacheFiles(m: MountHandle, inos: readonly number[], data: readonly Uint8Array[]): void;
  /** Ends the loop and detaches the mount; an Exit request follows. */
  unmount(m: MountHandle): void;
  /** The mount stops keeping the process alive (it may exit while a busy mount still ends). */
  unref(m: MountHandle): void;
  /** After Exit: joins the loop thread and frees the session. */
  close(m: MountHandle): void;
  replyEntry(req: Req, ino: number, mode: number, size: number, nlink: number, attrTimeout: number, entryTimeout: number): void;
  replyAttr(req: Req, ino: number, mode: number, size: number, nlink: number, attrTimeout: number): void;
  /** errno 0 answers success without data. */
  replyErr(req: Req, errno: number): void;
  replyBuf(req: Req, data: Uint8Array): void;
  replyIov(req: Req, pieces: readonly Uint8Array[]): void;
  replyReadlink(req: Req, target: Uint8Array): void;
  replyOpen(req: Req, fh: number, keepCache: boolean): void;
  replyXattr(req: Req, size: number): void;
}

const addonPath = fileURLToPath(new URL("../build/Release/castore_fuse.node", import.meta.url));
let loaded: Native | null = null;

/** The binding; throws (naming what to do) when it is not built or libfuse3 is missing. */
export function native(): Native {
  if (loaded !== null) return loaded;
  try {
    loaded = createRequire(import.meta.url)(addonPath) as Native;
  } catch (e) {
    throw new Error(
      `the FUSE binding could not be loaded (${e instanceof Error ? e.message : String(e)}); ` +
        "it needs libfuse3 (Debian: fuse3 libfuse3-dev) and the build: run ./scripts/setup.sh",
    );
  }
  return loaded;
}
