import assert from "node:assert/strict";
import { test } from "node:test";
import { Directory } from "./directory.js";
import { isStoreError } from "./errors.js";
import { DIRECTORY_COMPLICATED, DIRECTORY_WITH_KEEP, EMPTY_BLOB_DIGEST } from "./fixtures.js";
import { LeavesToRootValidator, RootToLeavesValidator, type ValidatedUpload } from "./graph.js";
import { liveInstances } from "./testing-heap.js";
import { directoryNode, fileNode } from "./nodes.js";

const ref = (name: string, d: Directory, size = d.size()) => directoryNode(name, d.digest(), size);
const A = Directory.fromEntries([fileNode("a", EMPTY_BLOB_DIGEST, 0)]);
const B = Directory.fromEntries([fileNode("b", EMPTY_BLOB_DIGEST, 0)]);
// C refers to A twice (a diamond: the same subtree under two names).
const C = Directory.fromEntries([ref("x", A), ref("y", A)]);

async function stored(r: ValidatedUpload, again: Directory[]): Promise<string[]> {
  const out: string[] = [];
  for await (const d of r.leavesToRoot(again)) out.push(d.digest().toHex());
  return out;
}

function rejects(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e) => {
    assert.ok(isStoreError(e) && e.code === 400, String(e));
    assert.match(e.message, message);
    return true;
  });
}

test("a closure sent leaves to root validates and drains children before parents", async () => {
  const v = new LeavesToRootValidator();
  v.add(DIRECTORY_WITH_KEEP);
  v.add(DIRECTORY_COMPLICATED);
  const r = v.finish();
  assert.ok(r.root.equals(DIRECTORY_COMPLICATED.digest()));
  assert.deepEqual(await stored(r, [DIRECTORY_WITH_KEEP, DIRECTORY_COMPLICATED]), [
    DIRECTORY_WITH_KEEP.digest().toHex(),
    DIRECTORY_COMPLICATED.digest().toHex(),
  ]);
  assert.deepEqual(r.external, []);
});

test("a diamond stores the shared subtree once", () => {
  const v = new LeavesToRootValidator();
  v.add(A);
  v.add(C);
  assert.equal(v.finish().count, 2);
});

test("a directory sent twice is dropped, and stored once", async () => {
  const v = new LeavesToRootValidator();
  assert.equal(v.add(A), true);
  assert.equal(v.add(A), false);
  v.add(C);
  const r = v.finish();
  assert.equal(r.count, 2);
  assert.deepEqual(await stored(r, [A, A, C]), [A, C].map((d) => d.digest().toHex()));
});

test("a directory sent again after the root is dropped: the root is stored last", async () => {
  const v = new LeavesToRootValidator();
  for (const d of [A, C, A]) v.add(d);
  assert.deepEqual(await stored(v.finish(), [A, C, A]), [A, C].map((d) => d.digest().toHex()));
});

test("storing refuses a second pass that differs from the validated upload", async () => {
  const v = new LeavesToRootValidator();
  v.add(A);
  v.add(C);
  const r = v.finish();
  const hex = (ds: readonly Directory[]) => ds.map((d) => d.digest().toHex());
  // Each case: the second pass, the error, and what was yielded before it.
  for (const [again, re, before] of [
    [[B, C], /^directory \w+ is not in the upload as validated$/, []],
    [[C, A], /^directory \w+ comes earlier than in the upload as validated$/, []],
    [[A], /^the upload as read again ended after 1 of its 2 directories$/, [A]],
    // After the root: the store has not written it yet (it waits for the end of the pass).
    [[A, C, B], /^directory \w+ is not in the upload as validated$/, [A, C]],
  ] as const) {
    const seen: Directory[] = [];
    await assert.rejects(async () => {
      for await (const d of r.leavesToRoot(again)) seen.push(d);
    }, (e) => isStoreError(e) && e.code === 500 && re.test(e.message));
    assert.deepEqual(hex(seen), hex(before));
  }
});

test("the validator keeps no Directory: its memory grows with the count of directories, not their entries", async () => {
  const N = 5000;
  const leaf = (i: number) => Directory.fromEntries(Array.from({ length: 20 }, (_, k) => fileNode(`f${i}-${k}`, EMPTY_BLOB_DIGEST, k)));
  // The measurement sees directories that are held.
  const held = Array.from({ length: N }, (_, i) => leaf(i));
  assert.ok((await liveInstances("Directory")) >= N);
  held.length = 0;

  const v = new LeavesToRootValidator();
  const edges = [];
  for (let i = 0; i < N; i++) {
    const l = leaf(i);
    v.add(l);
    edges.push(ref(`d${i}`, l));
  }
  v.add(Directory.fromEntries(edges));
  // Only the module's fixtures (a handful) are alive; the old validator kept all N + 1.
  assert.ok((await liveInstances("Directory")) < 20);
  assert.equal(v.finish().count, N + 1);
});

test("sizes in the historical range are accepted on edges", () => {
  const v = new LeavesToRootValidator();
  v.add(DIRECTORY_WITH_KEEP);
  v.add(Directory.fromEntries([ref("keep", DIRECTORY_WITH_KEEP, 2n)]));
  assert.equal(v.finish().count, 2);
});

test("an upload with two roots is rejected as disconnected", () => {
  // tvix's example: A, C (refers to A twice), then B: B stays unconnected.
  const v = new LeavesToRootValidator();
  v.add(A);
  v.add(C);
  v.add(B);
  rejects(() => v.finish(), /^graph has disconnected roots: 2 directories are referenced by no other/);
});

test("an empty upload is rejected", () => {
  rejects(() => new LeavesToRootValidator().finish(), /^got no directories$/);
});

test("with allowExternal, references to directories outside the upload are returned for checking", () => {
  const v = new LeavesToRootValidator({ allowExternal: true });
  v.add(C);
  const r = v.finish();
  assert.equal(r.count, 1);
  assert.equal(r.external.length, 1);
  assert.ok(r.external[0]!.digest.equals(A.digest()));
  assert.deepEqual(r.external[0]!.sizes, [1n, 1n]);
});

test("a deep chain of 50k directories drains without overflowing the stack", async () => {
  const v = new LeavesToRootValidator();
  const chain = [Directory.empty()];
  for (let i = 0; i < 50_000; i++) chain.push(Directory.fromEntries([ref("d", chain[chain.length - 1]!)]));
  for (const d of chain) v.add(d);
  const r = v.finish();
  assert.equal(r.count, 50_001);
  assert.ok(r.root.equals(chain[50_000]!.digest()));
  const order = await stored(r, chain);
  assert.equal(order.length, 50_001);
  assert.equal(order[0], Directory.empty().digest().toHex());
});

test("a recursive read root to leaves validates, with each digest once", () => {
  const v = new RootToLeavesValidator(C.digest());
  assert.ok(v.expects(C.digest()));
  assert.ok(!v.expects(A.digest()));
  v.add(C);
  assert.ok(v.expects(A.digest()));
  v.add(A);
  v.finish();
  assert.equal(v.received, 2);
});

test("a read that does not start at the root is rejected", () => {
  const v = new RootToLeavesValidator(C.digest());
  rejects(() => v.add(A), /^unexpected directory/);
});

test("a directory repeated in a read is rejected", () => {
  const v = new RootToLeavesValidator(C.digest());
  v.add(C);
  v.add(A);
  rejects(() => v.add(A), /was sent twice$/);
});

test("a read that ends while directories are expected is a premature end", () => {
  const v = new RootToLeavesValidator(C.digest());
  v.add(C);
  rejects(() => v.finish(), /^premature end: 1 referenced directories were not received/);
});

test("a read whose child does not match the edge size is rejected", () => {
  const parent = Directory.fromEntries([ref("keep", DIRECTORY_WITH_KEEP, 5n)]);
  const v = new RootToLeavesValidator(parent.digest());
  v.add(parent);
  rejects(() => v.add(DIRECTORY_WITH_KEEP), /^wrong size: .* with size 5/);
});
