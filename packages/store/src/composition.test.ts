// Store composition on memory stores: a cache fills its near store with what it read (chunks,
// closures, path infos with their references, far's signatures kept), writes go to near (and to far
// with writeThrough), a tampered far chunk is refused and not kept, priority reads the first store
// that answers, lru keeps a bounded amount; composition files and URLs with errors are refused with
// messages that say what is wrong (unknown type, cycle, bad address).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { randomBytes } from "node:crypto";
import { B3Digest, blake3, nixbase32Encode, readAll, renameNode, type PathInfo } from "@castore/core";
import { MemoryChunkStore } from "@castore/blob";
import { compositionOfUrl, parseComposition } from "@castore/service-kit";
import { Composer, openStore, storeOfLayers, type Layers, type Store } from "./index.js";

const work = mkdtempSync(join(tmpdir(), "castore-composition-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed || 1;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

function makeTree(name: string, seed: number): string {
  const root = join(work, name);
  for (const sub of ["a", "b/c"]) {
    mkdirSync(join(root, sub), { recursive: true });
    for (let i = 0; i < 20; i++) writeFileSync(join(root, sub, `f${i}`), bytes(100 + i * 50, seed * 100 + i));
  }
  writeFileSync(join(root, "big"), bytes(1_200_000, seed)); // several chunks
  return root;
}

async function narOf(s: Store, ref: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of s.nar(ref)) parts.push(p);
  return Buffer.concat(parts);
}

/** near, far and root = cache(near, far), all memory, with the layers of each at hand. */
async function cacheOfMemory(writeThrough = false): Promise<{ c: Composer; near: Layers; far: Layers; root: Store; nearStore: Store; farStore: Store }> {
  const c = new Composer({
    stores: { near: { type: "memory" }, far: { type: "memory" }, root: { type: "cache", near: "near", far: "far", writeThrough } },
    root: "root",
  });
  const [near, far, top] = await Promise.all([c.get("near"), c.get("far"), c.get("root")]);
  return { c, near, far, root: storeOfLayers(top), nearStore: storeOfLayers(near), farStore: storeOfLayers(far) };
}

test("a read through a cache fills near: afterwards near alone renders the same NAR", async () => {
  const { c, root, nearStore, farStore } = await cacheOfMemory();
  try {
    const r = await farStore.importPath(makeTree("t1", 1), { name: "t1" });
    await assert.rejects(narOf(nearStore, r.storePath), /not found/);
    const direct = await narOf(farStore, r.storePath);
    assert.deepEqual(await narOf(root, r.storePath), direct, "the cache answers what far has");
    await (await c.get("root")).chunks.close(); // lets background fills of multi-chunk blobs end
    assert.deepEqual(await narOf(nearStore, r.storePath), direct, "near now has path info, closure and content");
    const info = await nearStore.pathInfos.get((await farStore.resolve(r.storePath)).pathInfo!.storePath.digest);
    assert.ok(info, "the path info is in near");
  } finally {
    await c.close();
  }
});

test("a path info enters near with far's signatures, after its references", async () => {
  const { c, root, nearStore, farStore } = await cacheOfMemory();
  try {
    const dep = await farStore.importPath(makeTree("dep", 2), { name: "dep" });
    const depInfo = (await farStore.resolve(dep.storePath)).pathInfo!;
    const top = await farStore.importPath(makeTree("top", 3), { name: "top" });
    const topInfo = (await farStore.resolve(top.storePath)).pathInfo!;
    // Register a path referring to dep (as Nix would), with a made-up signature far keeps.
    const digest = randomBytes(20);
    const withRef: PathInfo = {
      ...topInfo,
      storePath: { digest, name: "top-with-ref" },
      node: renameNode(topInfo.node, Buffer.from(`${nixbase32Encode(digest)}-top-with-ref`)),
      references: [depInfo.storePath],
      ca: null,
      signatures: [{ name: "far-key-1", bytes: new Uint8Array(64).fill(7) }],
    };
    await farStore.pathInfos.put(withRef);
    const got = await root.pathInfos.get(withRef.storePath.digest);
    assert.ok(got);
    assert.deepEqual(got.signatures.map((s) => s.name), ["far-key-1"], "far's signature kept, none added");
    const nearRef = await nearStore.pathInfos.get(depInfo.storePath.digest);
    assert.ok(nearRef, "the reference entered near as a path info");
    const nearTop = await nearStore.pathInfos.get(withRef.storePath.digest);
    assert.deepEqual(nearTop?.signatures.map((s) => s.name), ["far-key-1"]);
  } finally {
    await c.close();
  }
});

test("writes go to near only, or to far too with writeThrough", async () => {
  for (const writeThrough of [false, true]) {
    const { c, root, farStore, nearStore } = await cacheOfMemory(writeThrough);
    try {
      const r = await root.importPath(makeTree(`w${writeThrough}`, 4), { name: "w" });
      assert.deepEqual(await narOf(nearStore, r.storePath), await narOf(root, r.storePath));
      const inFar = await farStore.resolve(r.storePath).then(
        () => true,
        () => false,
      );
      assert.equal(inFar, writeThrough, `far has the path: ${writeThrough}`);
      if (writeThrough) assert.deepEqual(await narOf(farStore, r.storePath), await narOf(nearStore, r.storePath));
    } finally {
      await c.close();
    }
  }
});

test("a tampered far chunk is refused and not kept in near", async () => {
  const c = new Composer({
    stores: { near: { type: "memory" }, far: { type: "memory" }, root: { type: "cache", near: "near", far: "far", writeThrough: false } },
    root: "root",
  });
  try {
    const far = await c.get("far");
    const near = await c.get("near");
    const root = storeOfLayers(await c.get("root"));
    const data = bytes(5000, 9);
    const put = await storeOfLayers(far).blobs.put(data);
    (far.chunks as MemoryChunkStore).tamper(put.digest, Buffer.from(bytes(5000, 10)));
    await assert.rejects(async () => readAll((await root.blobs.read(put.digest))!), /does not match its digest/);
    assert.equal(await near.chunks.getChunk(put.digest), null, "nothing kept in near");
  } finally {
    await c.close();
  }
});

test("priority reads the first store that has it; writes go to the first", async () => {
  const c = new Composer({
    stores: { a: { type: "memory" }, b: { type: "memory" }, root: { type: "priority", stores: ["a", "b"] } },
    root: "root",
  });
  try {
    const b = storeOfLayers(await c.get("b"));
    const a = storeOfLayers(await c.get("a"));
    const root = storeOfLayers(await c.get("root"));
    const r = await b.importPath(makeTree("p", 5), { name: "p" });
    assert.deepEqual(await narOf(root, r.storePath), await narOf(b, r.storePath));
    const w = await root.blobs.put(bytes(300, 11));
    assert.ok(await a.blobs.has(w.digest));
    assert.equal(await b.blobs.has(w.digest), false);
  } finally {
    await c.close();
  }
});

test("lru keeps at most maxBytes of chunks in process and answers from them", async () => {
  const c = new Composer({ stores: { inner: { type: "memory" }, root: { type: "lru", inner: "inner", maxBytes: 64 * 1024, maxPathInfos: 10 } }, root: "root" });
  try {
    const inner = storeOfLayers(await c.get("inner"));
    const top = await c.get("root");
    const root = storeOfLayers(top);
    const digests: B3Digest[] = [];
    for (let i = 0; i < 20; i++) digests.push((await inner.blobs.put(bytes(10_000, 100 + i))).digest);
    for (const d of digests) assert.equal(B3Digest.fromBytes(blake3(await readAll((await root.blobs.read(d))!))).toHex(), d.toHex());
    assert.ok((top.chunks as unknown as { bytes: number }).bytes <= 64 * 1024);
  } finally {
    await c.close();
  }
});

test("openStore opens combinator URLs; inner addresses are URL-encoded and each is a store of its own", async () => {
  const url = `cache://?near=${encodeURIComponent("memory://")}&far=${encodeURIComponent(`lru://?inner=${encodeURIComponent("memory://")}&maxBytes=1000000`)}`;
  const s = await openStore(url);
  try {
    const r = await s.importPath(makeTree("u", 6), { name: "u" });
    assert.ok((await narOf(s, r.storePath)).length > 0);
  } finally {
    await s.close();
  }
});

test("composition errors say what is wrong: unknown type, unknown name, cycle, bad address, bad URL", async () => {
  const bad = (json: unknown): string => {
    try {
      parseComposition(JSON.stringify(json), "stores.json");
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error("accepted");
  };
  assert.match(bad({ stores: { root: { type: "redb" } } }), /stores\.json at stores\.root.*unknown store type "redb" \(the types are memory, nats, jetstream, cache, lru, priority\)/);
  assert.match(bad({ stores: { root: { type: "cache", near: "n", far: "f" } } }), /stores\.json at stores\.root: no store is named "n"/);
  assert.match(
    bad({ stores: { a: { type: "cache", near: "m", far: "b" }, b: { type: "lru", inner: "a", maxBytes: 10 }, m: { type: "memory" }, root: { type: "priority", stores: ["a"] } } }),
    /cycle: a -> b -> a/,
  );
  assert.match(bad({ stores: { root: { type: "nats", url: "nats://" } } }), /stores\.root\.url: nats:\/\/ needs host:port/);
  assert.match(bad({ stores: { root: { type: "cache", near: "memory://", far: "http://x" } } }), /"http:\/\/x" is not a store address/);
  assert.match(bad({ stores: { root: { type: "lru", inner: "memory://", maxBytes: -1 } } }), /stores\.root\.maxBytes/);
  assert.match(bad({ stores: { root: { type: "memory", extra: 1 } } }), /extra/);
  assert.match(bad({ stores: { x: { type: "memory" } } }), /the root store "root" is not among the stores \(x\)/);
  assert.throws(() => compositionOfUrl("cache://?near=memory://"), /needs far=/);
  assert.throws(() => compositionOfUrl(`cache://?near=${encodeURIComponent("memory://")}&far=nonsense`), /"nonsense" is not a store address/);
  assert.throws(() => compositionOfUrl(`lru://?inner=${encodeURIComponent("memory://")}&maxBytes=lots`), /maxBytes must be a positive whole number/);
  // A composition file through openStore: errors name the file.
  const file = join(work, "comp.json");
  writeFileSync(file, JSON.stringify({ stores: { root: { type: "cache", near: "root", far: "memory://" } } }));
  await assert.rejects(openStore(`composition:${file}`), /comp\.json: the stores refer to each other in a cycle: root -> root/);
  writeFileSync(file, "{ not json");
  await assert.rejects(openStore(`composition:${file}`), /comp\.json is not JSON/);
});

test("a composition file builds each named store once, shared", async () => {
  const file = join(work, "shared.json");
  writeFileSync(
    file,
    JSON.stringify({
      stores: { local: { type: "memory" }, remote: { type: "memory" }, a: { type: "cache", near: "local", far: "remote" }, root: { type: "priority", stores: ["a", "local"] } },
    }),
  );
  const s = await openStore(`composition:${file}`);
  try {
    const r = await s.importPath(makeTree("shared", 7), { name: "shared" });
    // Written to a's near, which is `local`: the priority store's second member sees it too.
    const local = await openStore(`composition:${file}?root=local`);
    await local.close();
    assert.ok((await narOf(s, r.storePath)).length > 0);
  } finally {
    await s.close();
  }
});
