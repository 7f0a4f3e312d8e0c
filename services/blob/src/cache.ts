// Chunk-store combinators (DESIGN §6): `cache` (near/far read-through that fills near), `priority`
// (several stores tried in order) and `lru` (a bounded in-process cache). They work on ChunkStores,
// under the chunked pipeline (ChunkedBlobService), so what moves between stores is chunks, each
// verified against its digest before it is kept or handed on.
import { B3Digest, Code, StoreError, blake3Matches, decodePack, isStoreError, viaUpstream, type Upstream } from "@castore/core";
import { TreeHasher } from "@castore/blake3-tree";
import { cacheLookup, mapOrdered } from "@castore/service-kit";
import { MAX_CHUNK_SIZE, type ChunkHealth, type ChunkStore, type PutChunkResult, type StoredBlob } from "./chunk-store.js";
import type { ChunkMeta } from "./service.js";

export interface CacheChunkOptions {
  /** Writes go to far as well as near (default: near only). */
  readonly writeThrough?: boolean;
  /** How 503s name far, and whether its connection is down right now (fail fast). */
  readonly upstream?: Upstream;
  /** Chunks of a multi-chunk blob fetched at once while it is filled into near (default 8). */
  readonly fillWindow?: number;
  /**
   * Whether near holds directory `hex`. A pack part fetched from far is kept in near only if
   * it does (a pack of a directory the store lacks is an orphan to fsck). Without it, far's packs
   * are handed on but not kept.
   */
  readonly nearHasDirectory?: (hex: string) => Promise<boolean>;
  /** Told of what entered near from far (for eviction accounting): a chunk, with its size. */
  readonly onFill?: (what: { kind: "chunk" | "blob"; digest: B3Digest; size: number }) => void;
}

/** Stat results carry location hints of the store that answered; another store must not use them. */
function withoutSeqs(st: StoredBlob): StoredBlob {
  return st.chunks.some((c) => c.seq !== undefined) ? { size: st.size, chunks: st.chunks.map((c) => ({ digest: c.digest, size: c.size })) } : st;
}

/**
 * Asks near first; on a miss fetches from far, verifies, stores into near, then answers. A chunk is
 * kept only if it hashes to its digest (a tampered far chunk is refused and not cached). A
 * multi-chunk blob first read through far is filled into near in the background — every chunk,
 * then its index and tree, computed here from the verified chunks — so that it reads from near
 * alone afterwards; until then its stat comes from far. No negative caching. Writes go to near,
 * and with writeThrough to far as well (copying to far the chunks near already had).
 */
export class CacheChunkStore implements ChunkStore {
  readonly #near: ChunkStore;
  readonly #far: ChunkStore;
  readonly #o: CacheChunkOptions;
  readonly #up: Upstream;
  readonly #fetching = new Map<string, Promise<Uint8Array | null>>();
  readonly #filling = new Map<string, Promise<void>>();
  #closed = false;
  relayChunks?: NonNullable<ChunkStore["relayChunks"]>;

  constructor(near: ChunkStore, far: ChunkStore, opts: CacheChunkOptions = {}) {
    this.#near = near;
    this.#far = far;
    this.#o = opts;
    this.#up = opts.upstream ?? { name: "the far store" };
    // Relayed reads come from near's JetStream; a chunk near lacks comes back as a 404 at once, and
    // the client asks `chunk`, which reads through.
    if (near.relayChunks) this.relayChunks = (ds, seqs, prefix, first) => near.relayChunks!(ds, seqs, prefix, first);
  }

  #viaFar<T>(call: () => Promise<T>): Promise<T> {
    return viaUpstream(this.#up, call);
  }

  missingChunks(digests: readonly B3Digest[], sizeHints?: readonly (number | undefined)[]): Promise<B3Digest[]> {
    // What near lacks: uploads through this store are written to near.
    return this.#near.missingChunks(digests, sizeHints);
  }

  async putChunks(chunks: readonly Uint8Array[]): Promise<PutChunkResult[]> {
    const [r] = await Promise.all([this.#near.putChunks(chunks), this.#o.writeThrough ? this.#viaFar(() => this.#far.putChunks(chunks)) : null]);
    return r;
  }

  async getChunk(digest: B3Digest, seq?: number): Promise<Uint8Array | null> {
    const here = await this.#near.getChunk(digest, seq);
    cacheLookup("edge_chunks", here !== null);
    if (here !== null) return here;
    return this.#fetch(digest);
  }

  /** One fetch from far per chunk at a time, however many readers want it. */
  #fetch(digest: B3Digest): Promise<Uint8Array | null> {
    const hex = digest.toHex();
    let p = this.#fetching.get(hex);
    if (p === undefined) {
      p = this.#fetchUncached(digest).finally(() => this.#fetching.delete(hex));
      this.#fetching.set(hex, p);
    }
    return p;
  }

  async #fetchUncached(digest: B3Digest): Promise<Uint8Array | null> {
    const data = await this.#viaFar(() => this.#far.getChunk(digest));
    if (data === null) return null;
    if (data.length === 0 || data.length > MAX_CHUNK_SIZE || !blake3Matches(data, digest.bytes)) {
      throw new StoreError(
        Code.Internal,
        `verification failed: chunk ${digest} from ${this.#up.name} does not match its digest (${data.length} bytes); refused, not cached`,
      );
    }
    const [r] = await this.#near.putChunks([data]);
    if (r !== undefined && !r.existed) this.#o.onFill?.({ kind: "chunk", digest, size: data.length });
    return data;
  }

  async statBlob(digest: B3Digest): Promise<StoredBlob | null> {
    const here = await this.#near.statBlob(digest);
    cacheLookup("edge_blobs", here !== null);
    if (here !== null) return here;
    const st = await this.#viaFar(() => this.#far.statBlob(digest));
    if (st === null) return null;
    if (st.chunks.length > 0) this.#fill(digest, st);
    return withoutSeqs(st);
  }

  /**
   * Brings a multi-chunk blob into near in the background: its chunks (shared with readers'
   * fetches), then its index with the tree computed from them. A failure (far gone meanwhile)
   * leaves near without the index; the next stat tries again.
   */
  #fill(digest: B3Digest, st: StoredBlob): void {
    const hex = digest.toHex();
    if (this.#filling.has(hex) || this.#closed) return;
    const p = this.#fillNow(digest, withoutSeqs(st).chunks)
      .catch(() => {})
      .finally(() => this.#filling.delete(hex));
    this.#filling.set(hex, p);
  }

  async #fillNow(digest: B3Digest, chunks: readonly ChunkMeta[]): Promise<void> {
    const tree = new TreeHasher();
    let size = 0n;
    let i = 0;
    for await (const data of mapOrdered(chunks, this.#o.fillWindow ?? 8, (c) => this.getChunk(c.digest))) {
      if (this.#closed) return;
      const c = chunks[i++]!;
      if (data === null || data.length !== c.size) return; // far's index names a chunk it lacks: leave it
      tree.update(data);
      size += BigInt(data.length);
    }
    const { root, levels } = tree.finish();
    if (!digest.equals(root)) return; // far's index does not make up the blob: never visible here
    if (this.#near.commitVerified) await this.#near.commitVerified(digest, chunks, size, levels);
    else await this.#near.commitBlob(digest, chunks);
    this.#o.onFill?.({ kind: "blob", digest, size: 0 });
  }

  /** Resolves when the background fills running now have ended (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#filling.size > 0) await Promise.all([...this.#filling.values()]);
  }

  async treePages(digest: B3Digest, level: number, first: number, count: number): Promise<Uint8Array | null | "unsupported"> {
    const here = await this.#near.treePages(digest, level, first, count);
    if (here instanceof Uint8Array) return here;
    // Unverified like any tree page: readers check it against the blob digest.
    return this.#viaFar(() => this.#far.treePages(digest, level, first, count));
  }

  async buildTree(digest: B3Digest): Promise<boolean> {
    return (await this.#near.buildTree(digest)) || this.#viaFar(() => this.#far.buildTree(digest));
  }

  recheckChunk(digest: B3Digest): Promise<ChunkHealth> {
    return this.#near.recheckChunk(digest);
  }

  async commitBlob(digest: B3Digest, chunks: readonly ChunkMeta[]): Promise<void> {
    await this.#near.commitBlob(digest, chunks);
    if (!this.#o.writeThrough) return;
    await this.#viaFar(async () => {
      // The client skipped chunks near had; far may lack them.
      const lacking = await this.#far.missingChunks(chunks.map((c) => c.digest), chunks.map((c) => c.size));
      for (let i = 0; i < lacking.length; i += 16) {
        const datas = await Promise.all(lacking.slice(i, i + 16).map((d) => this.#near.getChunk(d)));
        if (datas.some((d) => d === null)) throw new StoreError(Code.Internal, `write-through of blob ${digest}: a chunk vanished from near`);
        await this.#far.putChunks(datas as Uint8Array[]);
      }
      await this.#far.commitBlob(digest, chunks);
    });
  }

  async putPack(key: string, part: number, pack: Uint8Array): Promise<void> {
    if (this.#near.putPack) await this.#near.putPack(key, part, pack);
    if (this.#o.writeThrough && this.#far.putPack) await this.#viaFar(() => this.#far.putPack!(key, part, pack));
  }

  async getPack(key: string): Promise<Uint8Array | null> {
    const here = this.#near.getPack ? await this.#near.getPack(key) : null;
    if (here !== null) return here;
    if (!this.#far.getPack) return null;
    let pack: Uint8Array | null;
    try {
      pack = await this.#viaFar(() => this.#far.getPack!(key));
    } catch (e) {
      // A pack is only a shortcut: without one, readers read each blob (and get far's 503 there).
      if (isStoreError(e) && e.code === Code.Unavailable) return null;
      throw e;
    }
    if (pack === null) return null;
    let blobs;
    try {
      blobs = decodePack(pack).blobs;
    } catch {
      return null;
    }
    // Only what matches its digest is kept; a part with any bad blob is neither kept nor handed on.
    if (blobs.some((b) => b.data.length === 0 || !blake3Matches(b.data, b.digest.bytes))) return null;
    const results = await this.#near.putChunks(blobs.map((b) => b.data));
    results.forEach((r, i) => {
      if (!r.existed) this.#o.onFill?.({ kind: "chunk", digest: r.digest, size: blobs[i]!.data.length });
    });
    const part = Number(key.slice(key.indexOf(".") + 1));
    if (this.#near.putPack && this.#o.nearHasDirectory && (await this.#o.nearHasDirectory(key.slice(0, key.indexOf("."))))) {
      await this.#near.putPack(key, part, pack).catch(() => {});
    }
    return pack;
  }

  async close(): Promise<void> {
    // The stores are the caller's (a composition shares them); only the fills are ours.
    this.#closed = true;
    await this.settled();
  }
}

/**
 * Reads try each store in order and take the first answer; a store that fails (unreachable) is
 * skipped, and its error is reported only if no later store answers. Writes go to the first.
 */
export class PriorityChunkStore implements ChunkStore {
  readonly #stores: readonly ChunkStore[];
  readonly #ups: readonly (Upstream | undefined)[];

  /** `upstreams[i]`, if given, names store i in its 503s and skips it at once while it is down. */
  constructor(stores: readonly ChunkStore[], upstreams: readonly (Upstream | undefined)[] = []) {
    if (stores.length === 0) throw new StoreError(Code.InvalidArgument, "priority needs at least one store");
    this.#stores = stores;
    this.#ups = upstreams;
  }

  async #first<T>(ask: (s: ChunkStore) => Promise<T | null>, found: (t: T) => boolean = () => true): Promise<T | null> {
    let failure: unknown = null;
    for (const [i, s] of this.#stores.entries()) {
      try {
        const up = this.#ups[i];
        const r = up ? await viaUpstream(up, () => ask(s)) : await ask(s);
        if (r !== null && found(r)) return r;
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure !== null) throw failure;
    return null;
  }

  missingChunks(digests: readonly B3Digest[], sizeHints?: readonly (number | undefined)[]): Promise<B3Digest[]> {
    return this.#stores[0]!.missingChunks(digests, sizeHints);
  }

  putChunks(chunks: readonly Uint8Array[]): Promise<PutChunkResult[]> {
    return this.#stores[0]!.putChunks(chunks);
  }

  getChunk(digest: B3Digest): Promise<Uint8Array | null> {
    return this.#first((s) => s.getChunk(digest));
  }

  async statBlob(digest: B3Digest): Promise<StoredBlob | null> {
    const st = await this.#first((s) => s.statBlob(digest));
    return st && withoutSeqs(st);
  }

  async treePages(digest: B3Digest, level: number, first: number, count: number): Promise<Uint8Array | null | "unsupported"> {
    const r = await this.#first<Uint8Array | "unsupported">((s) => s.treePages(digest, level, first, count), (t) => t instanceof Uint8Array);
    return r ?? null;
  }

  async buildTree(digest: B3Digest): Promise<boolean> {
    return (await this.#first((s) => s.buildTree(digest).then((b) => (b ? true : null)))) ?? false;
  }

  recheckChunk(digest: B3Digest): Promise<ChunkHealth> {
    return this.#stores[0]!.recheckChunk(digest);
  }

  commitBlob(digest: B3Digest, chunks: readonly ChunkMeta[]): Promise<void> {
    return this.#stores[0]!.commitBlob(digest, chunks);
  }

  async putPack(key: string, part: number, pack: Uint8Array): Promise<void> {
    await this.#stores[0]!.putPack?.(key, part, pack);
  }

  async getPack(key: string): Promise<Uint8Array | null> {
    return this.#first((s) => (s.getPack ? s.getPack(key) : Promise.resolve(null)));
  }

  async close(): Promise<void> {}
}

/**
 * A bounded in-process cache in front of `inner`: verified chunks (and multi-chunk blob indexes,
 * immutable) are kept in memory up to `maxBytes`, least recently used dropped first. Everything
 * else, writes included, goes to `inner`.
 */
export class LruChunkStore implements ChunkStore {
  readonly #inner: ChunkStore;
  readonly #max: number;
  readonly #chunks = new Map<string, Uint8Array>();
  readonly #stats = new Map<string, StoredBlob>();
  #bytes = 0;

  constructor(inner: ChunkStore, maxBytes: number) {
    this.#inner = inner;
    this.#max = maxBytes;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  #keep(hex: string, data: Uint8Array): void {
    if (data.length > this.#max) return;
    this.#chunks.set(hex, data);
    this.#bytes += data.length;
    for (const [k, v] of this.#chunks) {
      if (this.#bytes <= this.#max) break;
      this.#chunks.delete(k);
      this.#bytes -= v.length;
    }
  }

  async getChunk(digest: B3Digest, seq?: number): Promise<Uint8Array | null> {
    const hex = digest.toHex();
    const hit = this.#chunks.get(hex);
    if (hit !== undefined) {
      this.#chunks.delete(hex);
      this.#chunks.set(hex, hit);
      return hit;
    }
    const data = await this.#inner.getChunk(digest, seq);
    if (data !== null && blake3Matches(data, digest.bytes)) this.#keep(hex, data);
    return data;
  }

  async statBlob(digest: B3Digest): Promise<StoredBlob | null> {
    const hex = digest.toHex();
    const hit = this.#stats.get(hex);
    if (hit !== undefined) return hit;
    const st = await this.#inner.statBlob(digest);
    if (st !== null && st.chunks.length > 0) {
      this.#stats.set(hex, st);
      if (this.#stats.size > 1024) this.#stats.delete(this.#stats.keys().next().value!);
    }
    return st;
  }

  missingChunks(digests: readonly B3Digest[], sizeHints?: readonly (number | undefined)[]): Promise<B3Digest[]> {
    return this.#inner.missingChunks(digests, sizeHints);
  }

  putChunks(chunks: readonly Uint8Array[]): Promise<PutChunkResult[]> {
    return this.#inner.putChunks(chunks);
  }

  treePages(digest: B3Digest, level: number, first: number, count: number): Promise<Uint8Array | null | "unsupported"> {
    return this.#inner.treePages(digest, level, first, count);
  }

  buildTree(digest: B3Digest): Promise<boolean> {
    return this.#inner.buildTree(digest);
  }

  async recheckChunk(digest: B3Digest): Promise<ChunkHealth> {
    const v = this.#chunks.get(digest.toHex());
    if (v !== undefined) {
      this.#chunks.delete(digest.toHex());
      this.#bytes -= v.length;
    }
    return this.#inner.recheckChunk(digest);
  }

  commitBlob(digest: B3Digest, chunks: readonly ChunkMeta[]): Promise<void> {
    return this.#inner.commitBlob(digest, chunks);
  }

  async putPack(key: string, part: number, pack: Uint8Array): Promise<void> {
    await this.#inner.putPack?.(key, part, pack);
  }

  async getPack(key: string): Promise<Uint8Array | null> {
    return this.#inner.getPack ? this.#inner.getPack(key) : null;
  }

  async close(): Promise<void> {
    this.#chunks.clear();
    this.#stats.clear();
    this.#bytes = 0;
  }
}
