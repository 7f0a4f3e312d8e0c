// describeBlobService: the scenarios every BlobService backend must pass (after tvix
// blobservice/tests). Run against memory, JetStream, and client -> NATS -> server -> JetStream.
import assert from "node:assert/strict";
import { describe, test, before, after } from "node:test";
import { B3Digest, EMPTY_BLAKE3, isStoreError, readAll } from "@castore/core";
import { pseudoRandomBytes } from "@castore/core/testing";
import type { ChunkStore } from "./chunk-store.js";
import type { BlobService, ChunkMeta } from "./service.js";

export interface BlobFixture {
  readonly blobs: BlobService;
  /** The chunk store below `blobs`, for protocol-level scenarios. */
  readonly store: ChunkStore;
  /** Overwrites a stored chunk's bytes behind the service's back. */
  tamper(digest: B3Digest, bytes: Uint8Array): Promise<void>;
  /** The same for a blob's tree and index, and a blob as a store written before trees left it. */
  readonly hooks: {
    tamperTree(digest: B3Digest, level: number, page: number, bytes: Uint8Array): unknown;
    tamperIndex(digest: B3Digest, chunks: readonly ChunkMeta[], size?: bigint): unknown;
    dropTree(digest: B3Digest): unknown;
  };
}

/** Where a fixture registers its cleanups; they run after the suite, also if setup failed. */
export interface Scope {
  after(fn: () => unknown): void;
}

const KiB = 1024;
const SIZES = [
  0, 1, 1023, 1024, 1025,
  128 * KiB - 1, 128 * KiB, 128 * KiB + 1,
  256 * KiB - 1, 256 * KiB, 256 * KiB + 1,
  512 * KiB - 1, 512 * KiB, 512 * KiB + 1,
  1024 * KiB,
];

// Kept for the tests that import it from here.
export { readAll };

export function describeBlobService(name: string, make: (scope: Scope) => Promise<BlobFixture>, opts: { big?: number } = {}): void {
  describe(`BlobService conformance: ${name}`, () => {
    let f: BlobFixture;
    const cleanups: (() => unknown)[] = [];
    before(async () => {
      f = await make({ after: (fn) => void cleanups.push(fn) });
    });
    after(async () => {
      for (const fn of cleanups.reverse()) await fn();
    });

    test("missing names exactly the blobs the store lacks, in order, small and multi-chunk, with or without size hints", async () => {
      const small = pseudoRandomBytes(3000, 901);
      const big = pseudoRandomBytes(1300 * KiB, 902);
      const [s, b] = [await f.blobs.put(small), await f.blobs.put(big)];
      const absentSmall = B3Digest.of(pseudoRandomBytes(3000, 903));
      const absentBig = B3Digest.of(pseudoRandomBytes(1300 * KiB, 904));
      const asked = [absentBig, s.digest, EMPTY_BLAKE3, absentSmall, b.digest];
      const hex = (ds: B3Digest[]) => ds.map((d) => d.toHex());
      const expected = hex([absentBig, absentSmall]);
      assert.deepEqual(hex(await f.blobs.missing(asked)), expected);
      assert.deepEqual(hex(await f.blobs.missing(asked, { sizeHints: [1300 * KiB, 3000, 0, 3000, 1300 * KiB] })), expected);
      assert.deepEqual(await f.blobs.missing([]), []);
    });

    for (const size of SIZES) {
      test(`a blob of ${size} bytes reads back identical, with a consistent stat`, async () => {
        const data = pseudoRandomBytes(size, size + 11);
        const r = await f.blobs.put(data);
        assert.ok(r.digest.equals(B3Digest.of(data)));
        assert.equal(r.size, BigInt(size));
        const st = await f.blobs.stat(r.digest);
        assert.ok(st);
        assert.equal(st.size, BigInt(size));
        if (st.chunks.length > 0) {
          assert.ok(st.chunks.length >= 2);
          assert.equal(st.chunks.reduce((a, c) => a + c.size, 0), size);
        }
        assert.equal(r.chunks, size === 0 ? 0 : Math.max(1, st.chunks.length));
        assert.ok(await f.blobs.has(r.digest));
        assert.deepEqual(await readAll((await f.blobs.read(r.digest))!), Buffer.from(data));
      });
    }

    test(`a ${((opts.big ?? 100 << 20) / 2 ** 20).toFixed(0)} MiB blob streamed in pieces reads back identical`, async () => {
      const size = opts.big ?? 100 << 20;
      const data = pseudoRandomBytes(size, 99);
      async function* pieces() {
        for (let i = 0; i < size; i += 1 << 20) yield data.subarray(i, i + (1 << 20));
      }
      const r = await f.blobs.put(pieces());
      assert.ok(r.digest.equals(B3Digest.of(data)));
      assert.ok(r.chunks > size / (512 * KiB));
      const back = await readAll((await f.blobs.read(r.digest))!);
      assert.ok(back.equals(data));
    });

    test("random ranges read exactly the source bytes", async () => {
      const size = 3 * 1024 * KiB + 12345;
      const data = Buffer.from(pseudoRandomBytes(size, 5));
      const { digest } = await f.blobs.put(data);
      let x = 17;
      const rand = (n: number): number => ((x = (x * 1103515245 + 12345) >>> 0), x % n);
      const cases: [number, number | undefined][] = [[0, 0], [size, undefined], [size, 10], [size - 1, 1], [0, size], [0, undefined]];
      for (let i = 0; i < 25; i++) cases.push([rand(size), rand(700 * KiB)]);
      for (const [offset, length] of cases) {
        const got = await readAll((await f.blobs.read(digest, length === undefined ? { offset } : { offset, length }))!);
        const want = data.subarray(offset, length === undefined ? size : Math.min(size, offset + length));
        assert.ok(got.equals(want), `offset ${offset} length ${length}`);
      }
    });

    test("a read with a size hint gives the same verified bytes, whatever the hint", async () => {
      const small = pseudoRandomBytes(5000, 8);
      const big = pseudoRandomBytes(700 * KiB, 9);
      const ds = (await f.blobs.put(small)).digest;
      const db = (await f.blobs.put(big)).digest;
      assert.ok((await readAll((await f.blobs.read(ds, { sizeHint: small.length }))!)).equals(Buffer.from(small)));
      // A wrong hint falls back to the ordinary read.
      assert.ok((await readAll((await f.blobs.read(db, { sizeHint: 10 }))!)).equals(Buffer.from(big)));
      assert.equal(await f.blobs.read(B3Digest.of(Uint8Array.of(42, 42)), { sizeHint: 2 }), null);
    });

    test("a read past the end is an InvalidArgument", async () => {
      const { digest } = await f.blobs.put(Buffer.from("short"));
      await assert.rejects(f.blobs.read(digest, { offset: 6 }), (e) => isStoreError(e) && e.code === 400);
    });

    test("stat, has and read of an unknown digest are null, false and null", async () => {
      const unknown = B3Digest.of(Buffer.from("never stored"));
      assert.equal(await f.blobs.stat(unknown), null);
      assert.equal(await f.blobs.has(unknown), false);
      assert.equal(await f.blobs.read(unknown), null);
    });

    test("the empty blob always exists and reads as zero bytes", async () => {
      assert.ok(await f.blobs.has(EMPTY_BLAKE3));
      assert.equal((await f.blobs.stat(EMPTY_BLAKE3))?.size, 0n);
      assert.equal((await readAll((await f.blobs.read(EMPTY_BLAKE3))!)).length, 0);
    });

    test("each chunk of a blob is a blob of its own", async () => {
      const data = pseudoRandomBytes(2 * 1024 * KiB, 21);
      const { digest } = await f.blobs.put(data);
      const st = (await f.blobs.stat(digest))!;
      let off = 0;
      for (const c of st.chunks) {
        assert.ok(await f.blobs.has(c.digest));
        const bytes = await readAll((await f.blobs.read(c.digest))!);
        assert.ok(bytes.equals(data.subarray(off, off + c.size)));
        off += c.size;
      }
    });

    test("putting the same blob again sends no chunk", async () => {
      const data = pseudoRandomBytes(1536 * KiB, 31);
      const first = await f.blobs.put(data);
      const again = await f.blobs.put(data);
      assert.ok(again.digest.equals(first.digest));
      assert.equal(again.chunksUploaded, 0);
      assert.equal(again.bytesUploaded, 0);
      assert.equal(again.chunksSkipped, first.chunks);
    });

    test("a small blob goes to the store in one step, and again counts as skipped", async () => {
      const data = pseudoRandomBytes(3000, 33);
      const first = await f.blobs.put(data);
      assert.equal(first.chunksUploaded, 1);
      const again = await f.blobs.put(data);
      assert.ok(again.digest.equals(first.digest));
      assert.equal(again.chunksUploaded, 0);
      assert.equal(again.chunksSkipped, 1);
      assert.ok((await readAll((await f.blobs.read(first.digest))!)).equals(Buffer.from(data)));
    });

    test("re-putting a blob changed in one byte sends only a few chunks", async () => {
      const data = Buffer.from(pseudoRandomBytes(6 * 1024 * KiB, 41));
      await f.blobs.put(data);
      data[3 * 1024 * KiB] = data[3 * 1024 * KiB]! ^ 0xff;
      const r = await f.blobs.put(data);
      assert.ok(r.chunksUploaded <= 2, `uploaded ${r.chunksUploaded} chunks`);
      assert.ok(r.bytesUploaded <= 1024 * KiB);
    });

    test("the same blob put concurrently by several clients is stored once and reads back", async () => {
      const data = pseudoRandomBytes(2 * 1024 * KiB + 7, 51);
      const results = await Promise.all([1, 2, 3, 4].map(() => f.blobs.put(data)));
      for (const r of results) assert.ok(r.digest.equals(results[0]!.digest));
      assert.ok((await readAll((await f.blobs.read(results[0]!.digest))!)).equals(Buffer.from(data)));
    });

    test("a put whose content does not match the expected digest fails and stores no blob", async () => {
      const data = pseudoRandomBytes(1024 * KiB, 61);
      const claimed = B3Digest.of(Buffer.from("something else"));
      await assert.rejects(f.blobs.put(data, { expectedDigest: claimed }), (e) => isStoreError(e) && e.code === 400);
      assert.equal(await f.blobs.has(B3Digest.of(data)), false);
      assert.equal(await f.blobs.has(claimed), false);
    });

    test("a commit claiming a wrong digest is rejected and nothing becomes visible", async () => {
      const data = pseudoRandomBytes(1024 * KiB, 71);
      const { digest } = await f.blobs.put(data);
      const chunks = (await f.blobs.stat(digest))!.chunks;
      const claimed = B3Digest.of(Buffer.from("a lie"));
      await assert.rejects(f.store.commitBlob(claimed, chunks), (e) => isStoreError(e) && e.code === 400 && /digest mismatch/.test(e.message));
      assert.equal(await f.blobs.stat(claimed), null);
    });

    test("a commit naming a chunk the store lacks is rejected (a truncated upload leaves no blob)", async () => {
      const data = pseudoRandomBytes(1024 * KiB, 81);
      const { digest } = await f.blobs.put(data);
      const chunks = [...(await f.blobs.stat(digest))!.chunks];
      const extra = pseudoRandomBytes(200 * KiB, 82);
      chunks.push({ digest: B3Digest.of(extra), size: extra.length });
      const claimed = B3Digest.of(Buffer.concat([Buffer.from(data), Buffer.from(extra)]));
      await assert.rejects(f.store.commitBlob(claimed, chunks), (e) => isStoreError(e) && e.code === 400 && /not in the store/.test(e.message));
      assert.equal(await f.blobs.has(claimed), false);
    });

    test("a commit with a chunk below the minimum size (not last) is rejected", async () => {
      const a = pseudoRandomBytes(1000, 91);
      const b = pseudoRandomBytes(1000, 92);
      await f.store.putChunks([a, b]);
      const claimed = B3Digest.of(Buffer.concat([Buffer.from(a), Buffer.from(b)]));
      await assert.rejects(
        f.store.commitBlob(claimed, [{ digest: B3Digest.of(a), size: 1000 }, { digest: B3Digest.of(b), size: 1000 }]),
        (e) => isStoreError(e) && e.code === 400 && /at least 131072/.test(e.message),
      );
    });

    test("a chunk larger than 512 KiB is refused", async () => {
      await assert.rejects(f.store.putChunks([new Uint8Array(512 * KiB + 1)]), (e) => isStoreError(e) && (e.code === 400 || e.code === 413));
    });

    describe("verified ranges: no unverified byte is handed out", () => {
      const G = 16 * KiB;
      /** A fresh multi-chunk blob of `size` bytes (a distinct one per call). */
      let seed = 7000;
      const fresh = async (size = 1536 * KiB) => {
        const data = Buffer.from(pseudoRandomBytes(size, ++seed));
        const { digest } = await f.blobs.put(data);
        return { data, digest, chunks: (await f.blobs.stat(digest))!.chunks };
      };
      const read = async (digest: B3Digest, offset?: number, length?: number) => {
        const got: Buffer[] = [];
        const opts = { ...(offset === undefined ? {} : { offset }), ...(length === undefined ? {} : { length }) };
        try {
          for await (const p of (await f.blobs.read(digest, opts))!) got.push(Buffer.from(p));
          return { bytes: Buffer.concat(got), error: null };
        } catch (e) {
          return { bytes: Buffer.concat(got), error: e };
        }
      };

      test("every 16 KiB-aligned and unaligned range of a multi-chunk blob reads back exactly", async () => {
        const { data, digest, chunks } = await fresh();
        const boundary = chunks[0]!.size;
        const starts = [0, 1, G - 1, G, G + 1, 5 * G, boundary - 1, boundary, boundary + 1, data.length - G - 1, data.length - 1];
        const lengths = [1, 100, G - 1, G, G + 1, 3 * G + 5, 300 * KiB];
        for (const s of starts) {
          for (const n of lengths) {
            const r = await read(digest, s, n);
            assert.equal(r.error, null, `${s}+${n}: ${String(r.error)}`);
            assert.ok(r.bytes.equals(data.subarray(s, s + n)), `${s}+${n}`);
          }
        }
      });

      test("a blob stored before trees existed reads exactly and gets its tree", async () => {
        const { data, digest } = await fresh();
        await f.hooks.dropTree(digest);
        const part = await read(digest, 200_000, 50_000);
        assert.equal(part.error, null, String(part.error));
        assert.ok(part.bytes.equals(data.subarray(200_000, 250_000)));
        const whole = await read(digest);
        assert.ok(whole.bytes.equals(data));
      });

      type Blob = { digest: B3Digest; chunks: readonly ChunkMeta[]; data: Buffer };
      type Range = readonly [number | undefined, number | undefined];
      // Each tampering, and reads that touch what was tampered with (a full read touches all).
      const FULL: Range = [undefined, undefined];
      const tampered: [string, (b: Blob) => Promise<unknown>, (b: Blob) => Range[]][] = [
        ["a chunk", (b) => f.tamper(b.chunks[1]!.digest, Buffer.alloc(b.chunks[1]!.size, 0x41)), (b) => [FULL, [b.chunks[0]!.size - 10, 100], [b.chunks[0]!.size + 5, 1000]]],
        ["the index (two entries swapped)", async (b) => f.hooks.tamperIndex(b.digest, [b.chunks[1]!, b.chunks[0]!, ...b.chunks.slice(2)]), (b) => [FULL, [0, 1000], [1, 40 * KiB], [b.chunks[0]!.size - 10, 100]]],
        ["the index (a size changed)", async (b) => f.hooks.tamperIndex(b.digest, b.chunks, BigInt(b.data.length - 1)), () => [FULL, [0, 1000], [70_000, 10]]],
        ["the tree (a group's CV)", async (b) => f.hooks.tamperTree(b.digest, 0, 0, new Uint8Array(32).fill(0x42)), () => [FULL, [0, 1000], [1, 40 * KiB]]],
        // Node 1 of level 1: a sibling on the way up from the first groups (node 0 is recomputed
        // from them, never read). A full read trusts level 0 through the whole tree and reads no
        // upper node: it cannot be misled by one.
        ["the tree (an upper node a range uses)", async (b) => f.hooks.tamperTree(b.digest, 1, 0, Buffer.concat([Buffer.alloc(32), Buffer.alloc(32, 0x43)])), () => [[0, 1000], [20_000, 100]]],
      ];
      for (const [what, tamper, touching] of tampered) {
        test(`tampering with ${what} fails full and range reads with a verification error, and no wrong byte is handed out`, async () => {
          const b = await fresh();
          await tamper(b);
          for (const [offset, length] of touching(b)) {
            const r = await read(b.digest, offset, length);
            assert.ok(r.error !== null, `${what}, ${offset}+${length}: the read must fail`);
            assert.ok(isStoreError(r.error) && /verification failed|missing from the store|does not match/.test(r.error.message), String(r.error));
            const at = offset ?? 0;
            assert.ok(r.bytes.equals(b.data.subarray(at, at + r.bytes.length)), `${what}, ${offset}+${length}: every byte handed out was right`);
          }
        });
      }
    });

    test("a tampered chunk fails the read with a verification error and hands out no bad bytes", async () => {
      const data = Buffer.from(pseudoRandomBytes(1536 * KiB, 101));
      const { digest } = await f.blobs.put(data);
      const chunks = (await f.blobs.stat(digest))!.chunks;
      const victim = chunks[1]!;
      const evil = Buffer.alloc(victim.size, 0x41);
      await f.tamper(victim.digest, evil);
      const got: Buffer[] = [];
      await assert.rejects(
        (async () => {
          for await (const p of (await f.blobs.read(digest))!) got.push(Buffer.from(p));
        })(),
        (e) => isStoreError(e) && /verification failed/.test(e.message),
      );
      const handed = Buffer.concat(got);
      assert.ok(handed.length <= chunks[0]!.size, "nothing past the verified first chunk");
      assert.ok(handed.equals(data.subarray(0, handed.length)));
      assert.ok(!handed.includes(evil.subarray(0, 64)));
    });
  });
}
