// Packs: the layout is a function of the directory alone; parts round-trip; a store refuses a part
// that lies about its blobs; a reader keeps only the blobs that match their digests.
import assert from "node:assert/strict";
import { test } from "node:test";
import { B3Digest } from "./digest.js";
import { Directory } from "./directory.js";
import { directoryNode, fileNode, symlinkNode } from "./nodes.js";
import { PACK_FILE_MAX, PACK_PART_BYTES, PACK_PART_ENTRIES, checkPack, decodePack, encodePack, packLayout, parsePack, verifiedPackBlobs } from "./packs.js";
import { pseudoRandomBytes } from "./fixtures.js";

const blob = (n: number, seed: number) => {
  const data = pseudoRandomBytes(n, seed);
  return { data, digest: B3Digest.of(data) };
};

test("packLayout: small non-empty files in entry order, each digest once, cut by bytes and by count", () => {
  const a = blob(100, 1);
  const b = blob(PACK_FILE_MAX, 2);
  const big = blob(PACK_FILE_MAX + 1, 3);
  const dir = Directory.fromEntries([
    fileNode("z", a.digest, 100n, false),
    fileNode("a", b.digest, BigInt(PACK_FILE_MAX), true),
    fileNode("b", big.digest, BigInt(PACK_FILE_MAX + 1), false),
    fileNode("c", a.digest, 100n, false), // same content again: packed once
    fileNode("empty", B3Digest.of(new Uint8Array(0)), 0n, false),
    directoryNode("sub", a.digest, 1n),
    symlinkNode("l", "x"),
  ]);
  const parts = packLayout(dir);
  assert.equal(parts.length, 1);
  assert.deepEqual(parts[0]!.map((e) => [e.digest.toHex(), e.size]), [[b.digest.toHex(), PACK_FILE_MAX], [a.digest.toHex(), 100]]);
  // One packable file gains nothing.
  assert.deepEqual(packLayout(Directory.fromEntries([fileNode("x", a.digest, 100n, false)])), []);

  // 40 files of 64 KiB: 12 per part of 768 KiB.
  const many = Array.from({ length: 40 }, (_, i) => fileNode(`f${String(i).padStart(2, "0")}`, B3Digest.of(Uint8Array.of(i)), BigInt(PACK_FILE_MAX), false));
  const cut = packLayout(Directory.fromEntries(many));
  assert.deepEqual(cut.map((p) => p.length), [12, 12, 12, 4]);
  cut.forEach((p) => assert.ok(p.reduce((s, e) => s + e.size, 0) <= PACK_PART_BYTES));
  // 5000 one-byte files: cut by count.
  const tiny = Array.from({ length: 5000 }, (_, i) => fileNode(`t${String(i).padStart(4, "0")}`, B3Digest.of(Uint8Array.of(i & 255, i >> 8)), 1n, false));
  assert.deepEqual(packLayout(Directory.fromEntries(tiny)).map((p) => p.length), [PACK_PART_ENTRIES, PACK_PART_ENTRIES, 5000 - 2 * PACK_PART_ENTRIES]);
});

test("a part round-trips; checkPack refuses lies; verifiedPackBlobs keeps only matching blobs", () => {
  const blobs = [blob(10, 4), blob(3000, 5), blob(1, 6)];
  const bytes = encodePack(2, blobs);
  checkPack(bytes, 0);
  checkPack(bytes, 1);
  assert.throws(() => checkPack(bytes, 2), /says its directory has 2 parts/);
  const d = decodePack(bytes);
  assert.equal(d.parts, 2);
  assert.deepEqual(d.blobs.map((b) => Buffer.from(b.data).toString("hex")), blobs.map((b) => Buffer.from(b.data).toString("hex")));

  const tampered = Uint8Array.from(bytes);
  tampered[tampered.length - 2]! ^= 1; // a byte of the second blob
  assert.throws(() => checkPack(tampered, 0), /pack entry 1 does not match its digest/);
  const kept = verifiedPackBlobs(parsePack(tampered), blobs.map((b) => ({ digest: b.digest, size: b.data.length })));
  assert.deepEqual([...kept.keys()].sort(), [blobs[0]!.digest.toHex(), blobs[2]!.digest.toHex()].sort());
  // Entries that are not the layout's (another order, another digest) are not taken either.
  const shuffled = verifiedPackBlobs(parsePack(bytes), [blobs[1]!, blobs[0]!, blobs[2]!].map((b) => ({ digest: b.digest, size: b.data.length })));
  assert.deepEqual([...shuffled.keys()], [blobs[2]!.digest.toHex()]);

  assert.throws(() => decodePack(bytes.subarray(0, bytes.length - 1)), /runs past the end/);
  assert.throws(() => decodePack(Buffer.concat([bytes, Uint8Array.of(0)])), /bytes after its last entry/);
  assert.throws(() => decodePack(new Uint8Array(20)), /bad magic/);
  const v2 = Uint8Array.from(bytes);
  v2[4] = 2;
  assert.throws(() => decodePack(v2), /version 2/);
  assert.throws(() => checkPack(encodePack(1, [blob(PACK_FILE_MAX + 1, 7)]), 0), /packs hold blobs of 1\.\.65536/);
});
