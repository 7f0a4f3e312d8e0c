// The bridge over HTTP on a memory:// store (the NATS and real-Nix runs are in test/src/
// nar-bridge-nix.test.ts): uploads as `nix copy` sends them, downloads and ranges byte for byte,
// listings whose offsets point at the files, and every kind of bad request refused with a 4xx and
// a reason, leaving nothing visible.
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { SigningKey, fingerprint, nixbase32Encode, narOfPath, parseNarInfo, renderNarInfo, storePath, type NarInfo, type StorePath } from "@castore/core";
import { silentLogger } from "@castore/service-kit";
import { openStore, type Store } from "@castore/store";
import { MemoryNarIndex } from "./nar-index.js";
import { startNarBridge, type NarBridge } from "./server.js";

const work = mkdtempSync(join(tmpdir(), "castore-nar-bridge-test-"));
let store: Store;
let bridge: NarBridge;

/** A tree with what a NAR can hold: nested dirs, an executable, an empty file, a symlink, a file of several chunks. */
function makeTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>([
    ["a.txt", Buffer.from("hello\n")],
    ["bin/run", Buffer.from("#!/bin/sh\necho hi\n")],
    ["empty", Buffer.alloc(0)],
    ["sub/deeper/data", randomBytes(3000)],
    ["sub/big", randomBytes(1_300_000)],
  ]);
  for (const [rel, data] of files) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), data);
  }
  chmodSync(join(dir, "bin/run"), 0o755);
  symlinkSync("../a.txt", join(dir, "sub/link"));
  return files;
}

async function narOf(dir: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of narOfPath(dir)) parts.push(p);
  return Buffer.concat(parts);
}

const sha256 = (b: Uint8Array): Buffer => createHash("sha256").update(b).digest();
const randomPath = (name: string): StorePath => storePath(randomBytes(20), name);
const hashPart = (p: StorePath): string => nixbase32Encode(p.digest);

function narinfoFor(p: StorePath, nar: Buffer, more: Partial<NarInfo> = {}): string {
  return renderNarInfo({
    storePath: p,
    url: `nar/${nixbase32Encode(sha256(nar))}.nar`,
    compression: "none",
    narSha256: sha256(nar),
    narSize: BigInt(nar.length),
    references: [],
    signatures: [],
    ...more,
  });
}

/** A fresh Nix signing key (seed ‖ public key, as nix-store --generate-binary-cache-key writes it). */
function newKey(name: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const seed = privateKey.export({ format: "der", type: "pkcs8" }).subarray(-32);
  const pub = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  return SigningKey.parse(`${name}:${Buffer.concat([seed, pub]).toString("base64")}`);
}

const url = (path: string): string => `${bridge.url}${path}`;
const put = (path: string, body: Uint8Array | string): Promise<Response> => fetch(url(path), { method: "PUT", body });

/** Uploads as nix copy does: the NAR, then its narinfo. */
async function upload(p: StorePath, nar: Buffer, more: Partial<NarInfo> = {}): Promise<void> {
  const r1 = await put(`/nar/${nixbase32Encode(sha256(nar))}.nar`, nar);
  assert.equal(r1.status, 200, await r1.text());
  const r2 = await put(`/${hashPart(p)}.narinfo`, narinfoFor(p, nar, more));
  assert.equal(r2.status, 200, await r2.text());
}

async function narinfoOf(p: StorePath): Promise<NarInfo> {
  const r = await fetch(url(`/${hashPart(p)}.narinfo`));
  assert.equal(r.status, 200);
  return parseNarInfo(await r.text());
}

before(async () => {
  store = await openStore("memory://");
  bridge = await startNarBridge({ store, index: new MemoryNarIndex(), logger: silentLogger });
});
after(async () => {
  await bridge.stop();
  await store.close();
  rmSync(work, { recursive: true, force: true });
});

describe("the nar-bridge serving a memory store", () => {
  const dir = join(work, "tree");
  mkdirSync(dir);
  const files = makeTree(dir);
  const tree = randomPath("tree");
  let nar: Buffer;
  let narPath: string;

  before(async () => {
    nar = await narOf(dir);
    await upload(tree, nar);
    narPath = (await narinfoOf(tree)).url;
  });

  test("nix-cache-info names the store directory, mass queries and the priority", async () => {
    const r = await fetch(url("/nix-cache-info"));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("content-type"), "text/x-nix-cache-info");
    assert.equal(await r.text(), "StoreDir: /nix/store\nWantMassQuery: 1\nPriority: 39\n");
  });

  test("an uploaded path's narinfo carries its facts, Compression none and a NAR URL that renders the same bytes", async () => {
    const info = await narinfoOf(tree);
    assert.equal(info.compression, "none");
    assert.deepEqual(Buffer.from(info.narSha256), sha256(nar));
    assert.equal(info.narSize, BigInt(nar.length));
    assert.match(info.url, /^nar\/castore\/[A-Za-z0-9_-]+\.nar\?narsize=\d+$/);
    const head = await fetch(url(`/${hashPart(tree)}.narinfo`), { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-type"), "text/x-nix-narinfo");

    const r = await fetch(url(`/${narPath}`));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("content-type"), "application/x-nix-nar");
    assert.equal(r.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(r.headers.get("content-length"), String(nar.length));
    const got = Buffer.from(await r.arrayBuffer());
    assert.ok(got.equals(nar), "the NAR served is the NAR uploaded");
    const h = await fetch(url(`/${narPath}`), { method: "HEAD" });
    assert.equal(h.status, 200);
    assert.equal(h.headers.get("content-length"), String(nar.length));
  });

  test("ranges of the NAR are answered with 206 and exactly those bytes; a range past the end is 416", async () => {
    const n = nar.length;
    const big = nar.indexOf(files.get("sub/big")!.subarray(0, 64));
    const ranges: [string, number, number][] = [
      ["bytes=0-0", 0, 1],
      ["bytes=10-20", 10, 21],
      [`bytes=${big - 5}-${big + 300_000}`, big - 5, big + 300_001], // framing into a file, across chunks
      [`bytes=${big + 700_000}-`, big + 700_000, n],
      ["bytes=-100", n - 100, n],
      [`bytes=0-${n + 1000}`, 0, n],
    ];
    for (const [header, from, to] of ranges) {
      const r = await fetch(url(`/${narPath}`), { headers: { range: header } });
      assert.equal(r.status, 206, header);
      assert.equal(r.headers.get("content-range"), `bytes ${from}-${to - 1}/${n}`, header);
      assert.ok(Buffer.from(await r.arrayBuffer()).equals(nar.subarray(from, to)), `bytes of ${header}`);
    }
    const past = await fetch(url(`/${narPath}`), { headers: { range: `bytes=${n}-` } });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get("content-range"), `bytes */${n}`);
    const multi = await fetch(url(`/${narPath}`), { headers: { range: "bytes=0-1,5-6" } });
    assert.equal(multi.status, 200, "several ranges: the whole NAR");
    assert.equal((await multi.arrayBuffer()).byteLength, n);
  });

  test("the .ls listing names every entry, and each file's narOffset points at its contents in the NAR", async () => {
    const r = await fetch(url(`/${hashPart(tree)}.ls`));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("content-type"), "application/json");
    const listing = (await r.json()) as { version: number; root: Entry };
    type Entry = { type: string; entries?: Record<string, Entry>; size?: number; narOffset?: number; executable?: boolean; target?: string };
    assert.equal(listing.version, 1);
    const at = (rel: string): Entry => rel.split("/").reduce((e: Entry, name) => e.entries![name]!, listing.root);
    for (const [rel, data] of files) {
      const e = at(rel);
      assert.equal(e.type, "regular", rel);
      assert.equal(e.size, data.length, rel);
      assert.ok(nar.subarray(e.narOffset!, e.narOffset! + data.length).equals(data), `${rel} at its narOffset`);
    }
    assert.equal(at("bin/run").executable, true);
    assert.equal(at("a.txt").executable, undefined);
    assert.deepEqual(at("sub/link"), { type: "symlink", target: "../a.txt" });
    assert.equal((await put(`/${hashPart(tree)}.ls`, JSON.stringify(listing))).status, 200, "a listing PUT is accepted");
  });

  test("HEAD of an uploaded NAR's hash URL is 200 (Nix skips the upload); a claimed one is served there too", async () => {
    const byHash = `/nar/${nixbase32Encode(sha256(nar))}.nar`;
    const h = await fetch(url(byHash), { method: "HEAD" });
    assert.equal(h.status, 200);
    assert.equal(h.headers.get("content-length"), String(nar.length));
    const g = await fetch(url(byHash));
    assert.equal(g.status, 200, "Nix keeps the narinfo it uploaded and downloads from its URL");
    assert.ok(Buffer.from(await g.arrayBuffer()).equals(nar));
  });

  test("a narinfo PUT of the same path again adds its signature once; a different NarHash for it is a conflict", async () => {
    const key = newKey("uploader-1");
    const base = await narinfoOf(tree);
    const sig = key.sign(fingerprint({ storePath: tree, narSha256: base.narSha256, narSize: base.narSize, references: [] }));
    for (let i = 0; i < 2; i++) {
      const r = await put(`/${hashPart(tree)}.narinfo`, narinfoFor(tree, nar, { signatures: [sig] }));
      assert.equal(r.status, 200, await r.text());
    }
    assert.deepEqual((await narinfoOf(tree)).signatures.map((s) => s.name), ["uploader-1"]);

    const otherDir = join(work, "other");
    mkdirSync(otherDir);
    writeFileSync(join(otherDir, "x"), "other");
    const otherNar = await narOf(otherDir);
    assert.equal((await put(`/nar/${nixbase32Encode(sha256(otherNar))}.nar`, otherNar)).status, 200);
    const r = await put(`/${hashPart(tree)}.narinfo`, narinfoFor(tree, otherNar));
    assert.equal(r.status, 409);
    assert.match(await r.text(), /never replaced/);
    assert.ok(Buffer.from(await (await fetch(url(`/${narPath}`))).arrayBuffer()).equals(nar), "the stored path is unchanged");
  });
});

describe("bad requests get a 4xx with a reason and change nothing", () => {
  const dir = join(work, "small");
  mkdirSync(dir);
  writeFileSync(join(dir, "f"), "small file\n");
  let nar: Buffer;
  before(async () => {
    nar = await narOf(dir);
  });

  async function refused(r: Response, status: number, reason: RegExp): Promise<void> {
    const text = await r.text();
    assert.equal(r.status, status, text);
    assert.match(r.headers.get("content-type") ?? "", /^text\/plain/);
    assert.match(text, reason);
    // Nix shows the status line's phrase of a failed request, not its body.
    assert.ok(r.statusText.includes(text.trim().slice(0, 40).replace(/[^\x20-\x7e]+/g, " ")), `status line "${r.statusText}" carries the reason`);
  }

  async function absent(narSha: Buffer, p?: StorePath): Promise<void> {
    assert.equal((await fetch(url(`/nar/${nixbase32Encode(narSha)}.nar`), { method: "HEAD" })).status, 404, "no NAR under that hash");
    if (p) assert.equal((await fetch(url(`/${hashPart(p)}.narinfo`), { method: "HEAD" })).status, 404, "no narinfo");
  }

  test("a NAR whose hash is not the one in its URL: 400, and it cannot be claimed", async () => {
    const wrong = sha256(Buffer.from("something else"));
    await refused(await put(`/nar/${nixbase32Encode(wrong)}.nar`, nar), 400, /NAR hash mismatch: expected sha256:\S+, the NAR received hashes to sha256:/);
    await absent(wrong);
    await absent(sha256(nar));
    const p = randomPath("small");
    await refused(await put(`/${hashPart(p)}.narinfo`, narinfoFor(p, nar)), 400, /no NAR with NarHash sha256:\S+ was uploaded/);
    await absent(sha256(nar), p);
  });

  test("a truncated NAR, and bytes that are no NAR: 400", async () => {
    const cut = nar.subarray(0, nar.length - 20);
    await refused(await put(`/nar/${nixbase32Encode(sha256(cut))}.nar`, cut), 400, /./);
    await absent(sha256(cut));
    const junk = Buffer.from("not a nar at all, just text that is long enough");
    await refused(await put(`/nar/${nixbase32Encode(sha256(junk))}.nar`, junk), 400, /./);
  });

  test("a malformed narinfo, one PUT under another path's hash, an oversized one: 400, 400, 413", async () => {
    assert.equal((await put(`/nar/${nixbase32Encode(sha256(nar))}.nar`, nar)).status, 200);
    const p = randomPath("small");
    await refused(await put(`/${hashPart(p)}.narinfo`, "StorePath: /nix/store/nonsense\n"), 400, /narinfo line 1/);
    await refused(await put(`/${hashPart(p)}.narinfo`, narinfoFor(p, nar).replace(/^NarSize: .*$/m, "NarSize: ten")), 400, /NarSize is not a decimal/);
    const elsewhere = randomPath("small");
    await refused(await put(`/${hashPart(elsewhere)}.narinfo`, narinfoFor(p, nar)), 400, /belongs at/);
    await refused(await put(`/${hashPart(p)}.narinfo`, Buffer.alloc(3 << 20, 0x41)), 413, /larger than/);
    await absent(sha256(randomBytes(8)), p);
    await absent(sha256(randomBytes(8)), elsewhere);
  });

  test("a narinfo whose references are not in the store: 400, not stored", async () => {
    const p = randomPath("small");
    const missing = randomPath("missing-dep");
    await refused(await put(`/${hashPart(p)}.narinfo`, narinfoFor(p, nar, { references: [missing] })), 400, /refers to \/nix\/store\/\S+-missing-dep, which is not in the store/);
    assert.equal((await fetch(url(`/${hashPart(p)}.narinfo`))).status, 404);
  });

  test("a NAR PUT that never gets its narinfo: HEAD says it is here, but nothing serves it and no path names it", async () => {
    const d = join(work, "orphan");
    mkdirSync(d);
    writeFileSync(join(d, "o"), "orphan");
    const orphan = await narOf(d);
    const byHash = `/nar/${nixbase32Encode(sha256(orphan))}.nar`;
    assert.equal((await put(byHash, orphan)).status, 200);
    assert.equal((await fetch(url(byHash), { method: "HEAD" })).status, 200);
    await refused(await fetch(url(byHash)), 404, /no NAR with hash/);
  });

  test("compressed uploads are refused naming ?compression=none", async () => {
    await refused(await put(`/nar/${nixbase32Encode(sha256(nar))}.nar.xz`, nar), 415, /compression=none/);
    await refused(await put(`/nar/${nixbase32Encode(sha256(nar))}.nar.zst`, nar), 415, /compression=none/);
  });

  test("unknown routes are 404, wrong methods 405 with Allow, bad NAR URLs 400, a missing root 404", async () => {
    await refused(await fetch(url("/nothing/here")), 404, /no such resource: GET \/nothing\/here/);
    await refused(await fetch(url("/abc.narinfo")), 404, /no such resource/);
    const r = await fetch(url("/nix-cache-info"), { method: "PUT", body: "x" });
    assert.equal(r.headers.get("allow"), "GET, HEAD");
    await refused(r, 405, /PUT is not allowed on \/nix-cache-info/);
    await refused(await fetch(url("/nix-cache-info"), { method: "DELETE" }), 405, /DELETE is not allowed/);
    await refused(await fetch(url("/nar/castore/!!!.nar?narsize=1")), 400, /not base64url/);
    const info = await fetch(url("/nar/castore/CiQSIH9HcSTYC7LKugGlwS9_HCWEasTQmYVKbyq6fFoNYK7HGAM.nar"));
    await refused(info, 400, /no narsize parameter/);
    await refused(await fetch(url("/nar/castore/CiQSIH9HcSTYC7LKugGlwS9_HCWEasTQmYVKbyq6fFoNYK7HGAM.nar?narsize=712")), 404, /not found/);
    await refused(await fetch(url("/nar/whatever")), 400, /is not a NAR URL of this cache/);
  });

  test("build traces, realisations and logs are accepted and dropped; reading them is 404", async () => {
    assert.equal((await put("/build-trace-v2/abc/out.json", "{}")).status, 200);
    assert.equal((await put("/realisations/sha256:abc!out.doi", "{}")).status, 200);
    assert.equal((await fetch(url("/build-trace-v2/abc/out.json"))).status, 404);
  });

  test("GET / is a page for people", async () => {
    const r = await fetch(url("/"));
    assert.equal(r.status, 200);
    assert.match(r.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(await r.text(), /castore binary cache/);
  });
});

describe("stopping the bridge", () => {
  test("lets a download in flight finish, then refuses new connections", async () => {
    const s = await openStore("memory://");
    const b = await startNarBridge({ store: s, index: new MemoryNarIndex(), logger: silentLogger });
    try {
      const d = join(work, "stop");
      mkdirSync(d);
      writeFileSync(join(d, "big"), randomBytes(8 << 20));
      const n = await narOf(d);
      const p = randomPath("stop");
      assert.equal((await fetch(`${b.url}/nar/${nixbase32Encode(sha256(n))}.nar`, { method: "PUT", body: n })).status, 200);
      assert.equal((await fetch(`${b.url}/${hashPart(p)}.narinfo`, { method: "PUT", body: narinfoFor(p, n) })).status, 200);
      const info = parseNarInfo(await (await fetch(`${b.url}/${hashPart(p)}.narinfo`)).text());
      const r = await fetch(`${b.url}/${info.url}`);
      const reader = r.body!.getReader();
      const first = await reader.read();
      const stopped = b.stop();
      const parts = [Buffer.from(first.value!)];
      for (let x = await reader.read(); !x.done; x = await reader.read()) parts.push(Buffer.from(x.value));
      await stopped;
      assert.ok(Buffer.concat(parts).equals(n), "the download in flight completed");
      await assert.rejects(fetch(`${b.url}/nix-cache-info`));
    } finally {
      await b.stop();
      await s.close();
    }
  });
});
