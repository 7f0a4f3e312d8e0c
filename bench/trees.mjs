// Deterministic benchmark trees, so that runs (and machines) compare like with like.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/**
 * `files` small files (0..maxSize bytes), `perDir` per directory, in a two-level layout, plus
 * `big` files of `bigSize` bytes at the top. Returns the total bytes written.
 */
export function makeTree(root, { files = 20_000, perDir = 100, maxSize = 4096, big = 0, bigSize = 0, seed = 42 } = {}) {
  const rand = rng(seed);
  let total = 0;
  const pool = Buffer.alloc(maxSize + 64);
  for (let i = 0; i < pool.length; i++) pool[i] = Math.floor(rand() * 256);
  for (let i = 0; i < files; i++) {
    const d = Math.floor(i / perDir);
    const dir = join(root, `d${String(Math.floor(d / 20)).padStart(3, "0")}`, `s${String(d % 20).padStart(2, "0")}`);
    if (i % perDir === 0) mkdirSync(dir, { recursive: true });
    const size = Math.floor(rand() * (maxSize + 1));
    const off = Math.floor(rand() * 64);
    const buf = Buffer.from(pool.subarray(off, off + size));
    // Make every file distinct so no dedup flatters castore.
    if (size >= 4) buf.writeUInt32LE(i, 0);
    writeFileSync(join(dir, `f${i}`), buf, { mode: i % 17 === 0 ? 0o755 : 0o644 });
    total += size;
  }
  for (let i = 0; i < big; i++) {
    const buf = Buffer.alloc(bigSize);
    for (let j = 0; j < bigSize; j += 4) buf.writeUInt32LE((Math.floor(rand() * 2 ** 32) ^ j) >>> 0, j);
    writeFileSync(join(root, `big${i}`), buf);
    total += bigSize;
  }
  return total;
}
