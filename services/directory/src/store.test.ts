// writeLeavesToRoot: the write order every store's putClosure follows.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { Directory, directoryNode, fileNode, isStoreError, type EncodedDirectory } from "@castore/core";
import { EMPTY_BLOB_DIGEST } from "@castore/core/testing";
import { writeLeavesToRoot } from "./store.js";

const leaves = Array.from({ length: 10 }, (_, i) => Directory.fromEntries([fileNode(`f${i}`, EMPTY_BLOB_DIGEST, i)]));
const root = Directory.fromEntries(leaves.map((l, i) => directoryNode(`d${i}`, l.digest(), l.size())));

async function* pass(dirs: Directory[], thenFail?: Error): AsyncGenerator<EncodedDirectory> {
  yield* dirs;
  if (thenFail) throw thenFail;
}

test("the root is written last, once every other write has finished", async () => {
  const events: string[] = [];
  await writeLeavesToRoot(root.digest(), pass([...leaves, root]), 4, async (d) => {
    const name = d === root ? "root" : "leaf";
    events.push(`${name} start`);
    await sleep(d === root ? 0 : 5);
    events.push(`${name} end`);
  });
  assert.equal(events.filter((e) => e === "leaf end").length, 10);
  assert.deepEqual(events.slice(-2), ["root start", "root end"]);
  assert.ok(events.indexOf("leaf start") < events.indexOf("leaf end") && events.slice(0, 4).every((e) => e === "leaf start"), "four leaves at once");
});

test("a pass that fails after yielding the root leaves the root unwritten", async () => {
  const written: EncodedDirectory[] = [];
  await assert.rejects(
    writeLeavesToRoot(root.digest(), pass([...leaves, root], new Error("second pass broke")), 4, async (d) => void written.push(d)),
    /second pass broke/,
  );
  assert.ok(!written.includes(root));
});

test("a pass that does not end with the root is an internal error and writes no root", async () => {
  const written: EncodedDirectory[] = [];
  await assert.rejects(
    writeLeavesToRoot(root.digest(), pass(leaves), 4, async (d) => void written.push(d)),
    (e) => isStoreError(e) && e.code === 500 && /ended with \w+, not its root/.test(e.message),
  );
  assert.equal(written.length, 9);
  await assert.rejects(writeLeavesToRoot(root.digest(), pass([]), 4, async () => {}), /ended with nothing/);
});
