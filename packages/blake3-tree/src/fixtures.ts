// Test helpers: reproducible pseudo-random bytes and sizes, and b3sum as the outside oracle.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");

/** A small seeded generator (xorshift32), so a failing size or input can be reproduced. */
export function prng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

/** `size` pseudo-random bytes from `seed`. */
export function randomBytes(size: number, seed: number): Uint8Array {
  const next = prng(seed);
  const words = new Uint32Array(Math.ceil(size / 4));
  for (let i = 0; i < words.length; i++) words[i] = next();
  return new Uint8Array(words.buffer, 0, size);
}

/** A uniformly distributed integer in [lo, hi] from `next`. */
export const between = (next: () => number, lo: number, hi: number): number => lo + Math.floor((next() / 2 ** 32) * (hi - lo + 1));

/** The BLAKE3 digest b3sum prints for `data`: `b3sum --no-names FILE` on a temporary file. */
export function b3sum(data: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "castore-b3t-"));
  try {
    const file = join(dir, "data");
    writeFileSync(file, data);
    return execFileSync("b3sum", ["--no-names", file], { encoding: "utf8" }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
};
