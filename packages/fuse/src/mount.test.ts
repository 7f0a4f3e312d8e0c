// The mount's reads of a large file, counted at the blob service: a read at an offset asks for a
// range around it only, and a sequential read asks in a few large batches. This process serves the
// mount (a memory store); the reads come from child processes (dd, cat), never from this thread,
// which must stay free to answer them.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { BlobService, ReadOptions } from "@castore/blob";
import { openStore, type Store } from "@castore/store";
import { mountStore, type Mounted } from "./mount.js";

function fuseUnavailable(): string | null {
  if (process.platform !== "linux") return "FUSE mounts are tested on Linux only";
  if (!existsSync("/dev/fuse")) return "no /dev/fuse in this environment";
  try {
    closeSync(openSync("/dev/fuse", "r+"));
  } catch (e) {
    return `/dev/fuse cannot be opened (${(e as Error).message})`;
  }
  return null;
}

const skip = fuseUnavailable();
if (skip !== null) console.log(`# @castore/fuse mount tests skipped: ${skip}`);

/** Runs a program on the mount (a child: this process serves the mount), killed after 60 s. */
function run(cmd: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${err}`));
    });
  });
}

const MB = 1 << 20;

describe("castore mount: reads of a large file", { skip: skip ?? false, timeout: 120_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), "castore-fuse-test-"));
  const mnt = join(work, "mnt");
  const src = join(work, "src");
  let store: Store;
  let m: Mounted | null = null;
  const asked: { offset: number; length: number }[] = [];
  const data = Buffer.alloc(24 * MB);
  for (let i = 0, x = 7; i < data.length; i++) data[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;

  after(async () => {
    if (m !== null) await m.unmount();
    if (readFileSync("/proc/self/mountinfo", "utf8").includes(` ${mnt} `)) spawnSync("umount", ["-l", mnt], { timeout: 10_000 });
    else rmSync(work, { recursive: true, force: true });
    await store?.close();
  });

  test("mounts a memory store whose blob reads are counted", async () => {
    store = await openStore("memory://");
    mkdirSync(src);
    mkdirSync(mnt);
    writeFileSync(join(src, "big"), data);
    await store.importPath(src, { name: "src" });
    const blobs = store.blobs;
    const read: BlobService["read"] = (digest, opts: ReadOptions = {}) => {
      // Every read of the big file (small ones, the metadata of the import, are left out).
      if (opts.length !== undefined || opts.offset !== undefined || Number(opts.sizeHint ?? Infinity) > MB) {
        asked.push({ offset: Number(opts.offset ?? 0), length: opts.length === undefined ? Infinity : Number(opts.length) });
      }
      return blobs.read(digest, opts);
    };
    // Everything else goes to the real service (bound: it keeps private state).
    const counting = new Proxy(blobs, {
      get: (t, p) => {
        if (p === "read") return read;
        const v: unknown = Reflect.get(t, p, t);
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
    m = await mountStore({ blobs: counting, directories: store.directories, pathInfos: store.pathInfos }, mnt, { listRoot: true });
  });

  test("a 4 KiB read at 17 MB asks for a range near it, never the whole file", async () => {
    const [name] = (await run("ls", [mnt])).toString().split("\n");
    const got = await run("dd", [`if=${join(mnt, name!, "big")}`, "bs=4096", "skip=4352", "count=1", "status=none"]);
    assert.deepEqual(got, data.subarray(4352 * 4096, 4353 * 4096));
    console.log(`# range reads for one 4 KiB read at 17 MB: ${JSON.stringify(asked)}`);
    assert.ok(asked.length >= 1, "no range read was asked for");
    const total = asked.reduce((a, r) => a + r.length, 0);
    assert.ok(total <= 2 * MB, `asked for ${total} bytes: ${JSON.stringify(asked)}`);
    for (const r of asked) assert.ok(r.offset >= 15 * MB && r.offset < 18 * MB, `a read far from 17 MB: ${JSON.stringify(r)}`);
    asked.length = 0;
  });

  test("a sequential read gets the file in a few large range reads, byte for byte", async () => {
    const [name] = (await run("ls", [mnt])).toString().split("\n");
    const got = await run("sha256sum", [join(mnt, name!, "big")]);
    assert.equal(got.toString().split(" ")[0], createHash("sha256").update(data).digest("hex"));
    console.log(`# range reads for a sequential read of 24 MB: ${asked.length}`);
    // 24 MB in chunks of ~256 KiB (~96 of them): read-ahead asks for runs of many chunks at once.
    assert.ok(asked.length >= 1 && asked.length <= 30, `${asked.length} range reads: ${JSON.stringify(asked.slice(0, 10))}…`);
    assert.ok(asked.every((r) => r.length < 24 * MB), "the whole file was read at once, not in ranges");
  });
});
