// `castore mount`: a store holding the nasty tree and a 50 MB file, mounted by one `castore mount`
// process and walked by others (find, stat, readlink, cat, getfattr, diff, a random-read script),
// never by this test process itself (a stuck mount must not hang the suite: every access runs in a
// child with a timeout). Mounts are detached in `after` hooks whatever happened.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { B3Digest, blake3 } from "@castore/core";
import { bytes, freshHome, okJson, sleep, start } from "./cli.test-util.js";
import { B, at, makeNastyTree } from "./tree.test-util.js";

/** Why FUSE cannot be used here, or null when it can. */
function fuseUnavailable(): string | null {
  if (process.platform !== "linux") return "FUSE mounts are tested on Linux only";
  if (!existsSync("/dev/fuse")) return "no /dev/fuse in this environment";
  try {
    closeSync(openSync("/dev/fuse", "r+"));
  } catch (e) {
    return `/dev/fuse cannot be opened (${(e as Error).message})`;
  }
  if (spawnSync("fusermount3", ["--version"], { stdio: "ignore" }).status !== 0 && process.getuid?.() !== 0) {
    return "fusermount3 (Debian: fuse3) is missing and this is not root";
  }
  return null;
}

const skip = fuseUnavailable();
if (skip !== null) console.log(`# castore mount tests skipped: ${skip}`);

interface Out {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs a program (never this process) on the mount, killed after `timeoutMs`. */
function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<Out> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${cmd} ${args.join(" ")} took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

async function must(cmd: string, args: string[], timeoutMs?: number): Promise<Buffer> {
  const r = await run(cmd, args, timeoutMs);
  assert.equal(r.code, 0, `${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

/** Ids of the castore FUSE mounts at `dir` (read from /proc, which cannot hang). */
function mountIds(dir: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .filter((l) => l.split(" ")[4] === dir && l.includes(" - fuse.castore "))
    .map((l) => l.split(" ")[0]!);
}

const mounted = (dir: string): boolean => mountIds(dir).length > 0;

function detach(dir: string): void {
  if (!mounted(dir)) return;
  if (spawnSync("fusermount3", ["-u", "-z", dir], { stdio: "ignore", timeout: 10_000 }).status !== 0) {
    spawnSync("umount", ["-l", dir], { stdio: "ignore", timeout: 10_000 });
  }
}

/** What the suite's `after` hook undoes, last first (a test's own `after` would run when that test ends). */
const cleanups: (() => Promise<void>)[] = [];

/** Starts `castore mount`; waits until the mount is there. Killed and detached after the suite. */
async function startMount(home: string, dir: string, extra: string[] = []) {
  const before = new Set(mountIds(dir));
  const child = start(["mount", dir, ...extra], { home });
  const err: Buffer[] = [];
  child.stderr!.on("data", (b: Buffer) => err.push(b));
  child.stdout!.resume();
  const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    detach(dir);
  });
  const deadline = Date.now() + 30_000;
  // A new mount id, or (ids are reused once a stale mount was detached) the "mounted" log line.
  const up = (): boolean => mountIds(dir).some((id) => !before.has(id)) || (Buffer.concat(err).includes('"msg":"mounted"') && mounted(dir));
  while (!up()) {
    if (child.exitCode !== null) throw new Error(`castore mount exited ${child.exitCode}: ${Buffer.concat(err).toString()}`);
    if (Date.now() > deadline) throw new Error(`castore mount did not mount ${dir}: ${Buffer.concat(err).toString()}`);
    await sleep(50);
  }
  return { child, exited, stderr: () => Buffer.concat(err).toString() };
}

const sri = (data: Uint8Array): string => B3Digest.fromBytes(blake3(data)).toSri();

describe("castore mount", { skip: skip ?? false, timeout: 300_000 }, () => {
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  const work = mkdtempSync(join(tmpdir(), "castore-mount-test-"));
  const home = freshHome({ after });
  const nasty = join(work, "nasty");
  const large = join(work, "large");
  const mnt = join(work, "mnt");
  const mnt2 = join(work, "mnt2");
  after(() => {
    detach(mnt);
    detach(mnt2);
    // Only once nothing is mounted below it.
    if (!mounted(mnt) && !mounted(mnt2)) rmSync(work, { recursive: true, force: true });
  });
  const SIZE = 50 * 1024 * 1024;
  let nastyPath = "";
  let nastyDigest = "";
  let largePath = "";

  test("imports the nasty tree and a 50 MB file", async () => {
    makeNastyTree(B(nasty));
    mkdirSync(large);
    writeFileSync(join(large, "f"), bytes(SIZE, 11));
    const a = await okJson(["import", nasty], { home, timeoutMs: 120_000 });
    const b = await okJson(["import", large], { home, timeoutMs: 120_000 });
    nastyPath = String(a["storePath"]).split("/").pop()!;
    nastyDigest = String(a["digest"]);
    largePath = String(b["storePath"]).split("/").pop()!;
    mkdirSync(mnt);
    mkdirSync(mnt2);
  });

  describe("mounted with --list-root", () => {
    let m: Awaited<ReturnType<typeof startMount>>;
    test("mounts", async () => {
      m = await startMount(home, mnt, ["--list-root"]);
    });

    test("the root lists the store paths", async () => {
      const names = (await must("ls", ["-1", mnt])).toString().split("\n").filter(Boolean).sort();
      assert.deepEqual(names, [nastyPath, largePath].sort(), m.stderr());
    });

    test("find lists every entry with the mount's kinds and modes (names as bytes)", async () => {
      const root = join(mnt, nastyPath);
      const found = (await must("find", [root, "-mindepth", "1", "-printf", "%y %m %P\\0"])).toString("latin1").split("\0").filter(Boolean).sort();
      const expected: string[] = [];
      const walk = (dir: Buffer, rel: Buffer | null): void => {
        for (const name of readdirSync(dir, { encoding: "buffer" })) {
          const p = at(dir, name);
          const r = rel === null ? name : at(rel, name);
          const st = lstatSync(p);
          const kind = st.isSymbolicLink() ? "l 444" : st.isDirectory() ? "d 555" : st.mode & 0o100 ? "f 555" : "f 444";
          expected.push(`${kind} ${r.toString("latin1")}`);
          if (st.isDirectory()) walk(p, r);
        }
      };
      walk(B(nasty), null);
      assert.deepEqual(found, expected.sort());
    });

    test("every file is byte for byte the source's, every symlink target the same (diff -r)", async () => {
      const r = await run("diff", ["-r", "--no-dereference", nasty, join(mnt, nastyPath)], 120_000);
      assert.equal(r.code, 0, `diff found differences: ${r.stdout.toString().slice(0, 2000)} ${r.stderr}`);
    });

    test("stat, readlink and cat show sizes, targets and contents", async () => {
      const root = join(mnt, nastyPath);
      assert.equal((await must("stat", ["-c", "%s %a %F", join(root, "big")])).toString(), `${1536 * 1024 + 3} 555 regular file\n`);
      assert.equal((await must("stat", ["-c", "%a %F", join(root, "empty-dir")])).toString(), "555 directory\n");
      assert.equal((await must("stat", ["-c", "%s %a %F", join(root, "with space")])).toString(), "1 444 regular file\n");
      assert.equal((await must("readlink", [join(root, "rel-link")])).toString(), "with space\n");
      assert.equal((await must("readlink", [join(root, "abs-link")])).toString(), "/nix/store/somewhere/else\n");
      // Names and targets that are not UTF-8 go through as bytes (printf builds the name).
      const nonUtf8 = await must("sh", ["-c", `cat "$(printf '%s/\\377\\376A' "$1")"`, "sh", root]);
      assert.equal(nonUtf8.toString(), "not utf-8");
      const target = await must("sh", ["-c", `readlink "$1/link-non-utf8"`, "sh", root]);
      assert.deepEqual(target, Buffer.from([0xc3, 0x28, 0x0a]));
      assert.deepEqual(readlinkSync(at(B(nasty), "link-non-utf8"), { encoding: "buffer" }), Buffer.from([0xc3, 0x28]));
      const latin = await must("sh", ["-c", `cat "$(printf '%s/dir\\200/\\351t\\351' "$1")"`, "sh", root]);
      assert.equal(latin.toString(), "latin-1 name");
      assert.equal((await must("cat", [join(root, "empty")])).length, 0);
    });

    test("getfattr shows blob and directory digests as blake3-<base64>", async () => {
      const root = join(mnt, nastyPath);
      const blob = await must("getfattr", ["--only-values", "-n", "user.castore.blob.digest", join(root, "big")]);
      assert.equal(blob.toString(), sri(readFileSync(join(nasty, "big"))));
      const dir = await must("getfattr", ["--only-values", "-n", "user.castore.directory.digest", root]);
      assert.equal(dir.toString(), B3Digest.parse(nastyDigest).toSri());
      const all = (await must("getfattr", ["-d", "-m", "-", join(root, "same-1")])).toString();
      assert.match(all, /user\.castore\.blob\.digest="blake3-[A-Za-z0-9+/]+=*"/);
      const none = await run("getfattr", ["-n", "user.castore.directory.digest", join(root, "same-1")]);
      assert.notEqual(none.code, 0);
    });

    test("random-offset reads of the 50 MB file match the source", async () => {
      // A separate node process does the reads; this one only compares its verdict.
      const script = `
        const fs = require("node:fs");
        const [, src, dst] = process.argv;
        const a = fs.openSync(src, "r"), b = fs.openSync(dst, "r");
        let x = 12345, n = 0;
        const rnd = (m) => { x = (x * 1103515245 + 12345) >>> 0; return x % m; };
        for (let i = 0; i < 300; i++) {
          const len = 1 + rnd(i % 3 === 0 ? 4096 : 300000);
          const off = rnd(${SIZE} - len + 1);
          const ba = Buffer.alloc(len), bb = Buffer.alloc(len);
          const ra = fs.readSync(a, ba, 0, len, off), rb = fs.readSync(b, bb, 0, len, off);
          if (ra !== rb || !ba.equals(bb)) { console.log("mismatch at " + off + " length " + len); process.exit(1); }
          n++;
        }
        const tail = Buffer.alloc(100);
        if (fs.readSync(b, tail, 0, 100, ${SIZE} - 10) !== 10) { console.log("bad read at the end"); process.exit(1); }
        console.log("ok " + n);`;
      const out = await must(process.execPath, ["-e", script, "--", join(large, "f"), join(mnt, largePath, "f")], 120_000);
      assert.equal(out.toString().trim(), "ok 300");
      const whole = await must("cmp", [join(large, "f"), join(mnt, largePath, "f")], 120_000);
      assert.equal(whole.length, 0);
    });

    test("writes are refused: the mount is read-only", async () => {
      const r = await run("sh", ["-c", `echo x > "$1/new"`, "sh", join(mnt, nastyPath)]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /Read-only file system|Permission denied/);
    });

    test("SIGTERM unmounts and exits 0", async () => {
      m.child.kill("SIGTERM");
      const code = await Promise.race([m.exited, sleep(15_000).then(() => "timeout")]);
      assert.equal(code, 0, m.stderr());
      assert.equal(mounted(mnt), false);
    });
  });

  describe("mounted without --list-root", () => {
    test("the root cannot be listed (EPERM), store paths are found by name; unknown names are ENOENT", async () => {
      const m = await startMount(home, mnt2);
      const ls = await run("ls", [mnt2]);
      assert.notEqual(ls.code, 0);
      assert.match(ls.stderr, /Operation not permitted/);
      assert.equal((await must("cat", [join(mnt2, nastyPath, "with space")])).toString(), "a");
      const missing = await run("stat", [join(mnt2, "00000000000000000000000000000000-nothing")]);
      assert.match(missing.stderr, /No such file or directory/);
      const junk = await run("stat", [join(mnt2, "not-a-store-path")]);
      assert.match(junk.stderr, /No such file or directory/);
      m.child.kill("SIGINT");
      assert.equal(await Promise.race([m.exited, sleep(15_000).then(() => "timeout")]), 0, m.stderr());
    });

    test("a mount left by a killed process is cleaned up by the next mount", async () => {
      const first = await startMount(home, mnt2);
      first.child.kill("SIGKILL");
      await first.exited;
      const stale = await run("stat", [mnt2]);
      assert.match(stale.stderr, /Transport endpoint is not connected/);
      const second = await startMount(home, mnt2);
      assert.equal((await must("cat", [join(mnt2, nastyPath, "same-2")])).toString(), "same content");
      second.child.kill("SIGINT");
      assert.equal(await Promise.race([second.exited, sleep(15_000).then(() => "timeout")]), 0, second.stderr());
      assert.equal(mounted(mnt2), false);
    });
  });
});
