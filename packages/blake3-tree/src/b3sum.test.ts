// The tree's root equals b3sum's digest of the same bytes (`b3sum --no-names FILE`, Debian's
// b3sum package), through the native addon and the TypeScript reference, for the sizes around
// every boundary the tree has (chunk, group, 2^20) and for random sizes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { native, reference, levelCounts, TreeHasher, GROUP_SIZE, type Blake3Tree } from "./index.js";
import { b3sum, between, hex, prng, randomBytes } from "./fixtures.js";

const MiB = 1 << 20;
const fixed = [0, 1, 1023, 1024, 1025, 16383, 16384, 16385, MiB - 1, MiB, MiB + 1, 100 * MiB + 3];
// Random sizes: half below 64 KiB (chunk and group tails), half up to 4 MiB (deeper trees).
const seed = 20250611;
const next = prng(seed);
const random = Array.from({ length: 20 }, (_, i) => (i < 10 ? between(next, 0, 64 * 1024) : between(next, 64 * 1024, 4 * MiB)));

const impls: [string, Blake3Tree][] = [
  ["native", native!],
  ["reference", reference],
];

for (const [kind, sizes] of [["fixed", fixed], [`random (seed ${seed})`, random]] as const) {
  test(`root equals b3sum for ${kind} sizes: ${sizes.join(", ")}`, () => {
    assert.ok(native, "the native addon is built");
    for (const size of sizes) {
      const data = randomBytes(size, size + 1);
      const expected = b3sum(data);
      for (const [name, impl] of impls) {
        const tree = new TreeHasher(impl).update(data).finish();
        assert.equal(hex(tree.root), expected, `${name}, size ${size}`);
        assert.equal(tree.size, BigInt(size));
        assert.deepEqual(
          tree.levels.map((l) => l.length / 32),
          levelCounts(size),
          `${name}, size ${size}: nodes per level`,
        );
        if (size <= GROUP_SIZE) assert.equal(hex(impl.hashRoot(data)), expected, `${name} hashRoot, size ${size}`);
      }
    }
  });
}
