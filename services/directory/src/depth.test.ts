// A chain of directories far deeper than any path on disk (as `import-nar` can bring in) is
// stored and read back recursively, validated, without overflowing the stack.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Directory, directoryNode, fileNode } from "@castore/core";
import { EMPTY_BLOB_DIGEST } from "@castore/core/testing";
import { memoryDirectoryService } from "./memory.js";

const DEPTH = 10_000;

test(`a ${DEPTH}-deep chain is put leaves to root and read back root to leaves`, async () => {
  const svc = memoryDirectoryService();
  const chain: Directory[] = [Directory.fromEntries([fileNode("file", EMPTY_BLOB_DIGEST, 0)])];
  for (let i = 0; i < DEPTH; i++) {
    const below = chain[chain.length - 1]!;
    chain.push(Directory.fromEntries([directoryNode("d", below.digest(), below.size())]));
  }
  const putter = svc.putter();
  for (const d of chain) await putter.put(d);
  const root = chain[chain.length - 1]!;
  assert.ok((await putter.close()).equals(root.digest()));

  const got: string[] = [];
  for await (const d of svc.getRecursive(root.digest())) got.push(d.digest().toHex());
  assert.deepEqual(got, chain.map((d) => d.digest().toHex()).reverse());
  await svc.close();
});
