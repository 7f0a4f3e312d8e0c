// A 10,000-deep NAR (as `import-nar` can bring in) ingested into the memory services: its NAR
// rendered from the store is the NAR ingested, and calculate_nar gives its size and hash.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { ingestNar, readAll, renameNode } from "@castore/core";
import { deepChainNar } from "@castore/core/testing";
import { memoryBlobService } from "@castore/blob";
import { memoryDirectoryService } from "@castore/directory";
import { testSigningKey } from "./conformance.js";
import { MemoryPathInfoStore } from "./memory.js";
import { calculateNar, renderNarFromStore } from "./nar.js";
import { StorePathInfoService } from "./store.js";

const DEPTH = 10_000;

test(`a ${DEPTH}-deep NAR renders back from the store byte for byte, and calculate_nar agrees`, async () => {
  const nar = deepChainNar(DEPTH);
  const blobs = memoryBlobService();
  const dirs = memoryDirectoryService();
  const putter = dirs.putter();
  const got = await ingestNar([nar], {
    putBlob: async (data) => (await blobs.put(data)).digest,
    putDirectory: (d) => putter.put(d),
  });
  await putter.close();
  const sha = createHash("sha256").update(nar).digest();

  const rendered = await readAll(renderNarFromStore(got.node, blobs, dirs));
  assert.ok(Buffer.from(rendered).equals(nar), "the rendered NAR is the NAR ingested");

  const figures = await calculateNar(got.node, blobs, dirs);
  assert.equal(figures.narSize, BigInt(nar.length));
  assert.deepEqual(Buffer.from(figures.narSha256), sha);

  const infos = new StorePathInfoService(new MemoryPathInfoStore(), { blobs, dirs, signingKey: testSigningKey() });
  const viaService = await infos.calculateNar(renameNode(got.node, new Uint8Array(0)));
  assert.equal(viaService.narSize, BigInt(nar.length));
  assert.deepEqual(Buffer.from(viaService.narSha256), sha);
});
