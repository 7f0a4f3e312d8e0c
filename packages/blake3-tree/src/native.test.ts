// The native addon against the TypeScript reference, byte for byte, on random inputs, in every
// SIMD variant this CPU can run (each is a separate code path: lane widths, transposes, and the
// narrower fallbacks that take the leftovers).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { backend, groupCVs, hashRoot, native, parentRoot, parents, reference, GROUP_SIZE } from "./index.js";
import { between, hex, prng, randomBytes } from "./fixtures.js";

const addon = native!;
const initial = addon?.simd();
after(() => {
  if (initial) addon.simd(initial);
});

test("the native addon is in use", () => {
  assert.equal(backend, "native");
  assert.ok(addon.simdAvailable().includes("portable"));
  assert.equal(addon.simd(), addon.simdAvailable()[0], "the widest variant is the default");
});

for (const variant of native ? native.simdAvailable() : []) {
  test(`native (${variant}) and reference agree on random inputs`, () => {
    addon.simd(variant);
    const next = prng(variant.length * 1000 + 17);
    // groupCVs: random lengths (many groups, partial tails, chunk tails) and group numbers,
    // including ones whose chunk counters need the high 32-bit word.
    for (let i = 0; i < 40; i++) {
      const len = i < 20 ? between(next, 0, 3 * GROUP_SIZE) : between(next, 0, 70 * GROUP_SIZE);
      const first = [0, between(next, 0, 1000), 2 ** 28 - 1, 2 ** 28 + between(next, 0, 99), 2 ** 40 + 3, Number.MAX_SAFE_INTEGER - 100][i % 6]!;
      const data = randomBytes(len, next());
      assert.equal(hex(addon.groupCVs(data, first)), hex(reference.groupCVs(data, first)), `groupCVs len ${len} first ${first}`);
    }
    // parents: pair counts across every lane width and their leftovers.
    for (let pairs = 0; pairs <= 70; pairs++) {
      const cvs = randomBytes(pairs * 64, next());
      assert.equal(hex(addon.parents(cvs)), hex(reference.parents(cvs)), `parents of ${pairs} pairs`);
    }
    for (let i = 0; i < 20; i++) {
      const l = randomBytes(32, next()), r = randomBytes(32, next());
      assert.equal(hex(addon.parentRoot(l, r)), hex(reference.parentRoot(l, r)));
    }
    for (let i = 0; i < 60; i++) {
      const len = i < 20 ? i : between(next, 0, GROUP_SIZE);
      const data = randomBytes(len, next());
      assert.equal(hex(addon.hashRoot(data)), hex(reference.hashRoot(data)), `hashRoot len ${len}`);
    }
  });
}

test("inputs may be any Uint8Array view (Buffer, subarray at an odd offset)", () => {
  const big = randomBytes(3 * GROUP_SIZE + 11, 3);
  const view = big.subarray(7, 7 + 2 * GROUP_SIZE + 1);
  const copy = view.slice();
  assert.equal(hex(addon.groupCVs(view, 5)), hex(addon.groupCVs(copy, 5)));
  assert.equal(hex(addon.groupCVs(Buffer.from(copy), 5)), hex(reference.groupCVs(copy, 5)));
  const out = addon.groupCVs(copy, 0);
  assert.ok(out instanceof Uint8Array && !Buffer.isBuffer(out), "results are plain Uint8Arrays");
});

test("bad arguments are refused, by the addon and by the exported wrappers", () => {
  for (const impl of [addon, reference]) {
    assert.throws(() => impl.groupCVs(new Uint8Array(1), -1), RangeError);
    assert.throws(() => impl.groupCVs(new Uint8Array(1), 1.5), RangeError);
    assert.throws(() => impl.groupCVs(new Uint8Array(1), 2 ** 53), RangeError);
    assert.throws(() => impl.parents(new Uint8Array(32)), RangeError);
    assert.throws(() => impl.parentRoot(new Uint8Array(32), new Uint8Array(31)), RangeError);
    assert.throws(() => impl.hashRoot(new Uint8Array(GROUP_SIZE + 1)), RangeError);
  }
  assert.throws(() => addon.groupCVs(new Uint16Array(4) as unknown as Uint8Array, 0), TypeError);
  assert.throws(() => addon.parents("abc" as unknown as Uint8Array), TypeError);
  assert.throws(() => addon.simd("sse9"), RangeError);
  assert.throws(() => groupCVs(new Uint8Array(1), -1n), RangeError);
  assert.throws(() => hashRoot(new Uint8Array(GROUP_SIZE + 1)), RangeError);
  // bigint group numbers are accepted by the wrapper.
  const data = randomBytes(100, 1);
  assert.equal(hex(groupCVs(data, 12345n)), hex(reference.groupCVs(data, 12345)));
  assert.equal(hex(parents(new Uint8Array(0))), "");
  assert.equal(parentRoot(new Uint8Array(32), new Uint8Array(32)).length, 32);
});
