import assert from "node:assert/strict";
import { test } from "node:test";
import { Directory } from "./directory.js";
import { isStoreError } from "./errors.js";
import { DIRECTORY_COMPLICATED, DIRECTORY_WITH_KEEP, EMPTY_BLOB_DIGEST } from "./fixtures.js";
import { LeavesToRootValidator, RootToLeavesValidator } from "./graph.js";
import { directoryNode, fileNode } from "./nodes.js";

const ref = (name: string, d: Directory, size = d.size()) => directoryNode(name, d.digest(), size);
const A = Directory.fromEntries([fileNode("a", EMPTY_BLOB_DIGEST, 0)]);
const B = Directory.fromEntries([fileNode("b", EMPTY_BLOB_DIGEST, 0)]);
// C refers to A twice (a diamond: the same subtree under two names).
const C = Directory.fromEntries([ref("x", A), ref("y", A)]);

function rejects(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e) => {
    assert.ok(isStoreError(e) && e.code === 400, String(e));
    assert.match(e.message, message);
    return true;
  });
}

test("a closure sent leaves to root validates and drains children before parents", () => {
  const v = new LeavesToRootValidator();
  v.add(DIRECTORY_WITH_KEEP);
  v.add(DIRECTORY_COMPLICATED);
  const r = v.finish();
  assert.ok(r.root.digest().equals(DIRECTORY_COMPLICATED.digest()));
  assert.deepEqual(r.leavesToRoot.map((d) => d.digest().toHex()), [
    DIRECTORY_WITH_KEEP.digest().toHex(),
    DIRECTORY_COMPLICATED.digest().toHex(),
  ]);
  assert.deepEqual(r.external, []);
});

test("a diamond stores the shared subtree once", () => {
  const v = new LeavesToRootValidator();
  v.add(A);
  v.add(C);
  assert.equal(v.finish().leavesToRoot.length, 2);
});

test("a directory sent twice is dropped", () => {
  const v = new LeavesToRootValidator();
  assert.equal(v.add(A), true);
  assert.equal(v.add(A), false);
  v.add(C);
  assert.equal(v.finish().leavesToRoot.length, 2);
});

test("a reference to a directory not sent before is rejected", () => {
  const v = new LeavesToRootValidator();
  rejects(() => v.add(DIRECTORY_COMPLICATED), /^unknown directory was referenced: .* refers to 8b5b5d64/);
});

test("a wrong child size is rejected whichever of parent and child came first", () => {
  const tooSmall = Directory.fromEntries([ref("keep", DIRECTORY_WITH_KEEP, 0n)]);
  const v = new LeavesToRootValidator();
  v.add(DIRECTORY_WITH_KEEP);
  rejects(() => v.add(tooSmall), /^wrong size: .* with size 0, but that directory has size 1 \(accepted up to 2\)/);

  const tooBig = Directory.fromEntries([ref("keep", DIRECTORY_WITH_KEEP, 3n)]);
  const w = new LeavesToRootValidator({ allowExternal: true });
  w.add(DIRECTORY_WITH_KEEP);
  rejects(() => w.add(tooBig), /^wrong size: .* with size 3/);
});

test("a directory sent after a parent that refers to it is rejected, also where external references are allowed", () => {
  const parent = Directory.fromEntries([ref("keep", DIRECTORY_WITH_KEEP, 1n)]);
  const v = new LeavesToRootValidator({ allowExternal: true });
  v.add(parent);
  rejects(() => v.add(DIRECTORY_WITH_KEEP), /^directory 8b5b5d64\w+ was sent after \w+ which refers to it \(uploads go leaves to root\)$/);
});

test("sizes in the historical range are accepted on edges", () => {
  const v = new LeavesToRootValidator();
  v.add(DIRECTORY_WITH_KEEP);
  v.add(Directory.fromEntries([ref("keep", DIRECTORY_WITH_KEEP, 2n)]));
  assert.equal(v.finish().leavesToRoot.length, 2);
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
  assert.equal(r.leavesToRoot.length, 1);
  assert.equal(r.external.length, 1);
  assert.ok(r.external[0]!.digest.equals(A.digest()));
  assert.deepEqual(r.external[0]!.sizes, [1n, 1n]);
});

test("a deep chain of 50k directories drains without overflowing the stack", () => {
  const v = new LeavesToRootValidator();
  let d = Directory.empty();
  v.add(d);
  for (let i = 0; i < 50_000; i++) {
    d = Directory.fromEntries([ref("d", d)]);
    v.add(d);
  }
  const r = v.finish();
  assert.equal(r.leavesToRoot.length, 50_001);
  assert.ok(r.root.digest().equals(d.digest()));
  assert.ok(r.leavesToRoot[0]!.digest().equals(Directory.empty().digest()));
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
