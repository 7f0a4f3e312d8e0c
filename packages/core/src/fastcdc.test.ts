import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { test } from "node:test";
import { Code, isStoreError } from "./errors.js";
import { chunk, FASTCDC_DEFAULTS, FastCdc, GEAR_HEX, MASKS_HEX } from "./fastcdc.js";
import type { FastCdcOptions } from "./fastcdc.js";
import { pseudoRandomBytes } from "./fixtures.js";

// The crate's test file, copied into packages/core/testdata/fastcdc (see its README.md).
const SEKIEN = new URL("../testdata/fastcdc/SekienAkashita.jpg", import.meta.url);

// A direct BigInt port of the crate's v2020 `cut` (src/v2020/mod.rs), two bytes per step with
// the pre-shifted table, u64 wrapping: the oracle the fast chunker is compared with.
const M64 = (1n << 64n) - 1n;
const GEAR64 = GEAR_HEX.map((h) => BigInt("0x" + h));
const GEAR64_LS = GEAR64.map((g) => (g << 1n) & M64);

function crateCut(src: Uint8Array, min: number, avg: number, max: number): [bigint, number] {
  const bits = Math.round(Math.log2(avg));
  const maskS = BigInt("0x" + MASKS_HEX[bits + 1]!);
  const maskL = BigInt("0x" + MASKS_HEX[bits - 1]!);
  const maskSLs = (maskS << 1n) & M64;
  const maskLLs = (maskL << 1n) & M64;
  let remaining = src.length;
  if (remaining <= min) return [0n, remaining];
  let center = avg;
  if (remaining > max) remaining = max;
  else if (remaining < center) center = remaining;
  let index = Math.floor(min / 2);
  let hash = 0n;
  while (index < Math.floor(center / 2)) {
    const a = index * 2;
    hash = ((hash << 2n) + GEAR64_LS[src[a]!]!) & M64;
    if ((hash & maskSLs) === 0n) return [hash, a];
    hash = (hash + GEAR64[src[a + 1]!]!) & M64;
    if ((hash & maskS) === 0n) return [hash, a + 1];
    index++;
  }
  while (index < Math.floor(remaining / 2)) {
    const a = index * 2;
    hash = ((hash << 2n) + GEAR64_LS[src[a]!]!) & M64;
    if ((hash & maskLLs) === 0n) return [hash, a];
    hash = (hash + GEAR64[src[a + 1]!]!) & M64;
    if ((hash & maskL) === 0n) return [hash, a + 1];
    index++;
  }
  return [hash, remaining];
}

function crateChunks(data: Uint8Array, min: number, avg: number, max: number): [bigint, number][] {
  const out: [bigint, number][] = [];
  for (let start = 0; start < data.length; ) {
    const [hash, n] = crateCut(data.subarray(start), min, avg, max);
    out.push([hash, n]);
    start += n;
  }
  return out;
}

/** Chunk lengths via the stateless cut(). */
function cutLengths(data: Uint8Array, opts?: FastCdcOptions): number[] {
  const cdc = new FastCdc(opts);
  const out: number[] = [];
  for (let start = 0; start < data.length; ) {
    const end = cdc.cut(data, start);
    out.push(end - start);
    start = end;
  }
  return out;
}

/** Chunks via push()/finish(), the input cut into pieces of the given sizes (cycled). */
function pushChunks(data: Uint8Array, sizes: readonly number[], opts?: FastCdcOptions): Uint8Array[] {
  const cdc = new FastCdc(opts);
  const out: Uint8Array[] = [];
  for (let off = 0, k = 0; off < data.length; k++) {
    const n = sizes[k % sizes.length]!;
    out.push(...cdc.push(data.subarray(off, off + n)));
    off += n;
  }
  out.push(...cdc.finish());
  return out;
}

async function collect(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts?: FastCdcOptions,
): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of chunk(source, opts)) out.push(c);
  return out;
}

async function* pieces(data: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  for (let off = 0, k = 0; off < data.length; k++) {
    const n = sizes[k % sizes.length]!;
    // A fresh copy per piece, as a stream would hand over.
    yield data.slice(off, off + n);
    off += n;
  }
}

function randomSizes(count: number, maxSize: number, seed: number): number[] {
  const r = pseudoRandomBytes(count * 4, seed);
  const v = new Uint32Array(r.buffer, 0, count);
  return Array.from(v, (x) => 1 + (x % maxSize));
}

const lengths = (chunks: readonly Uint8Array[]): number[] => chunks.map((c) => c.length);
const concat = (chunks: readonly Uint8Array[]): Buffer => Buffer.concat(chunks);
const isInvalid = (e: unknown): boolean => isStoreError(e) && e.code === Code.InvalidArgument;

test("the gear table is the crate's: MD5 of 64 copies of each byte value, first 8 bytes", () => {
  assert.equal(GEAR_HEX.length, 256);
  for (let i = 0; i < 256; i++) {
    const md5 = createHash("md5").update(Buffer.alloc(64, i)).digest("hex");
    assert.equal(GEAR_HEX[i], md5.slice(0, 16), `GEAR[${i}]`);
  }
});

test("the BigInt port of the crate reproduces the hashes and lengths the crate asserts", () => {
  const data = readFileSync(SEKIEN);
  // src/v2020/mod.rs test_cut_sekien_16k_chunks and test_cut_sekien_32k_chunks.
  assert.deepEqual(crateChunks(data, 4096, 16384, 65535), [
    [17968276318003433923n, 21325],
    [8197189939299398838n, 17140],
    [13019990849178155730n, 28084],
    [4509236223063678303n, 18217],
    [2504464741100432583n, 24700],
  ]);
  assert.deepEqual(crateChunks(data, 8192, 32768, 131072), [
    [15733367461443853673n, 66549],
    [6321136627705800457n, 42917],
  ]);
  // test_cut_all_zeros.
  assert.deepEqual(crateCut(new Uint8Array(10240), 64, 256, 1024), [14169102344523991076n, 1024]);
});

test("SekienAkashita.jpg is cut as the crate cuts it at 4096/16384/65535", () => {
  const data = readFileSync(SEKIEN);
  assert.equal(data.length, 109466);
  const opts = { minSize: 4096, avgSize: 16384, maxSize: 65535 };
  assert.deepEqual(cutLengths(data, opts), [21325, 17140, 28084, 18217, 24700]);
});

test("SekienAkashita.jpg is cut as the crate cuts it at 8192/32768/131072", () => {
  const data = readFileSync(SEKIEN);
  assert.deepEqual(cutLengths(data, { minSize: 8192, avgSize: 32768, maxSize: 131072 }), [66549, 42917]);
});

test("SekienAkashita.jpg is one chunk at 16384/65536/262144", () => {
  const data = readFileSync(SEKIEN);
  assert.deepEqual(cutLengths(data, { minSize: 16384, avgSize: 65536, maxSize: 262144 }), [109466]);
});

test("a file stream of SekienAkashita.jpg in small reads is cut as the crate cuts it", async () => {
  const stream = createReadStream(SEKIEN, { highWaterMark: 1000 });
  const chunks = await collect(stream, { minSize: 4096, avgSize: 16384, maxSize: 65535 });
  assert.deepEqual(lengths(chunks), [21325, 17140, 28084, 18217, 24700]);
  assert.deepEqual(concat(chunks), readFileSync(SEKIEN));
});

test("all-zero input is cut at maxSize, as in the crate", () => {
  const opts = { minSize: 64, avgSize: 256, maxSize: 1024 };
  assert.deepEqual(cutLengths(new Uint8Array(10240), opts), Array(10).fill(1024));
});

test("cut points equal the crate port's on random inputs, including odd sizes and odd lengths", () => {
  const params: [number, number, number][] = [
    [64, 256, 1024],
    [65, 300, 1025],
    [100, 1000, 4001],
    [1000, 4000, 9999],
  ];
  for (const [min, avg, max] of params) {
    // Every length up to 3000: the crate skips the last byte of an odd-length tail, which only
    // matters when that byte would match, a rare event.
    for (let len = 0; len < 12000; len += len < 3000 ? 1 : 1 + (len % 97)) {
      const data = pseudoRandomBytes(len, len + min);
      const expected = crateChunks(data, min, avg, max).map(([, n]) => n);
      const opts = { minSize: min, avgSize: avg, maxSize: max };
      assert.deepEqual(cutLengths(data, opts), expected, `${min}/${avg}/${max} len ${len}`);
    }
  }
});

test("push/finish cut where the crate does whatever the piece sizes, down to single bytes", () => {
  const opts = { minSize: 65, avgSize: 300, maxSize: 1025 };
  for (let len = 0; len < 6000; len += 1 + (len % 31)) {
    const data = pseudoRandomBytes(len, len);
    const expected = crateChunks(data, 65, 300, 1025).map(([, n]) => n);
    for (const sizes of [[1], [2], [3, 1], [64, 1], randomSizes(64, 700, len + 1)]) {
      const chunks = pushChunks(data, sizes, opts);
      assert.deepEqual(lengths(chunks), expected, `len ${len}, pieces ${sizes.slice(0, 3).join(",")}...`);
      assert.deepEqual(concat(chunks), Buffer.from(data));
    }
  }
});

test("chunking with the defaults does not depend on how the input is split", async () => {
  const data = pseudoRandomBytes(6 << 20, 42);
  const expected = cutLengths(data);
  assert.ok(expected.length > 10, `only ${expected.length} chunks`);
  assert.deepEqual(lengths(pushChunks(data, [1])), expected, "1-byte pieces");
  for (const sizes of [[4096], [1 << 20], randomSizes(1000, 200_000, 9), [7 << 20]]) {
    const chunks = await collect(pieces(data, sizes));
    assert.deepEqual(lengths(chunks), expected, `pieces ${sizes[0]}...`);
    assert.deepEqual(concat(chunks), Buffer.from(data));
  }
  assert.deepEqual(lengths(await collect(Readable.from([Buffer.from(data)]))), expected, "a Node Readable");
});

test("every chunk but the last is within [minSize, maxSize] and the last within (0, maxSize]", () => {
  const data = pseudoRandomBytes((8 << 20) + 12345, 5);
  const { minSize, maxSize } = FASTCDC_DEFAULTS;
  const ls = cutLengths(data);
  for (const n of ls.slice(0, -1)) assert.ok(n >= minSize && n <= maxSize, `chunk of ${n}`);
  const last = ls.at(-1)!;
  assert.ok(last > 0 && last <= maxSize);
  assert.equal(ls.reduce((a, b) => a + b, 0), data.length);
});

test("the chunks concatenate to the input", async () => {
  const data = pseudoRandomBytes((3 << 20) + 7, 11);
  assert.deepEqual(concat(await collect(pieces(data, [65536]))), Buffer.from(data));
});

test("empty input yields no chunks", async () => {
  assert.deepEqual(await collect([]), []);
  assert.deepEqual(await collect([new Uint8Array(0), new Uint8Array(0)]), []);
  assert.equal(new FastCdc().cut(new Uint8Array(0)), 0);
});

test("input no longer than minSize is a single chunk", async () => {
  for (const len of [1, 1000, FASTCDC_DEFAULTS.minSize]) {
    const data = pseudoRandomBytes(len, len);
    const chunks = await collect(pieces(data, [333]));
    assert.equal(chunks.length, 1);
    assert.deepEqual(Buffer.from(chunks[0]!), Buffer.from(data));
  }
});

test("inserting a byte near the start of 50 MiB changes only a few chunks", () => {
  const original = pseudoRandomBytes(50 << 20, 3);
  const edited = new Uint8Array(original.length + 1);
  edited.set(original.subarray(0, 1000));
  edited[1000] = 0x5a;
  edited.set(original.subarray(1000), 1001);
  const digests = (data: Uint8Array): string[] => {
    const out: string[] = [];
    const cdc = new FastCdc();
    for (let s = 0; s < data.length; ) {
      const e = cdc.cut(data, s);
      out.push(createHash("sha256").update(data.subarray(s, e)).digest("hex"));
      s = e;
    }
    return out;
  };
  const before = new Set(digests(original));
  const after = digests(edited);
  assert.ok(after.length > 100);
  const changed = after.filter((d) => !before.has(d)).length;
  assert.ok(changed >= 1 && changed <= 3, `${changed} of ${after.length} chunks changed`);
});

test("sizes outside the crate's bounds or out of order are rejected as invalid arguments", () => {
  const bad: FastCdcOptions[] = [
    { minSize: 63, avgSize: 256, maxSize: 1024 },
    { minSize: 1_048_577, avgSize: 4_194_304, maxSize: 16_777_216 },
    { minSize: 64, avgSize: 255, maxSize: 1024 },
    { minSize: 64, avgSize: 4_194_305, maxSize: 16_777_216 },
    { minSize: 64, avgSize: 256, maxSize: 1023 },
    { minSize: 64, avgSize: 256, maxSize: 16_777_217 },
    { minSize: 64.5, avgSize: 256, maxSize: 1024 },
    { minSize: 4096, avgSize: 2048, maxSize: 8192 },
    { minSize: 64, avgSize: 4096, maxSize: 2048 },
  ];
  for (const opts of bad) assert.throws(() => new FastCdc(opts), isInvalid, JSON.stringify(opts));
  assert.doesNotThrow(() => new FastCdc({ minSize: 64, avgSize: 256, maxSize: 1024 }));
  assert.doesNotThrow(() => new FastCdc({ minSize: 1_048_576, avgSize: 4_194_304, maxSize: 16_777_216 }));
});

test("a range outside the buffer given to cut() is rejected as an invalid argument", () => {
  const cdc = new FastCdc();
  assert.throws(() => cdc.cut(new Uint8Array(10), 5, 11), isInvalid);
  assert.throws(() => cdc.cut(new Uint8Array(10), 6, 5), isInvalid);
});

test("a source yielding strings is rejected as an invalid argument", async () => {
  await assert.rejects(collect(["text" as unknown as Uint8Array]), isInvalid);
});

test("chunks handed out by push stay intact while later pieces are pushed", () => {
  const data = pseudoRandomBytes(6 << 20, 77);
  const cdc = new FastCdc();
  const kept: { chunk: Uint8Array; copy: Buffer }[] = [];
  for (let i = 0; i < data.length; i += 100_000) {
    for (const c of cdc.push(data.subarray(i, i + 100_000))) kept.push({ chunk: c, copy: Buffer.from(c) });
  }
  for (const c of cdc.finish()) kept.push({ chunk: c, copy: Buffer.from(c) });
  assert.ok(kept.length > 5);
  for (const k of kept) assert.ok(Buffer.from(k.chunk).equals(k.copy), "a chunk changed after it was returned");
  assert.ok(Buffer.concat(kept.map((k) => k.copy)).equals(Buffer.from(data)));
});

test("the native gear loop is in use where the addon is built, and the JS loop (CASTORE_FASTCDC=js) cuts identically", async () => {
  const { fastcdcBackend } = await import("./fastcdc.js");
  const { native } = await import("@castore/blake3-tree");
  assert.equal(fastcdcBackend, native ? "native" : "js");
  // The same data cut in a child process that uses the JS loop: identical cut points.
  const { spawnSync } = await import("node:child_process");
  const data = pseudoRandomBytes(6_000_000, 99);
  const opts = [FASTCDC_DEFAULTS, { minSize: 4096, avgSize: 16384, maxSize: 65535 }, { minSize: 64, avgSize: 256, maxSize: 1024 }];
  for (const o of opts) {
    const here = cutLengths(data, o);
    const script = `import { FastCdc, fastcdcBackend } from ${JSON.stringify(new URL("./fastcdc.js", import.meta.url).href)};
      import { pseudoRandomBytes } from ${JSON.stringify(new URL("./fixtures.js", import.meta.url).href)};
      const data = pseudoRandomBytes(6_000_000, 99);
      const cdc = new FastCdc(${JSON.stringify(o)});
      const cuts = [];
      for (let start = 0; start < data.length; ) { const end = cdc.cut(data, start); cuts.push(end - start); start = end; }
      process.stdout.write(JSON.stringify({ backend: fastcdcBackend, cuts }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, CASTORE_FASTCDC: "js" }, maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, r.stderr.toString());
    const js = JSON.parse(r.stdout.toString()) as { backend: string; cuts: number[] };
    assert.equal(js.backend, "js");
    assert.deepEqual(here, js.cuts, `cut points of ${JSON.stringify(o)}`);
  }
});
