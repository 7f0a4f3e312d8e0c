import assert from "node:assert/strict";
import { text } from "node:stream/consumers";
import { test } from "node:test";
import { B3Digest } from "@castore/core";
import { ChunkedBlobService, MemoryChunkStore } from "@castore/blob";
import { bytes } from "./cli.test-util.js";
import { TreeReadBlobs } from "./tree-blobs.js";

async function readAll(s: NodeJS.ReadableStream | null): Promise<Buffer> {
  assert.ok(s !== null);
  const parts: Buffer[] = [];
  for await (const p of s) parts.push(Buffer.from(p as Uint8Array));
  return Buffer.concat(parts);
}

test("tree reads get a one-chunk blob with a single chunk get and a large blob through the service", async () => {
  const chunks = new MemoryChunkStore();
  const inner = new ChunkedBlobService(chunks);
  let gets = 0;
  const counting = { getChunk: (d: B3Digest) => (gets++, chunks.getChunk(d)) };
  const blobs = new TreeReadBlobs(inner, counting);
  const small = Buffer.from("a small file");
  const large = bytes(3 << 20, 5);
  const s = await inner.put(small);
  const l = await inner.put(large);
  assert.ok(l.chunks > 1);
  assert.ok((await readAll(await blobs.read(s.digest))).equals(small));
  assert.equal(gets, 1);
  assert.ok((await readAll(await blobs.read(l.digest))).equals(large));
  assert.equal(await blobs.read(B3Digest.of(Buffer.from("absent"))), null);
  // Ranges are the service's.
  assert.equal(await text((await blobs.read(s.digest, { offset: 2n, length: 5n }))!), "small");
});

test("tree reads refuse a chunk whose bytes do not hash to the blob digest", async () => {
  const chunks = new MemoryChunkStore();
  const inner = new ChunkedBlobService(chunks);
  const s = await inner.put(Buffer.from("the real content"));
  const lying = new TreeReadBlobs(inner, { getChunk: async () => new Uint8Array(Buffer.from("other content")) });
  await assert.rejects(lying.read(s.digest), /store is corrupt/);
});
