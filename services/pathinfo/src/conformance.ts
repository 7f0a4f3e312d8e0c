// describePathInfoService: scenarios every PathInfoService backend must pass (memory, JetStream,
// client -> NATS -> server -> JetStream). The fixture uploads content through `blobs`/`dirs` and
// counts blob reads made on the service side, to prove NAR figures are cached.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  B3Digest,
  Directory,
  SigningKey,
  type VerifyingKey,
  caHash,
  caStorePath,
  caStorePathRecursive,
  hashPath,
  isStoreError,
  makePathInfo,
  parseStorePath,
  pathInfoFingerprint,
  renameNode,
  storePath,
  type PathInfo,
} from "@castore/core";
import type { BlobService } from "@castore/blob";
import type { DirectoryService } from "@castore/directory";
import type { PathInfoService } from "./service.js";

export interface Scope {
  after(fn: () => unknown): void;
}

export interface PathInfoFixture {
  readonly infos: PathInfoService;
  /** Where tests upload content (the same store the service checks and renders from). */
  readonly blobs: BlobService;
  readonly dirs: DirectoryService;
  /** Blob reads the path-info service itself has made so far. */
  serviceBlobReads(): number;
  /** The public key of the store's signing key. */
  readonly verifyingKey: VerifyingKey;
}

/** A fresh key in the `nix-store --generate-binary-cache-key` format (name:base64(seed ‖ public)). */
export function testSigningKey(name = "castore-test-1"): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url");
  const pub = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  return SigningKey.parse(`${name}:${Buffer.concat([seed, pub]).toString("base64")}`);
}

const enc = new TextEncoder();

/** A small tree on disk, uploaded; returns its root node and NAR figures (from hashPath). */
async function uploadTree(f: PathInfoFixture, tag: string): Promise<{ node: PathInfo["node"]; narSha256: Uint8Array; narSize: bigint }> {
  const root = mkdtempSync(join(tmpdir(), "castore-pi-"));
  try {
    const t = join(root, "t");
    mkdirSync(join(t, "sub"), { recursive: true });
    writeFileSync(join(t, "a"), `hello ${tag}`);
    writeFileSync(join(t, "sub", "big"), Buffer.alloc(700_000, tag.length));
    writeFileSync(join(t, "x"), "#!/bin/sh\n");
    chmodSync(join(t, "x"), 0o755);
    symlinkSync("a", join(t, "link"));
    for (const f2 of ["a", "sub/big", "x"]) await f.blobs.put(readFileSync(join(t, f2)));
    const dirs: Directory[] = [];
    const h = await hashPath(t, { onDirectory: (d) => void dirs.push(d) });
    const p = f.dirs.putter();
    for (const d of dirs) await p.put(d);
    await p.close();
    return { node: h.node, narSha256: h.narSha256, narSize: h.narSize };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function describePathInfoService(name: string, make: (scope: Scope) => Promise<PathInfoFixture>, opts: { listCount?: number } = {}): void {
  describe(`PathInfoService conformance: ${name}`, () => {
    let f: PathInfoFixture;
    const cleanups: (() => unknown)[] = [];
    before(async () => {
      f = await make({ after: (fn) => void cleanups.push(fn) });
    });
    after(async () => {
      for (const fn of cleanups.reverse()) await fn();
    });

    const infoFor = (t: { node: PathInfo["node"]; narSha256: Uint8Array; narSize: bigint }, nm: string, extra: Partial<PathInfo> = {}): PathInfo =>
      makePathInfo({
        storePath: caStorePathRecursive(t.narSha256, nm),
        node: t.node,
        references: [],
        narSize: t.narSize,
        narSha256: t.narSha256,
        signatures: [],
        deriver: null,
        ca: caHash("nar", "sha256", t.narSha256),
        ...extra,
      });

    /** An input-addressed path (no CA) for `t` under a made-up hash: any name, no CA check. */
    const inputAddressed = (t: { node: PathInfo["node"]; narSha256: Uint8Array; narSize: bigint }, fill: number, nm: string, extra: Partial<PathInfo> = {}): PathInfo =>
      makePathInfo({ ...infoFor(t, nm), storePath: storePath(new Uint8Array(20).fill(fill), nm), ca: null, ...extra });

    test("a PathInfo put is returned by get, with references, deriver and CA, signed by the store", async () => {
      const t = await uploadTree(f, "one");
      const ref = parseStorePath("/nix/store/00bgd045z0d4icpbc2yyz4gx48ak44la-net-tools-1.60_p20170221182432");
      await f.infos.put(makePathInfo({ ...infoFor(t, "net-tools"), storePath: ref, ca: null }));
      const deriver = storePath(new Uint8Array(20).fill(3), "foo.drv");
      // A CA path with references: its store path depends on them (Nix's "source" type).
      const info = infoFor(t, "one", { references: [ref], deriver, storePath: caStorePath(caHash("nar", "sha256", t.narSha256), "one", [ref]) });
      const stored = await f.infos.put(info);
      assert.equal(stored.signatures.length, 1);
      assert.ok(f.verifyingKey.verify(pathInfoFingerprint(stored), stored.signatures[0]!));
      const got = await f.infos.get(info.storePath.digest);
      assert.ok(got);
      assert.equal(got.deriver?.name, "foo.drv");
      assert.equal(got.references.length, 1);
      assert.equal(got.ca?.type, "nar");
      assert.deepEqual(Buffer.from(got.narSha256), Buffer.from(t.narSha256));
      assert.equal(got.signatures.length, 1);
    });

    test("putting the same PathInfo again does not add a second identical signature", async () => {
      const t = await uploadTree(f, "twice");
      const first = await f.infos.put(infoFor(t, "twice"));
      const again = await f.infos.put(first);
      assert.equal(again.signatures.length, 1);
    });

    test("the store signs only what it checked: made-up NAR figures, missing content or references are refused, nothing stored or signed", async () => {
      const t = await uploadTree(f, "oracle");
      const attempts: [string, PathInfo, RegExp][] = [
        ["a made-up NAR hash", inputAddressed(t, 0x41, "forged-hash", { narSha256: new Uint8Array(32).fill(7) }), /NarHash sha256:\S+ does not match its content/],
        ["NAR size 1", inputAddressed(t, 0x42, "forged-size", { narSize: 1n }), /NarSize 1 does not match its content, whose NAR is \d+ bytes/],
        [
          "a reference that is not stored",
          inputAddressed(t, 0x43, "dangling-ref", { references: [storePath(new Uint8Array(20).fill(0x44), "nowhere")] }),
          /refers to \/nix\/store\/\S+-nowhere, which is not in the store/,
        ],
        ["a CA that does not give its store path", inputAddressed(t, 0x45, "bad-ca", { ca: caHash("nar", "sha256", t.narSha256) }), /CA fixed:r:sha256:\S+ gives the store path \/nix\/store\/\S+-bad-ca, not this one/],
      ];
      for (const [what, info, reason] of attempts) {
        await assert.rejects(f.infos.put(info), (e) => isStoreError(e) && e.code === 400 && reason.test(e.message), what);
        assert.equal(await f.infos.get(info.storePath.digest), null, `${what}: nothing stored`);
      }
      // A file whose blob was never uploaded: the directory exists, the closure does not.
      const root = mkdtempSync(join(tmpdir(), "castore-pi-ghost-"));
      try {
        writeFileSync(join(root, "never-uploaded"), "these bytes never reach the blob service");
        const dirs: Directory[] = [];
        const h = await hashPath(root, { onDirectory: (d) => void dirs.push(d) });
        const p = f.dirs.putter();
        for (const d of dirs) await p.put(d);
        await p.close();
        const info = inputAddressed({ node: h.node, narSha256: h.narSha256, narSize: h.narSize }, 0x46, "ghost-file");
        await assert.rejects(f.infos.put(info), (e) => isStoreError(e) && e.code === 400 && /content of \S+ is incomplete/.test(e.message));
        assert.equal(await f.infos.get(info.storePath.digest), null);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });

    test("a put whose hash part is stored under another name is a conflict and changes nothing", async () => {
      const t = await uploadTree(f, "conflict");
      const first = await f.infos.put(inputAddressed(t, 0x51, "t1"));
      await assert.rejects(f.infos.put(inputAddressed(t, 0x51, "t2")), (e) => isStoreError(e) && e.code === 409 && /already registered as \/nix\/store\/\S+-t1/.test(e.message));
      const got = await f.infos.get(first.storePath.digest);
      assert.equal(got?.storePath.name, "t1");
      // The same path with other facts is a conflict too.
      await assert.rejects(f.infos.put(inputAddressed(t, 0x51, "t1", { deriver: storePath(new Uint8Array(20).fill(9), "x.drv") })), (e) => isStoreError(e) && e.code === 409);
    });

    test("a re-put of the same path merges signatures and changes nothing else", async () => {
      const t = await uploadTree(f, "resign");
      const first = await f.infos.put(inputAddressed(t, 0x61, "resign"));
      const other = testSigningKey("someone-else-1");
      const theirs = other.sign(pathInfoFingerprint(first));
      const merged = await f.infos.put({ ...first, signatures: [theirs] });
      assert.equal(merged.signatures.length, first.signatures.length + 1);
      assert.ok(merged.signatures.some((s) => s.name === "someone-else-1"));
      const got = (await f.infos.get(first.storePath.digest))!;
      assert.equal(got.signatures.length, first.signatures.length + 1);
      assert.deepEqual(Buffer.from(got.narSha256), Buffer.from(first.narSha256));
      assert.equal(got.storePath.name, "resign");
    });

    test("get of an unknown store path is null", async () => {
      assert.equal(await f.infos.get(new Uint8Array(20).fill(9)), null);
    });

    test("a put whose root directory is not in the store is refused", async () => {
      const t = await uploadTree(f, "missing-dir");
      const ghost = { ...t, node: { ...t.node, digest: B3Digest.of(enc.encode("no such directory")) } as PathInfo["node"] };
      await assert.rejects(f.infos.put(infoFor(ghost, "ghost")), (e) => isStoreError(e) && e.code === 400 && /is not in the store/.test(e.message));
      assert.equal(await f.infos.get(caStorePathRecursive(t.narSha256, "ghost").digest), null);
    });

    test("a put whose root blob is not in the store is refused", async () => {
      const node = renameNode({ type: "file" as const, name: new Uint8Array(0), digest: B3Digest.of(enc.encode("absent")), size: 6n, executable: false }, new Uint8Array(0));
      const sha = new Uint8Array(32).fill(1);
      await assert.rejects(f.infos.put(infoFor({ node, narSha256: sha, narSize: 100n }, "absent")), (e) => isStoreError(e) && /root blob .* is not in the store/.test(e.message));
    });

    test("calculateNar gives the NAR figures of the tree and is cached", async () => {
      const t = await uploadTree(f, "nar");
      const anon = renameNode(t.node, new Uint8Array(0));
      const before = f.serviceBlobReads();
      const r1 = await f.infos.calculateNar(anon);
      assert.equal(r1.narSize, t.narSize);
      assert.deepEqual(Buffer.from(r1.narSha256), Buffer.from(t.narSha256));
      const afterFirst = f.serviceBlobReads();
      assert.ok(afterFirst > before, "the first call reads blobs");
      const r2 = await f.infos.calculateNar(anon);
      assert.deepEqual(Buffer.from(r2.narSha256), Buffer.from(t.narSha256));
      assert.equal(f.serviceBlobReads(), afterFirst, "the second call reads no blob");
    });

    test("calculateNar of missing content is NotFound naming it", async () => {
      const d = B3Digest.of(enc.encode("nothing here"));
      await assert.rejects(
        f.infos.calculateNar({ type: "directory", name: new Uint8Array(0), digest: d, size: 1n }),
        (e) => isStoreError(e) && e.code === 404 && e.message.includes(d.toHex()),
      );
    });

    test("calculateNar of a named node is refused", async () => {
      const t = await uploadTree(f, "named");
      await assert.rejects(f.infos.calculateNar(renameNode(t.node, enc.encode("name"))), (e) => isStoreError(e) && e.code === 400);
    });

    test("listPage walks the listing by cursor, at most `limit` entries a page, each path once; bad limits and made-up cursors are refused", async () => {
      const t = await uploadTree(f, "pages");
      const mine = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const info = inputAddressed(t, 0xd0 + i, `page-${i}`);
        await f.infos.put(info);
        mine.add(Buffer.from(info.storePath.digest).toString("hex"));
      }
      const all: string[] = [];
      for await (const i of f.infos.list()) all.push(Buffer.from(i.storePath.digest).toString("hex"));
      const walked: string[] = [];
      let cursor: Uint8Array | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<PathInfoService["listPage"]>> = await f.infos.listPage(cursor, 2);
        assert.ok(page.infos.length <= 2, `page ${pages} has ${page.infos.length} entries, asked for 2`);
        walked.push(...page.infos.map((i) => Buffer.from(i.storePath.digest).toString("hex")));
        cursor = page.next;
        assert.ok(++pages <= all.length + 1, "the walk ends");
      } while (cursor !== null);
      assert.deepEqual(walked, all, "the same paths in the same order as list()");
      for (const h of mine) assert.ok(walked.includes(h), `${h} listed`);

      const first = await f.infos.listPage(null, 1000);
      assert.ok(first.infos.length >= mine.size);
      for (const bad of [0, -1, 1.5, 1001]) {
        await assert.rejects(f.infos.listPage(null, bad), (e) => isStoreError(e) && e.code === 400 && e.message.includes("limit"), `limit ${bad}`);
      }
      await assert.rejects(f.infos.listPage(enc.encode("not a cursor of this service"), 10), (e) => isStoreError(e) && e.code === 400, "a made-up cursor");
    });

    test(`a listing of ${opts.listCount ?? 10_000} path infos pages through every one exactly once`, async () => {
      const n = opts.listCount ?? 10_000;
      const t = await uploadTree(f, "list");
      const seen = new Set<string>();
      for await (const i of f.infos.list()) seen.add(Buffer.from(i.storePath.digest).toString("hex"));
      const base = seen.size;
      const batch = 200;
      for (let i = 0; i < n; i += batch) {
        await Promise.all(
          Array.from({ length: Math.min(batch, n - i) }, (_, k) => {
            const digest = new Uint8Array(20);
            new DataView(digest.buffer).setUint32(0, i + k + 1);
            digest[19] = 0xaa;
            return f.infos.put(makePathInfo({ ...infoFor(t, "list"), storePath: storePath(digest, `item-${i + k}`), ca: null }));
          }),
        );
      }
      // Paths re-signed while the listing runs still appear exactly once.
      const other = testSigningKey("lister-1");
      const listed: string[] = [];
      let k = 0;
      for await (const i of f.infos.list()) {
        listed.push(Buffer.from(i.storePath.digest).toString("hex"));
        if (k++ % 1000 === 0 && i.ca === null) await f.infos.put({ ...i, signatures: [other.sign(pathInfoFingerprint(i))] });
      }
      assert.equal(listed.length, base + n);
      assert.equal(new Set(listed).size, listed.length, "no duplicates");
    });
  });
}
