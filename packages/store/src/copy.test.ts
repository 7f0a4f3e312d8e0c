// copyClosure between memory stores: a closure with references arrives whole (path infos with
// their signatures, trees, blobs, packs) and renders the same NAR; a second copy moves nothing; a
// copy interrupted part way leaves nothing half-visible and, run again, moves exactly the rest.
import assert from "node:assert/strict";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { B3Digest, SigningKey, formatStorePath, makePathInfo, nixbase32Encode, pathInfoFingerprint, type PathInfo, type StorePath } from "@castore/core";
import type { BlobService } from "@castore/blob";
import { copyClosure, openStore, type Store } from "./index.js";

const work = mkdtempSync(join(tmpdir(), "castore-copy-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Deterministic bytes. */
function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed || 1;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** A fresh Nix signing key named `name`. */
function newKey(name: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const seed = privateKey.export({ format: "der", type: "pkcs8" }).subarray(-32);
  const pub = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  return SigningKey.parse(`${name}:${Buffer.concat([seed, pub]).toString("base64")}`);
}

/** Small files in several directories (packs), a multi-chunk file, a symlink, an empty file, a repeated subtree. */
function makeTree(name: string, seed: number, files = 60): string {
  const root = join(work, name);
  for (const [k, sub] of ["a", "b", join("b", "c")].entries()) {
    mkdirSync(join(root, sub), { recursive: true });
    for (let i = 0; i < files; i++) writeFileSync(join(root, sub, `f${i}`), bytes(100 + ((i * 37) % 3000), seed * 1000 + k * 100 + i));
  }
  writeFileSync(join(root, "big"), bytes(1_500_000, seed)); // several chunks
  writeFileSync(join(root, "mid"), bytes(200_000, seed + 1)); // one chunk, not packed
  writeFileSync(join(root, "empty"), "");
  symlinkSync("b/c/f1", join(root, "link"));
  mkdirSync(join(root, "twin"));
  writeFileSync(join(root, "twin", "same"), bytes(500, 1)); // in every tree: shared content
  writeFileSync(join(root, "twin", "same2"), bytes(600, 2));
  return root;
}

/** Many directories of a few small files, and files copied one by one: a copy of many steps. */
function makeWide(name: string): string {
  const root = join(work, name);
  for (let d = 0; d < 40; d++) {
    mkdirSync(join(root, `d${d}`), { recursive: true });
    for (let i = 0; i < 8; i++) writeFileSync(join(root, `d${d}`, `f${i}`), bytes(500 + i, 7000 + d * 10 + i));
  }
  for (let i = 0; i < 10; i++) writeFileSync(join(root, `mid${i}`), bytes(150_000, 9000 + i));
  return root;
}

const nar = async (s: Store, ref: string): Promise<Buffer> => {
  const parts: Uint8Array[] = [];
  for await (const p of s.nar(ref)) parts.push(p);
  return Buffer.concat(parts);
};

/** Registers `node` of an import under a new input-addressed path that refers to `refs` (and to itself). */
async function pathWithRefs(s: Store, name: string, dir: string, refs: readonly StorePath[], key?: SigningKey): Promise<PathInfo> {
  const r = await s.importPath(dir, { name: `${name}-content` });
  const storePath: StorePath = { digest: randomBytes(20), name };
  const info = makePathInfo({
    storePath,
    node: r.node,
    references: [...refs, storePath],
    narSize: r.narSize,
    narSha256: r.narSha256,
    signatures: [],
    deriver: null,
    ca: null,
  });
  const signed = key ? { ...info, signatures: [key.sign(pathInfoFingerprint(info))] } : info;
  return s.pathInfos.put(signed);
}

/** The target's blob service, counting the chunks put through it. */
function countingBlobs(b: BlobService): BlobService & { chunks: number } {
  const c = {
    chunks: 0,
    has: (d: B3Digest) => b.has(d),
    missing: (ds: readonly B3Digest[], o?: Parameters<BlobService["missing"]>[1]) => b.missing(ds, o),
    stat: (d: B3Digest) => b.stat(d),
    read: (d: B3Digest, o?: Parameters<BlobService["read"]>[1]) => b.read(d, o),
    put: async (s: Parameters<BlobService["put"]>[0], o?: Parameters<BlobService["put"]>[1]) => {
      const r = await b.put(s, o);
      c.chunks += r.chunksUploaded;
      return r;
    },
    putPack: (d: B3Digest, part: number, pack: Uint8Array) => b.putPack!(d, part, pack),
    getPack: (d: B3Digest, part: number) => b.getPack!(d, part),
    close: () => b.close(),
  };
  return c;
}

describe("copyClosure between memory stores", () => {
  const key = newKey("source-1");
  let src: Store;
  let base: PathInfo; // A, no references
  let mid: PathInfo; // B -> A
  let top: PathInfo; // C -> B, A
  let wide: PathInfo; // W -> A: many small steps
  let treeDigest: string;

  before(async () => {
    src = await openStore("memory://");
    const a = await src.importPath(makeTree("a", 1), { name: "a" });
    base = (await src.resolve(a.storePath)).pathInfo!;
    mid = await pathWithRefs(src, "mid", makeTree("b", 2), [base.storePath], key);
    top = await pathWithRefs(src, "top", makeTree("c", 3), [mid.storePath, base.storePath]);
    wide = await pathWithRefs(src, "wide", makeWide("w"), [base.storePath]);
    treeDigest = (await src.importPath(makeTree("d", 4))).digest!;
  });
  after(() => src.close());

  test("a store path arrives with its whole closure, signatures kept, the same NAR; a second copy moves nothing", async () => {
    const dst = await openStore("memory://");
    try {
      const first = await copyClosure(src, dst, [formatStorePath(top.storePath)]);
      assert.equal(first.pathInfos, 3, "top, mid and base");
      // 3 × (root, a, b, c) + twin, which the three trees share: copied with each closure that
      // lacked it when it was walked (the closures are copied at the same time).
      assert.ok(first.directories >= 13 && first.directories <= 15, JSON.stringify(first));
      assert.ok(first.chunks > 3 * 180, JSON.stringify(first));
      assert.ok(first.bytesMoved > 3 * 1_700_000, JSON.stringify(first));
      for (const p of [top, mid, base]) {
        const sp = formatStorePath(p.storePath);
        const got = await dst.pathInfos.get(p.storePath.digest);
        assert.ok(got !== null, sp);
        assert.deepEqual(got.references.map(formatStorePath), p.references.map(formatStorePath));
        assert.deepEqual(got.signatures, p.signatures, "the source's signatures are kept");
        assert.ok((await nar(dst, sp)).equals(await nar(src, sp)), `NAR of ${sp}`);
      }
      assert.equal(mid.signatures.length, 1);
      const again = await copyClosure(src, dst, [formatStorePath(top.storePath), formatStorePath(mid.storePath)]);
      assert.deepEqual(again, { pathInfos: 0, directories: 0, chunks: 0, bytesMoved: 0 });
    } finally {
      await dst.close();
    }
  });

  test("only what the target lacks moves: a path whose references are there already, and shared content", async () => {
    const dst = await openStore("memory://");
    try {
      const b = await copyClosure(src, dst, [formatStorePath(base.storePath)]);
      assert.equal(b.pathInfos, 1);
      const rest = await copyClosure(src, dst, [formatStorePath(top.storePath)]);
      assert.equal(rest.pathInfos, 2, "mid and top; base is there");
      const fresh = await openStore("memory://");
      const whole = await copyClosure(src, fresh, [formatStorePath(top.storePath)]);
      await fresh.close();
      assert.equal(b.chunks + rest.chunks, whole.chunks, "no chunk twice");
      assert.ok(b.directories + rest.directories >= 13);
    } finally {
      await dst.close();
    }
  });

  test("a digest copies its tree (no path info), a blob digest its blob; a store path with a subpath its node", async () => {
    const dst = await openStore("memory://");
    try {
      const t = await copyClosure(src, dst, [treeDigest]);
      assert.equal(t.pathInfos, 0);
      assert.ok(t.directories > 0 && t.chunks > 0);
      assert.ok((await nar(dst, treeDigest)).equals(await nar(src, treeDigest)));
      const big = (await src.resolve(`${formatStorePath(mid.storePath)}/big`)).node;
      assert.equal(big.type, "file");
      const f = await copyClosure(src, dst, [`${formatStorePath(mid.storePath)}/big`]);
      assert.deepEqual({ ...f, chunks: 0 }, { pathInfos: 0, directories: 0, chunks: 0, bytesMoved: 1_500_000 });
      assert.ok(f.chunks > 1, "a multi-chunk blob");
      assert.equal(await dst.pathInfos.get(mid.storePath.digest), null);
      assert.ok((await nar(dst, big.type === "file" ? big.digest.toHex() : "")).equals(await nar(src, big.type === "file" ? big.digest.toHex() : "")));
      assert.deepEqual(await copyClosure(src, dst, [treeDigest]), { pathInfos: 0, directories: 0, chunks: 0, bytesMoved: 0 });
    } finally {
      await dst.close();
    }
  });

  test("a REF the source lacks is not found, and nothing moves", async () => {
    const dst = await openStore("memory://");
    try {
      await assert.rejects(copyClosure(src, dst, ["0".repeat(64)]), /not found/);
      await assert.rejects(copyClosure(src, dst, [`/nix/store/${nixbase32Encode(randomBytes(20))}-nope`]), /not found in the source store/);
      await assert.rejects(copyClosure(src, dst, ["not-a-ref"]), /digest|store path/);
    } finally {
      await dst.close();
    }
  });

  test("a target that signs adds its signature to the source's", async () => {
    const targetKey = newKey("target-1");
    const dst = await openStore("memory://", { signingKey: targetKey });
    try {
      await copyClosure(src, dst, [formatStorePath(mid.storePath)]);
      const got = (await dst.pathInfos.get(mid.storePath.digest))!;
      assert.deepEqual(got.signatures.map((s) => s.name).sort(), ["source-1", "target-1"]);
    } finally {
      await dst.close();
    }
  });

  test("an interrupted copy leaves nothing half-visible; run again it moves exactly the rest", async () => {
    const sp = formatStorePath(wide.storePath);
    const fresh = await openStore("memory://");
    const whole = await copyClosure(src, fresh, [sp]);
    await fresh.close();

    const dst = await openStore("memory://");
    try {
      const blobs = countingBlobs(dst.blobs);
      const target = { blobs, directories: dst.directories, pathInfos: dst.pathInfos };
      const ac = new AbortController();
      let files = 0;
      const progress = { add: () => {}, addFiles: (n: number) => void ((files += n) >= 30 && ac.abort()) };
      await assert.rejects(copyClosure(src, target, [sp], { progress, signal: ac.signal, maxOps: 2 }), { name: "AbortError" });
      assert.ok(blobs.chunks > 0 && blobs.chunks < whole.chunks, `moved ${blobs.chunks} of ${whole.chunks} chunks before the interrupt`);
      for (const p of [wide, base]) {
        assert.equal(await dst.pathInfos.get(p.storePath.digest), null, "no path info is visible");
        assert.equal(p.node.type, "directory");
        if (p.node.type === "directory") assert.equal(await dst.directories.get(p.node.digest), null, "no root directory is visible");
      }
      const before = blobs.chunks;
      const rest = await copyClosure(src, target, [sp]);
      assert.equal(before + rest.chunks, whole.chunks, "the rest of the chunks, and none twice");
      assert.equal(rest.pathInfos, 2);
      assert.equal(rest.directories, whole.directories);
      for (const p of [wide, base]) assert.ok((await nar(dst, formatStorePath(p.storePath))).equals(await nar(src, formatStorePath(p.storePath))));
      assert.deepEqual(await copyClosure(src, target, [sp]), { pathInfos: 0, directories: 0, chunks: 0, bytesMoved: 0 });
    } finally {
      await dst.close();
    }
  });

  test("three stores: A to B, then B to C, gives C what A has", async () => {
    const b = await openStore("memory://");
    const c = await openStore("memory://");
    try {
      const ab = await copyClosure(src, b, [formatStorePath(top.storePath), treeDigest]);
      const bc = await copyClosure(b, c, [formatStorePath(top.storePath), treeDigest]);
      assert.deepEqual({ ...bc, bytesMoved: 0 }, { ...ab, bytesMoved: 0 });
      assert.ok((await nar(c, formatStorePath(top.storePath))).equals(await nar(src, formatStorePath(top.storePath))));
      assert.ok((await nar(c, treeDigest)).equals(await nar(src, treeDigest)));
    } finally {
      await b.close();
      await c.close();
    }
  });
});
