// `castore copy` between stores on separate nats-servers, whole processes: a closure with
// references arrives whole (same NARs, fsck clean, signatures kept) and a second copy moves
// nothing; a third store (the embedded one) gets it from the second; a copy killed part way and
// run again moves exactly the rest; progress shows on a terminal only; mistakes are plain errors.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { bucketName, formatStorePath, makePathInfo, type PathInfo, type StorePath } from "@castore/core";
import { withNatsServer } from "@castore/nats-server";
import { openStore, type Store } from "@castore/store";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { bin, bytes, castore, childEnv, finished, freshHome, ok, okJson, sleep, start } from "./cli.test-util.js";
import { serve, waitForServices } from "./serve.test-util.js";

const work = mkdtempSync(join(tmpdir(), "castore-copy-cli-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

/**
 * Cleanups registered while a suite's `before` runs, run when the suite ends (node:test's own
 * `after`, called inside a `before`, would run them as soon as that hook ends).
 */
function suiteScope(): { after(fn: () => unknown): void } {
  const fns: (() => unknown)[] = [];
  after(async () => {
    for (const fn of fns.reverse()) await fn();
  });
  return { after: (fn) => void fns.push(fn) };
}

const SERVICES = ["castore-blob", "castore-directory", "castore-pathinfo"];
const ZERO = '{"pathInfos":0,"directories":0,"chunks":0,"bytesMoved":0}\n';

function makeTree(name: string, seed: number): string {
  const root = join(work, name);
  for (const [k, sub] of ["lib", "share", join("share", "doc")].entries()) {
    mkdirSync(join(root, sub), { recursive: true });
    for (let i = 0; i < 40; i++) writeFileSync(join(root, sub, `f${i}`), bytes(50 + ((i * 97) % 4000), seed * 1000 + k * 100 + i));
  }
  writeFileSync(join(root, "big"), bytes(1_300_000, seed)); // several chunks
  writeFileSync(join(root, "empty"), "");
  symlinkSync("lib/f1", join(root, "link"));
  return root;
}

/** Registers `node` of an import under a new input-addressed path referring to `refs` (and itself). */
async function pathWithRefs(s: Store, name: string, dir: string, refs: readonly StorePath[]): Promise<PathInfo> {
  const r = await s.importPath(dir, { name: `${name}-content` });
  const storePath: StorePath = { digest: randomBytes(20), name };
  return s.pathInfos.put(
    makePathInfo({ storePath, node: r.node, references: [...refs, storePath], narSize: r.narSize, narSha256: r.narSha256, signatures: [], deriver: null, ca: null }),
  );
}

test("castore copy --help shows its usage, the URL forms, the REF forms and the JSON", async () => {
  const r = await castore(["copy", "--help"]);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout.toString();
  assert.match(out, /^Usage: castore copy --from URL --to URL REF\.\.\. \[--json\]\n/);
  for (const want of [/--from URL/, /--to URL/, /--nats URLS/, /nats:\/\/\[user:pass@\]host:port/, /jetstream:\/\//, /embedded/, /signature/, /"pathInfos":N,"directories":N,"chunks":N,"bytesMoved":N/]) {
    assert.match(out, want);
  }
  assert.match((await castore(["--help"])).stdout.toString(), /\n  copy +castore copy --from URL/);
});

describe("castore copy between stores on separate nats-servers", () => {
  let a: string; // nats URLs
  let b: string;
  let home: string;
  let paths: string[] = []; // top, mid, base
  let digest = ""; // a tree imported without references
  const scope = suiteScope();

  before(async () => {
    const [na, nb] = await Promise.all([withNatsServer(scope), withNatsServer(scope)]);
    a = na.url;
    b = nb.url;
    home = freshHome(scope);
    const forServe = scope as unknown as Parameters<typeof serve>[0];
    serve(forServe, ["--nats", a], { home });
    serve(forServe, ["--nats", b], { home });
    await Promise.all([waitForServices(a, SERVICES), waitForServices(b, SERVICES)]);
    const base = await okJson(["import", makeTree("base", 1), "--nats", a], { home });
    const src = await openStore(`nats://${a.replace("nats://", "")}?prefix=castore`);
    try {
      const baseInfo = (await src.resolve(String(base["storePath"]))).pathInfo!;
      const mid = await pathWithRefs(src, "mid", makeTree("mid", 2), [baseInfo.storePath]);
      const top = await pathWithRefs(src, "top", makeTree("top", 3), [mid.storePath, baseInfo.storePath]);
      paths = [top, mid, baseInfo].map((p) => formatStorePath(p.storePath));
      digest = (await src.importPath(makeTree("loose", 4))).digest!;
    } finally {
      await src.close();
    }
  });

  test("a closure with references arrives whole; a second copy moves nothing; fsck finds the target clean", async () => {
    const first = await okJson(["copy", "--from", a, "--to", b, paths[0]!], { home });
    assert.deepEqual(Object.keys(first), ["pathInfos", "directories", "chunks", "bytesMoved"]);
    assert.equal(first["pathInfos"], 3, JSON.stringify(first));
    assert.ok(Number(first["directories"]) >= 12, JSON.stringify(first));
    assert.ok(Number(first["chunks"]) > 3 * 120, JSON.stringify(first));
    assert.ok(Number(first["bytesMoved"]) > 3 * 1_300_000, JSON.stringify(first));
    for (const p of paths) {
      assert.ok((await ok(["nar", p, "--nats", b], { home })).equals(await ok(["nar", p, "--nats", a], { home })), `NAR of ${p}`);
      const there = await okJson(["path-info", "get", p, "--nats", b], { home });
      assert.deepEqual(there, await okJson(["path-info", "get", p, "--nats", a], { home }), "the same path info, signatures and all");
    }
    assert.equal((await ok(["copy", "--from", a, "--to", b, paths[0]!, paths[2]!, "--json"], { home })).toString(), ZERO);
    const fsck = await castore(["fsck", "--nats", b, "--json"], { home });
    assert.equal(fsck.code, 0, fsck.stdout.toString() + fsck.stderr);
    assert.equal(JSON.parse(fsck.stdout.toString().trim().split("\n").pop()!)["problems"], 0);
  });

  test("a digest copies its tree; the embedded store, a third store, gets everything from the second", async () => {
    const tree = await okJson(["copy", "--from", a, "--to", b, digest], { home });
    assert.equal(tree["pathInfos"], 0);
    assert.ok(Number(tree["chunks"]) > 0);
    // No --to: the store of --nats, here none, so the embedded store under CASTORE_HOME.
    const own = freshHome(scope);
    const third = await okJson(["copy", "--from", b, ...paths, digest], { home: own });
    assert.equal(third["pathInfos"], 3);
    for (const ref of [...paths, digest]) assert.ok((await ok(["nar", ref], { home: own })).equals(await ok(["nar", ref, "--nats", a], { home })), `NAR of ${ref}`);
    assert.equal((await ok(["copy", "--from", b, ...paths, digest, "--json"], { home: own })).toString(), ZERO);
    // `embedded` names it explicitly; b has all of it already.
    assert.equal((await ok(["copy", "--from", "embedded", "--to", b, ...paths, digest, "--json"], { home: own })).toString(), ZERO);
  });

  test("mistakes are one-line errors and move nothing", async () => {
    const cases: [string[], RegExp][] = [
      [["copy", paths[0]!], /^castore copy: give --from URL, --to URL or both/],
      [["copy", "--from", a], /^castore copy: missing REF/],
      [["copy", "--from", a, "--to", a, paths[0]!], /^castore copy: --from and --to name the same store/],
      [["copy", "--from", a, "--to", b, "0".repeat(64)], /^castore copy: .*not found/],
      [["copy", "--from", a, "--to", b, "/nix/store/00000000000000000000000000000000-nope"], /^castore copy: .*not found in the source store/],
      [["copy", "--from", a, "--to", b, "nonsense"], /^castore copy: .*digest/],
      [["copy", "--from", "ftp://x", "--to", b, paths[0]!], /^castore copy: unknown store address/],
    ];
    for (const [args, want] of cases) {
      const r = await castore(args, { home });
      assert.equal(r.code, 1, args.join(" "));
      assert.equal(r.stdout.length, 0, args.join(" "));
      assert.match(r.stderr.trimEnd(), want, args.join(" "));
    }
  });
});

describe("castore copy interrupted part way, run again", () => {
  let a: string;
  let b: string;
  let home: string;
  let storePath = "";
  const srcUrl = (): string => `jetstream://${a.replace("nats://", "")}?prefix=bigsrc`;
  const dstUrl = (): string => `jetstream://${b.replace("nats://", "")}?prefix=bigdst`;
  const scope = suiteScope();

  /** Messages in the chunk bucket of `prefix` on `url`: the chunks stored. */
  async function chunksIn(url: string, prefix: string): Promise<number> {
    const nc = await connect({ servers: url });
    try {
      const jsm = await jetstreamManager(nc);
      return (await jsm.streams.info(`KV_${bucketName(prefix, "chunks")}`)).state.messages;
    } catch {
      return 0; // not created yet
    } finally {
      await nc.close();
    }
  }

  before(async () => {
    const [na, nb] = await Promise.all([withNatsServer(scope), withNatsServer(scope)]);
    a = na.url;
    b = nb.url;
    home = freshHome(scope);
    // ~48 MB in 48 files of 1 MB (random: every chunk new) and 2,000 small files.
    const root = join(work, "big-tree");
    for (let d = 0; d < 20; d++) {
      mkdirSync(join(root, `d${d}`), { recursive: true });
      for (let i = 0; i < 100; i++) writeFileSync(join(root, `d${d}`, `f${i}`), randomBytes(100 + ((i * 53) % 2000)));
    }
    for (let i = 0; i < 48; i++) writeFileSync(join(root, `big${i}`), randomBytes(1_000_000));
    const src = await openStore(srcUrl());
    try {
      storePath = (await src.importPath(root, { name: "big-tree" })).storePath;
    } finally {
      await src.close();
    }
  });

  /** Starts the copy and stops it with `signal` once the target holds more than `moreThan` chunks. */
  async function interrupt(signal: NodeJS.Signals, moreThan: number): Promise<{ code: number | null; stderr: string }> {
    const child = start(["copy", "--from", srcUrl(), "--to", dstUrl(), storePath, "--json"], { home });
    const done = finished(child, 120_000);
    for (;;) {
      if (child.exitCode !== null) break;
      if ((await chunksIn(b, "bigdst")) > moreThan) {
        child.kill(signal);
        break;
      }
      await sleep(20);
    }
    const r = await done;
    assert.notEqual(r.code, 0, `the copy finished before it could be interrupted: ${r.stdout.toString()}`);
    return { code: r.code, stderr: r.stderr };
  }

  test("killed, then stopped with Ctrl-C, then run to the end: every chunk moves once, fsck is clean", async () => {
    const total = await chunksIn(a, "bigsrc");
    assert.ok(total > 200, `${total} chunks`);

    const killed = await interrupt("SIGKILL", 20);
    const afterKill = await chunksIn(b, "bigdst");
    assert.ok(afterKill > 20 && afterKill < total, `${afterKill} of ${total} chunks after the kill`);
    const dst = await openStore(dstUrl());
    try {
      assert.equal((await dst.pathInfos.listPage(null, 10)).infos.length, 0, "no path info is visible");
    } finally {
      await dst.close();
    }
    assert.equal(killed.code, null);

    const stopped = await interrupt("SIGINT", afterKill + 20);
    assert.equal(stopped.code, 1);
    assert.match(stopped.stderr, /^castore copy: interrupted \(SIGINT\); run the same copy again to move the rest\n$/);
    const afterStop = await chunksIn(b, "bigdst");
    assert.ok(afterStop > afterKill, `${afterStop} chunks after Ctrl-C, ${afterKill} before`);

    const rest = await okJson(["copy", "--from", srcUrl(), "--to", dstUrl(), storePath], { home });
    assert.equal(rest["chunks"], total - afterStop, JSON.stringify(rest));
    assert.equal(rest["pathInfos"], 1);
    assert.equal(await chunksIn(b, "bigdst"), total);
    const src = await openStore(srcUrl());
    const dst2 = await openStore(dstUrl());
    try {
      const nar = async (s: Store): Promise<Buffer> => {
        const parts: Uint8Array[] = [];
        for await (const p of s.nar(storePath)) parts.push(p);
        return Buffer.concat(parts);
      };
      assert.ok((await nar(dst2)).equals(await nar(src)), "the same NAR");
    } finally {
      await src.close();
      await dst2.close();
    }
    const fsck = await castore(["fsck", "--nats", b, "--prefix", "bigdst", "--json"], { home });
    assert.equal(fsck.code, 0, fsck.stdout.toString() + fsck.stderr);
    assert.equal((await ok(["copy", "--from", srcUrl(), "--to", dstUrl(), storePath, "--json"], { home })).toString(), ZERO);
  });

  const hasScript = spawnSync("script", ["--version"]).status === 0;
  test("progress shows on a terminal, and nothing on a pipe", { skip: hasScript ? false : "util-linux script is not installed" }, async () => {
    const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;
    const args = ["copy", "--from", srcUrl(), "--to", "memory://", storePath, "--json"];
    const cmd = [process.execPath, bin, ...args].map(quote).join(" ");
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { env: childEnv(home), encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /copy \d+ files, \d+\.\d MiB  \d+\.\d (KiB|MiB|GiB)\/s/);
    assert.match(r.stdout, /\{"pathInfos":1,"directories":\d+,"chunks":\d+,"bytesMoved":\d+\}/);
    const piped = await castore(args, { home });
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stderr, "");
  });
});
