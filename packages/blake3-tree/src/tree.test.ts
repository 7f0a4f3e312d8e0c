// TreeHasher and the level structure: independent of how the bytes are split, equal to
// groupCVs of any group-aligned slice, and each level derived from the one below by the
// pair-and-carry rule.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  GROUP_SIZE,
  TreeHasher,
  levelCounts,
  native,
  reference,
  type Blake3Tree,
  type BlobTree,
} from "./index.js";
import { between, concat, hex, prng, randomBytes } from "./fixtures.js";

const impls: [string, Blake3Tree][] = [
  ["native", native!],
  ["reference", reference],
];

function hashInPieces(impl: Blake3Tree, data: Uint8Array, piece: (i: number) => number): BlobTree {
  const h = new TreeHasher(impl);
  for (let off = 0, i = 0; off < data.length; i++) {
    const n = Math.max(1, piece(i));
    h.update(data.subarray(off, off + n));
    off += n;
  }
  return h.finish();
}

const asHex = (t: BlobTree) => ({ root: hex(t.root), size: t.size, levels: t.levels.map(hex) });

test("TreeHasher gives the same root and levels whatever the update splits", () => {
  // Sizes at and around the one-group boundary (where the first group is held back) and larger.
  const sizes = [0, 1, GROUP_SIZE - 1, GROUP_SIZE, GROUP_SIZE + 1, 2 * GROUP_SIZE, 2 * GROUP_SIZE + 1, 5 * GROUP_SIZE + 777, 300 * 1024 + 5];
  const next = prng(99);
  for (const [name, impl] of impls) {
    for (const size of sizes) {
      const data = randomBytes(size, size);
      const whole = asHex(new TreeHasher(impl).update(data).finish());
      const splits: [string, (i: number) => number][] = [
        ["1000 bytes", () => 1000],
        ["group-sized", () => GROUP_SIZE],
        ["random", () => between(next, 1, 3 * GROUP_SIZE)],
        ["random small", () => between(next, 1, 100)],
      ];
      if (size <= 80 * 1024) splits.push(["1 byte", () => 1]);
      for (const [how, piece] of splits)
        assert.deepEqual(asHex(hashInPieces(impl, data, piece)), whole, `${name}, size ${size}, pieces: ${how}`);
      // Empty updates anywhere change nothing.
      const h = new TreeHasher(impl).update(new Uint8Array(0));
      h.update(data.subarray(0, size >> 1)).update(new Uint8Array(0)).update(data.subarray(size >> 1));
      assert.deepEqual(asHex(h.finish()), whole, `${name}, size ${size}, with empty updates`);
    }
  }
});

test("TreeHasher keeps no reference to the caller's bytes", () => {
  for (const [name, impl] of impls) {
    const data = randomBytes(7 * GROUP_SIZE + 100, 5);
    const expected = hex(new TreeHasher(impl).update(data).finish().root);
    const h = new TreeHasher(impl);
    for (let off = 0; off < data.length; off += 5000) {
      const piece = data.slice(off, off + 5000);
      h.update(piece);
      piece.fill(0xee); // a reused network buffer
    }
    assert.equal(hex(h.finish().root), expected, name);
  }
});

test("groupCVs of a group-aligned slice equals the corresponding CVs of the whole", () => {
  const next = prng(7);
  for (const [name, impl] of impls) {
    const data = randomBytes(37 * GROUP_SIZE + 4321, 11);
    const groups = Math.ceil(data.length / GROUP_SIZE);
    const whole = impl.groupCVs(data, 0);
    assert.equal(whole.length, groups * 32);
    for (let i = 0; i < 25; i++) {
      const first = between(next, 0, groups - 1);
      // Either ends at a group boundary or at the end of the blob (with the partial last group).
      const last = between(next, first + 1, groups);
      const end = Math.min(last * GROUP_SIZE, data.length);
      const part = impl.groupCVs(data.subarray(first * GROUP_SIZE, end), first);
      assert.equal(hex(part), hex(whole.subarray(first * 32, last * 32)), `${name}: groups ${first}..${last}`);
    }
    // Group numbers matter (the chunk counter): the same bytes at another position hash differently.
    assert.notEqual(hex(impl.groupCVs(data.subarray(0, GROUP_SIZE), 1)), hex(whole.subarray(0, 32)));
  }
});

// BLAKE3's own definition of the tree: the left subtree holds the largest power of two of
// groups smaller than n. Used to check that pair-and-carry builds the same tree.
function blake3Subtree(impl: Blake3Tree, cvs: Uint8Array): Uint8Array {
  const n = cvs.length / 32;
  if (n === 1) return cvs;
  let left = 1;
  while (left * 2 < n) left *= 2;
  return impl.parents(concat([blake3Subtree(impl, cvs.subarray(0, left * 32)), blake3Subtree(impl, cvs.subarray(left * 32))]));
}

test("each level pairs the one below left to right and carries an odd last node up", () => {
  for (const [name, impl] of impls) {
    for (const groups of [2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 17, 31, 33, 100]) {
      const size = groups * GROUP_SIZE - (groups % 3) * 1000; // some with a partial last group
      const data = randomBytes(size, groups);
      const { root, levels } = new TreeHasher(impl).update(data).finish();
      assert.equal(hex(levels[0]!), hex(impl.groupCVs(data, 0)), `${name}, ${groups} groups: level 0`);
      for (let l = 1; l < levels.length; l++) {
        const below = levels[l - 1]!;
        const n = below.length / 32;
        const pairs = Math.floor(n / 2);
        const expected = concat([impl.parents(below.subarray(0, pairs * 64)), n % 2 ? below.subarray((n - 1) * 32) : new Uint8Array(0)]);
        assert.equal(hex(levels[l]!), hex(expected), `${name}, ${groups} groups: level ${l}`);
      }
      const top = levels[levels.length - 1]!;
      assert.equal(top.length, 64, "the top level has two nodes");
      assert.equal(hex(root), hex(impl.parentRoot(top.subarray(0, 32), top.subarray(32))));
      // Same tree as BLAKE3's recursive split: the children of the root agree.
      const cvs = levels[0]!;
      let left = 1;
      while (left * 2 < groups) left *= 2;
      assert.equal(hex(top.subarray(0, 32)), hex(blake3Subtree(impl, cvs.subarray(0, left * 32))), `${name}, ${groups}: left`);
      assert.equal(hex(top.subarray(32)), hex(blake3Subtree(impl, cvs.subarray(left * 32))), `${name}, ${groups}: right`);
    }
  }
});

test("levelCounts gives the nodes per level", () => {
  assert.deepEqual(levelCounts(0), []);
  assert.deepEqual(levelCounts(1), []);
  assert.deepEqual(levelCounts(GROUP_SIZE), []);
  assert.deepEqual(levelCounts(GROUP_SIZE + 1), [2]);
  assert.deepEqual(levelCounts(2 * GROUP_SIZE), [2]);
  assert.deepEqual(levelCounts(3 * GROUP_SIZE), [3, 2]);
  assert.deepEqual(levelCounts(5 * GROUP_SIZE - 1), [5, 3, 2]);
  assert.deepEqual(levelCounts(1 << 20), [64, 32, 16, 8, 4, 2]);
  assert.deepEqual(levelCounts(4n << 30n), [262144, 131072, 65536, 32768, 16384, 8192, 4096, 2048, 1024, 512, 256, 128, 64, 32, 16, 8, 4, 2]);
  assert.throws(() => levelCounts(-1), RangeError);
});

test("a finished TreeHasher refuses more work", () => {
  const h = new TreeHasher();
  h.update(new Uint8Array(10));
  h.finish();
  assert.throws(() => h.update(new Uint8Array(1)), /after finish/);
  assert.throws(() => h.finish(), /twice/);
});
