// BlobService over any ChunkStore: the one place where blobs are chunked (FastCDC), deduplicated
// (only chunks the store lacks are sent), committed, and read back with verification. Used
// by the memory and JetStream backends and by the NATS client alike, so all behave the same.
import { Readable } from "node:stream";
import {
  B3Digest,
  Code,
  EMPTY_BLAKE3,
  FastCdc,
  StoreError,
  blake3,
  blake3Matches,
  createBlake3,
  invalid,
  isStoreError,
} from "@castore/core";
import { Batcher, cacheLookup, mapConcurrent, mapOrdered } from "@castore/service-kit";
import { GROUP_SIZE, TreeHasher } from "@castore/blake3-tree";
import { checkGroups, trustedGroupCVs } from "./tree.js";
import { MAX_CHUNK_SIZE, MIN_CHUNK_SIZE, type ChunkStore, type PutChunkResult, type PutSession } from "./chunk-store.js";
import type { BlobService, BlobStat, ChunkMeta, MissingOptions, PutOptions, PutResult, ReadOptions } from "./service.js";

export interface ChunkedOptions {
  /** Chunks fetched ahead of the reader (bounds read memory to this × 512 KiB). */
  readonly readWindow?: number;
  /** Upload batches in flight (each up to `batchChunks` chunks). */
  readonly putWindow?: number;
  /** Chunks per missing-check + upload batch. */
  readonly batchChunks?: number;
}

export class ChunkedBlobService implements BlobService {
  readonly #store: ChunkStore;
  readonly #readWindow: number;
  readonly #putWindow: number;
  readonly #batchChunks: number;

  /**
   * Presence queries for small blobs made in the same turn (an import asks once per file) go to
   * the store together: one call, whose lookups then leave in one socket write instead of one each.
   */
  readonly #smallMissing: Batcher<{ digest: B3Digest; size: number }, boolean>;
  readonly #stats = new Map<string, { st: BlobStat; until: number }>();
  #statChunks = 0;
  readonly #pages = new Map<string, Promise<Uint8Array>>();

  constructor(store: ChunkStore, opts: ChunkedOptions = {}) {
    this.#store = store;
    this.#smallMissing = new Batcher(
      async (qs) => {
        const missing = new Set((await store.missingChunks(qs.map((q) => q.digest), qs.map((q) => q.size))).map((d) => d.toHex()));
        return qs.map((q) => missing.has(q.digest.toHex()));
      },
      { maxItems: 4096 },
    );
    this.#readWindow = opts.readWindow ?? 16;
    this.#putWindow = opts.putWindow ?? 4;
    this.#batchChunks = opts.batchChunks ?? 16;
  }

  get store(): ChunkStore {
    return this.#store;
  }

  async putPack(dir: B3Digest, part: number, pack: Uint8Array): Promise<void> {
    if (!this.#store.putPack) return; // a store without packs: readers read blobs on their own
    await this.#store.putPack(`${dir.toHex()}.${part}`, part, pack);
  }

  async getPack(dir: B3Digest, part: number): Promise<Uint8Array | null> {
    return this.#store.getPack ? this.#store.getPack(`${dir.toHex()}.${part}`) : null;
  }

  async has(digest: B3Digest): Promise<boolean> {
    return (await this.stat(digest)) !== null;
  }

  async missing(digests: readonly B3Digest[], opts: MissingOptions = {}): Promise<B3Digest[]> {
    // A blob known to be smaller than the minimum chunk is one chunk under its own digest: the
    // chunk store answers for many of those at once. Others may be multi-chunk: stat each.
    const small: number[] = [];
    const other: number[] = [];
    digests.forEach((d, i) => {
      if (d.equals(EMPTY_BLAKE3)) return;
      const h = opts.sizeHints?.[i];
      if (h !== undefined && BigInt(h) > 0n && BigInt(h) < BigInt(MIN_CHUNK_SIZE)) small.push(i);
      else other.push(i);
    });
    const lacking = new Set<number>();
    const [smallFlags] = await Promise.all([
      small.length === 0 ? Promise.resolve([] as boolean[]) : this.#smallMissing.add(small.map((i) => ({ digest: digests[i]!, size: Number(opts.sizeHints![i]) }))),
      mapConcurrent(other, 64, async (i) => {
        if ((await this.#store.statBlob(digests[i]!)) === null) lacking.add(i);
      }),
    ]);
    small.forEach((i, k) => {
      if (smallFlags[k]) lacking.add(i);
    });
    return digests.filter((_, i) => lacking.has(i));
  }

  async stat(digest: B3Digest): Promise<BlobStat | null> {
    if (digest.equals(EMPTY_BLAKE3)) return { digest, size: 0n, chunks: [] };
    const s = await this.#store.statBlob(digest);
    return s && { digest, size: s.size, chunks: s.chunks };
  }

  /**
   * stat for reads: a multi-chunk blob's index is immutable (content-addressed), so repeated range
   * reads of one blob (a mount, a binary cache serving ranges) keep it for a minute instead of
   * fetching and decoding thousands of entries each time. Verification never relies on it.
   */
  async #statForRead(digest: B3Digest): Promise<BlobStat | null> {
    const key = digest.toHex();
    const hit = this.#stats.get(key);
    const fresh = hit !== undefined && hit.until > Date.now();
    cacheLookup("blob_stat", fresh);
    if (fresh) return hit.st;
    const st = await this.stat(digest);
    if (st !== null && st.chunks.length > 0) {
      this.#stats.delete(key);
      this.#stats.set(key, { st, until: Date.now() + 60_000 });
      this.#statChunks += st.chunks.length;
      for (const [k, v] of this.#stats) {
        if (this.#statChunks <= 200_000 && this.#stats.size <= 256) break;
        this.#stats.delete(k);
        this.#statChunks -= v.st.chunks.length;
      }
    }
    return st;
  }

  async read(digest: B3Digest, opts: ReadOptions = {}): Promise<Readable | null> {
    const hint = opts.sizeHint === undefined ? undefined : BigInt(opts.sizeHint);
    if (hint !== undefined && hint > 0n && hint < BigInt(MIN_CHUNK_SIZE) && opts.offset === undefined && opts.length === undefined) {
      const data = await this.#store.getChunk(digest);
      if (data !== null) {
        if (!blake3Matches(data, digest.bytes)) {
          await this.#recheck(digest);
          throw new StoreError(Code.Internal, `verification failed: blob ${digest} does not match its digest (${data.length} bytes); removed from the store, put it again to repair it`);
        }
        return Readable.from([data], { objectMode: false });
      }
      // Not a chunk (a wrong hint, or missing): the ordinary way tells which.
    }
    const st = await this.#statForRead(digest);
    if (st === null) return null;
    const offset = BigInt(opts.offset ?? 0);
    if (offset < 0n || offset > st.size) {
      throw invalid(`offset ${offset} is outside blob ${digest} of ${st.size} bytes`);
    }
    if (opts.length !== undefined && BigInt(opts.length) < 0n) throw invalid(`negative length ${opts.length}`);
    const end = opts.length === undefined ? st.size : min(st.size, offset + BigInt(opts.length));
    const chunks: readonly ChunkMeta[] =
      st.size === 0n ? [] : st.chunks.length > 0 ? st.chunks : [{ digest, size: Number(st.size) }];
    // One chunk is verified whole by its digest (the blob's); more are verified group by group
    // through the blob's tree, before any of their bytes are handed out.
    const body = st.chunks.length > 0 && end > offset ? this.#readVerified(st, offset, end) : this.#readRange(st, chunks, offset, end);
    return Readable.from(body, { objectMode: false });
  }

  /** A range of a multi-chunk blob, every 16 KiB group checked against the trusted tree first. */
  async *#readVerified(st: BlobStat, offset: bigint, end: bigint): AsyncGenerator<Uint8Array> {
    const listed = st.chunks.reduce((a, c) => a + BigInt(c.size), 0n);
    if (listed !== st.size) {
      throw new StoreError(Code.Internal, `verification failed: blob ${st.digest}: its index says ${st.size} bytes, its chunks add up to ${listed}`);
    }
    const G = BigInt(GROUP_SIZE);
    const g0 = Number(offset / G);
    const g1 = Number((end + G - 1n) / G);
    // The bytes of whole groups: from the first group's start to the last group's end; their
    // chunks are fetched while the tree is checked (nothing is handed out before both are done).
    const spanStart = BigInt(g0) * G;
    const spanEnd = min(BigInt(g1) * G, st.size);
    let i = 0;
    let chunkStart = 0n;
    while (i < st.chunks.length && chunkStart + BigInt(st.chunks[i]!.size) <= spanStart) chunkStart += BigInt(st.chunks[i++]!.size);
    let j = i;
    for (let at = chunkStart; j < st.chunks.length && at < spanEnd; j++) at += BigInt(st.chunks[j]!.size);
    const fetched = mapOrdered(st.chunks.slice(i, j), this.#readWindow, (c) => this.#fetchVerified(st.digest, c))[Symbol.asyncIterator]();
    const firstChunk = fetched.next();
    firstChunk.catch(() => {});
    let trusted: Uint8Array;
    try {
      trusted = await trustedGroupCVs(st.digest, st.size, g0, g1, (level, first, count) => this.#treePages(st.digest, level, first, count));
    } catch (e) {
      void fetched.return?.();
      if (e !== NO_TREES) throw e;
      // A service older than trees: the chunk digests and, for a full read, the blob digest (its
      // last bytes held back until it matches) are what can be checked.
      yield* this.#readRange(st, st.chunks, offset, end);
      return;
    }
    let pos = chunkStart; // blob offset of the next chunk's first byte
    // Bytes of group `group` not yet checked: less than a group, the tail of the last chunk. A
    // chunk's whole groups are checked and handed out in place; only a group straddling two
    // chunks is copied (at most 16 KiB, not the whole next chunk).
    let carry: Uint8Array | null = null;
    let group = g0;
    /** Checks `ready` (whole groups from `group` on, or the range's last bytes) and gives its part in the range. */
    const verified = (ready: Uint8Array): Uint8Array | null => {
      checkGroups(st.digest, ready, group, trusted, g0);
      const readyStart = BigInt(group) * G;
      group += Math.ceil(ready.length / GROUP_SIZE);
      const from = offset > readyStart ? Number(offset - readyStart) : 0;
      const to = Math.min(ready.length, Number(end - readyStart));
      return to > from ? ready.subarray(from, to) : null;
    };
    for (let r = await firstChunk; !r.done; r = await fetched.next()) {
      const data = r.value;
      let piece = data;
      const at = pos;
      pos += BigInt(data.length);
      if (at < spanStart) piece = piece.subarray(Number(spanStart - at));
      if (pos > spanEnd) piece = piece.subarray(0, piece.length - Number(pos - spanEnd));
      const last = pos >= spanEnd;
      if (carry !== null) {
        const need = GROUP_SIZE - carry.length;
        if (piece.length < need && !last) {
          carry = Buffer.concat([carry, piece]);
          continue;
        }
        const take = Math.min(need, piece.length);
        const head = Buffer.concat([carry, piece.subarray(0, take)]);
        carry = null;
        piece = piece.subarray(take);
        const out = verified(head);
        if (out !== null) yield out;
      }
      const whole = last ? piece.length : piece.length - (piece.length % GROUP_SIZE);
      if (whole > 0) {
        const out = verified(piece.subarray(0, whole));
        if (out !== null) yield out;
      }
      if (whole < piece.length) carry = piece.subarray(whole);
      if (last) break;
    }
  }

  /** Tree pages, built by the store first if the blob has none yet; NO_TREES if the store cannot give any. */
  async #treePages(digest: B3Digest, level: number, first: number, count: number): Promise<Uint8Array> {
    // Single pages (the siblings of range reads) repeat across reads of one blob: kept, bounded.
    if (count === 1) {
      const key = `${digest.toHex()}.${level}.${first}`;
      const hit = this.#pages.get(key);
      if (hit) return hit;
      const p = this.#treePagesUncached(digest, level, first, 1);
      this.#pages.set(key, p);
      p.catch(() => this.#pages.delete(key));
      if (this.#pages.size > 2048) this.#pages.delete(this.#pages.keys().next().value!);
      return p;
    }
    return this.#treePagesUncached(digest, level, first, count);
  }

  async #treePagesUncached(digest: B3Digest, level: number, first: number, count: number): Promise<Uint8Array> {
    let pages = await this.#store.treePages(digest, level, first, count);
    if (pages === "unsupported") throw NO_TREES;
    if (pages === null && (await this.#store.buildTree(digest))) pages = await this.#store.treePages(digest, level, first, count);
    if (pages === null || pages === "unsupported") {
      throw new StoreError(Code.Internal, `verification failed: blob ${digest} has no tree page ${first} at level ${level}`);
    }
    return pages;
  }

  async *#readRange(
    st: BlobStat,
    chunks: readonly ChunkMeta[],
    offset: bigint,
    end: bigint,
  ): AsyncGenerator<Uint8Array> {
    const full = offset === 0n && end === st.size;
    // Locate the first chunk of the range.
    let i = 0;
    let chunkStart = 0n;
    while (i < chunks.length && chunkStart + BigInt(chunks[i]!.size) <= offset) {
      chunkStart += BigInt(chunks[i]!.size);
      i++;
    }
    // ... and the chunks up to the end of the range: only those are fetched.
    let j = i;
    for (let at = chunkStart; j < chunks.length && at < end; j++) at += BigInt(chunks[j]!.size);
    const whole = full ? createBlake3() : null;
    let held: Uint8Array | null = null; // a full read holds back the last bytes until verified
    let pos = chunkStart;
    // Chunks are fetched a window ahead of the reader, each verified on arrival.
    for await (const data of mapOrdered(chunks.slice(i, j), this.#readWindow, (c) => this.#fetchVerified(st.digest, c))) {
      const from = offset > pos ? Number(offset - pos) : 0;
      const to = Math.min(data.length, Number(end - pos));
      pos += BigInt(data.length);
      if (whole) {
        whole.update(data);
        if (held) yield held;
        held = data;
      } else {
        yield data.subarray(from, to);
      }
      if (pos >= end) break;
    }
    if (whole) {
      if (!B3Digest.fromBytes(whole.digest()).equals(st.digest)) {
        throw new StoreError(Code.Internal, `verification failed: blob ${st.digest} content does not match its digest`);
      }
      if (held) yield held;
    }
  }

  async #fetchVerified(blob: B3Digest, c: ChunkMeta): Promise<Uint8Array> {
    const data = await this.#store.getChunk(c.digest, c.seq);
    if (data === null) {
      await this.#recheck(c.digest);
      throw new StoreError(Code.Internal, `chunk ${c.digest} of blob ${blob} is missing from the store; put the blob again to repair it`);
    }
    if (data.length !== c.size || !blake3Matches(data, c.digest.bytes)) {
      await this.#recheck(c.digest);
      throw new StoreError(
        Code.Internal,
        `verification failed: chunk ${c.digest} of blob ${blob} does not match its digest (${data.length} bytes); ` +
          "removed from the store, put the blob again to repair it",
      );
    }
    return data;
  }

  /**
   * After a bad read: lets the store check the chunk itself and drop what claims it is present,
   * so the next put of the blob sends it again. Best effort — the read fails either way.
   */
  async #recheck(digest: B3Digest): Promise<void> {
    await this.#store.recheckChunk(digest).catch(() => {});
  }

  async put(source: AsyncIterable<Uint8Array> | Uint8Array, opts: PutOptions = {}): Promise<PutResult> {
    const cdc = new FastCdc();
    const whole = createBlake3();
    const chunks: ChunkMeta[] = [];
    let size = 0n;
    let bytesUploaded = 0;
    let chunksUploaded = 0;
    let chunksSkipped = 0;
    let batch: { digest: B3Digest; data: Uint8Array }[] = [];
    let batchFirst = 0; // index in `chunks` of the batch's first chunk
    const inflight = new Set<Promise<void>>();
    let failed: unknown = null;
    // A put session (a service that has them): the replica hashes the blob as batches arrive, so
    // the commit reads nothing back. Any failure of it falls back to the plain way for the rest.
    let session: Promise<PutSession | null> | null = null;
    let sessionDead = false;

    // `direct`: send without asking first. For one small chunk, asking costs a round trip more
    // than sending, and the store reports whether it already had it.
    const upload = async (b: { digest: B3Digest; data: Uint8Array }[], direct: boolean, first: number, metas: readonly ChunkMeta[]): Promise<void> => {
      let send = b;
      if (!direct) {
        const missing = new Set(
          (await this.#store.missingChunks(b.map((c) => c.digest), b.map((c) => c.data.length))).map((d) => d.toHex()),
        );
        send = b.filter((c) => missing.delete(c.digest.toHex()));
        chunksSkipped += b.length - send.length;
      }
      let results: PutChunkResult[] | null = null;
      const sess = session && !sessionDead ? await session : null;
      if (sess && !sessionDead) {
        // Every chunk of the batch, in order: the bytes of those the store lacks, the rest by digest.
        const bytes = new Map(send.map((c) => [c.digest.toHex(), c.data]));
        const items = metas.map((m) => {
          const d = bytes.get(m.digest.toHex());
          if (d === undefined) return { meta: m };
          bytes.delete(m.digest.toHex());
          return { data: d };
        });
        try {
          results = await sess.put(first, items);
        } catch {
          sessionDead = true;
        }
      }
      if (send.length === 0) return;
      results ??= await this.#store.putChunks(send.map((c) => c.data));
      results.forEach((r, k) => {
        if (!r.digest.equals(send[k]!.digest)) {
          throw new StoreError(Code.Internal, `store computed digest ${r.digest} for chunk ${send[k]!.digest}`);
        }
        bytesUploaded += send[k]!.data.length;
        if (r.existed) chunksSkipped++;
        else chunksUploaded++;
      });
    };

    const flush = async (last = false): Promise<void> => {
      if (batch.length === 0) return;
      const b = batch;
      const first = batchFirst;
      const metas = chunks.slice(first);
      batch = [];
      batchFirst = chunks.length;
      const direct = last && chunks.length === 1 && b[0]!.data.length <= SMALL_BLOB_SIZE;
      if (!(last && chunks.length === 1) && this.#store.openSession && session === null) {
        session = this.#store.openSession().catch(() => null);
      }
      const p = upload(b, direct, first, metas).then(
        () => void inflight.delete(p),
        (e: unknown) => {
          inflight.delete(p);
          failed ??= e;
        },
      );
      inflight.add(p);
      while (inflight.size >= this.#putWindow) await Promise.race(inflight);
      if (failed) throw failed;
    };

    const onChunk = async (data: Uint8Array): Promise<void> => {
      const digest = B3Digest.fromBytes(blake3(data));
      chunks.push({ digest, size: data.length });
      // The same chunk twice in one batch is sent once.
      if (!batch.some((c) => c.digest.equals(digest))) batch.push({ digest, data });
      if (batch.length >= this.#batchChunks) await flush();
    };

    if (source instanceof Uint8Array) {
      // Bytes already in memory: cut them in place (views, no carry buffer).
      whole.update(source);
      size = BigInt(source.length);
      for (let off = 0; off < source.length; ) {
        const end = cdc.cut(source, off, source.length);
        await onChunk(source.subarray(off, end));
        off = end;
      }
    } else {
      for await (const piece of source) {
        const u8 = piece instanceof Uint8Array ? piece : Buffer.from(piece as string);
        whole.update(u8);
        size += BigInt(u8.length);
        for (const c of cdc.push(u8)) await onChunk(c);
      }
      for (const c of cdc.finish()) await onChunk(c);
    }
    await flush(true);
    await Promise.all(inflight);
    if (failed) throw failed;

    const digest = B3Digest.fromBytes(whole.digest());
    if (opts.expectedDigest && !opts.expectedDigest.equals(digest)) {
      throw invalid(`blob digest mismatch: expected ${opts.expectedDigest}, content hashes to ${digest}`);
    }
    // One chunk is stored under its own digest, which is the blob's: nothing to commit.
    if (chunks.length > 1) {
      // (Assigned inside the closures above, which TypeScript's narrowing does not see.)
      const opened = session as Promise<PutSession | null> | null;
      const sess = opened && !sessionDead ? await opened : null;
      let committed = false;
      if (sess && !sessionDead) {
        try {
          await sess.commit(digest, chunks.length);
          committed = true;
        } catch (e) {
          // A wrong digest or chunk list is the same answer the plain commit gives; anything else
          // (the replica gone, the session expired) is what the plain commit is for.
          if (isStoreError(e) && e.code === Code.InvalidArgument) throw e;
        }
      }
      if (!committed) await this.#store.commitBlob(digest, chunks);
    }
    return { digest, size, chunks: chunks.length, bytesUploaded, chunksUploaded, chunksSkipped };
  }

  async close(): Promise<void> {
    await this.#store.close();
  }
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** Thrown by #treePages when the store (an older service) cannot give trees. */
const NO_TREES = Symbol("no trees");

/** A blob of one chunk up to this size is sent without asking the store first (one round trip). */
export const SMALL_BLOB_SIZE = 64 * 1024;

/** A commit of a blob that is already visible must name its chunks exactly; else 400. */
export function checkSameChunks(digest: B3Digest, stored: readonly ChunkMeta[], given: readonly ChunkMeta[]): void {
  const same = stored.length === given.length && stored.every((c, i) => c.size === given[i]!.size && c.digest.equals(given[i]!.digest));
  if (same) return;
  const at = stored.findIndex((c, i) => given[i] === undefined || c.size !== given[i]!.size || !c.digest.equals(given[i]!.digest));
  throw invalid(
    `blob ${digest} is already stored with ${stored.length} chunks, and this commit's chunk list differs` +
      (at >= 0 ? ` at chunk ${at}` : ` (${given.length} chunks)`),
  );
}

/** A committed blob's chunk list: at least 2 chunks, all within the FastCDC bounds. */
export function checkChunkBounds(chunks: readonly ChunkMeta[]): void {
  if (chunks.length < 2) {
    throw invalid(`a committed blob needs at least 2 chunks, got ${chunks.length} (single chunks are blobs already)`);
  }
  chunks.forEach((c, i) => {
    if (c.size > MAX_CHUNK_SIZE || c.size <= 0) {
      throw invalid(`chunk ${i} (${c.digest}) is ${c.size} bytes; chunks are 1..${MAX_CHUNK_SIZE} bytes`);
    }
    if (i < chunks.length - 1 && c.size < MIN_CHUNK_SIZE) {
      throw invalid(`chunk ${i} (${c.digest}) is ${c.size} bytes; all but the last chunk are at least ${MIN_CHUNK_SIZE}`);
    }
  });
}

/**
 * The checks every store makes before a multi-chunk blob becomes visible: chunk sizes within
 * the FastCDC bounds, each chunk present with the stated size and matching its digest, and
 * the concatenation hashing to `digest`. Reads chunks `window` at a time. In the same pass it
 * builds the blob's BLAKE3 tree above 16 KiB groups (its root is the digest checked), which the
 * store keeps for verified reads.
 */
export async function verifyCommit(
  digest: B3Digest,
  chunks: readonly ChunkMeta[],
  getChunk: (d: B3Digest) => Promise<Uint8Array | null>,
  window = 64,
  recheck?: (d: B3Digest) => Promise<unknown>,
): Promise<{ size: bigint; levels: Uint8Array[] }> {
  checkChunkBounds(chunks);
  const tree = new TreeHasher();
  let size = 0n;
  let i = 0;
  for await (const data of mapOrdered(chunks, window, (c) => getChunk(c.digest))) {
    const c = chunks[i]!;
    if (data === null) {
      // Something claimed it present (the client was told to skip it): clear that, so the next
      // put sends it instead of failing the same way forever.
      await recheck?.(c.digest).catch(() => {});
      throw invalid(`chunk ${i} (${c.digest}) of blob ${digest} is not in the store; put the blob again`);
    }
    if (data.length !== c.size) {
      throw invalid(`chunk ${i} (${c.digest}) is ${data.length} bytes in the store, the commit says ${c.size}`);
    }
    if (!c.digest.equals(blake3(data))) {
      await recheck?.(c.digest).catch(() => {});
      throw new StoreError(Code.Internal, `stored chunk ${c.digest} does not match its digest; removed, put the blob again`);
    }
    tree.update(data);
    size += BigInt(data.length);
    i++;
  }
  const { root, levels } = tree.finish();
  const actual = B3Digest.fromBytes(root);
  if (!actual.equals(digest)) {
    throw invalid(`blob digest mismatch: the commit claims ${digest}, the chunks hash to ${actual}`);
  }
  return { size, levels };
}
