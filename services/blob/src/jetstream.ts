// The JetStream backend. Buckets (names from core bucketName, so stores never mix):
//   castore-chunks_<p>      chunk BLAKE3 hex -> chunk bytes (<= 512 KiB), written create-if-absent
//   castore-chunksizes_<p>  chunk hex -> size in decimal: the cheap presence index that answers
//                           "which chunks are missing?" (a direct get of a chunk returns all of it)
//   castore-blobs_<p>       blob hex -> BlobIndex (size + chunk list) for multi-chunk blobs; long
//                           lists continue under "<hex>.<n>". A single-chunk blob is just its chunk.
//   castore-trees_<p>       "<blob hex>.<level>.<page>" -> 128 chaining values of the blob's BLAKE3
//                           tree above 16 KiB groups (tree.ts), written before the index head,
//                           which then says has_tree; blobs committed before trees existed get
//                           theirs on first read (buildTree).
//   castore-packs_<p>       "<directory hex>.<part>" -> a pack part: the small files of a
//                           directory back to back (core packs.ts), a checked copy for locality.
// A chunk is written before its presence entry, so a crash in between only costs a re-upload.
// Every value is immutable and content-addressed, so history 1 and idempotent writes suffice.
// Records an upload relies on are touched (rewritten with a compare-and-set) so that castore gc,
// which removes only old unreachable records with a compare-and-delete, never takes them under it.
import { B3Digest, PACK_MAX_BYTES, blake3, bucketName, checkPack, StoreError, Code, toLong } from "@castore/core";
import { castore } from "@castore/proto";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { cacheLookup, kvGet, kvLeaderEntry, mapConcurrent, type KvLocation } from "@castore/service-kit";
import { checkSameChunks, verifyCommit } from "./chunked.js";
import { treePages } from "./tree.js";
import { MAX_CHUNK_SIZE, SMALL_CHUNK_SIZE, checkChunkSize, type ChunkHealth, type ChunkStore, type PutChunkResult, type StoredBlob } from "./chunk-store.js";
import { chunkMetaFromProto, chunkMetaToProto, seqsToProto, withSeqs } from "./codec.js";
import type { ChunkMeta } from "./service.js";

const pb = castore.nats.v1;

/**
 * Writes `value` again under `key` only if the key is still at `revision` (a compare-and-set):
 * true if it was written, false if the key changed or was removed since (the caller decides).
 */
export async function casRewrite(kv: KV, key: string, value: Uint8Array, revision: number): Promise<boolean> {
  try {
    await kv.update(key, value, revision);
    return true;
  } catch (e) {
    if (isWrongLastSequence(e)) return false;
    throw e;
  }
}

/**
 * A touch settled by the stream leader, for when a direct get missed the record or its
 * compare-and-set lost: a direct get may come from a replica that is not yet current (nats-server
 * 2.9 with R3 buckets), which misses a record written moments ago or shows an old revision.
 * Rewrites the leader's revision; false only if the leader has no such record (never stored, or
 * removed by a sweep).
 */
export async function touchAtLeader(loc: KvLocation, key: string): Promise<boolean> {
  const e = await kvLeaderEntry(loc, key);
  if (e === null) return false;
  if (await casRewrite(loc.kv, key, e.value, e.revision)) return true;
  // Lost again: to another toucher (the record stays) or to a sweep (gone); the leader says which.
  return (await kvLeaderEntry(loc, key)) !== null;
}

/** JetStream's "wrong last sequence" (10071): a compare-and-set or compare-and-delete lost. */
export function isWrongLastSequence(e: unknown): boolean {
  const err = e as { code?: unknown; message?: string } | null;
  return err?.code === 10071 || /wrong last sequence/i.test(String(err?.message ?? ""));
}

/** Chunks per BlobIndex value (~40 bytes each), far below any sane max_payload. */
const INDEX_PART_CHUNKS = 8192;
/**
 * How long a replica trusts its own memory that a chunk is stored. Bounded, because another
 * replica may find the chunk corrupt and remove it (recheck); within this time a re-put through
 * this replica may still skip it, after it the chunk is looked up again.
 */
const PRESENCE_TTL_MS = 5 * 60 * 1000;
/** Headroom for headers and protobuf framing on top of the largest chunk. */
const PAYLOAD_HEADROOM = 64 * 1024;

export interface JetStreamBlobOptions {
  /** Subject prefix of the store; bucket names derive from it. */
  readonly prefix: string;
  /** Stream replicas of every bucket (1 on a laptop, 3 in a cluster). */
  readonly replicas?: number;
  /** Limit in bytes for the chunks bucket (-1: none). */
  readonly maxBytes?: number;
  /** JetStream domain, for leaf-node set-ups. */
  readonly domain?: string;
  /**
   * How many chunk digests to remember as present (a positive cache; content never changes, but
   * castore gc or eviction may remove it). 0: none (a bounded near store, whose fills must store
   * again what eviction removed).
   */
  readonly presenceCacheSize?: number;
}

/**
 * A chunk fetched by its sequence hint (ChunkMeta.seq): no per-subject lookup in nats-server. The
 * message must be this chunk's key and a value — the chunk may have been removed and written again
 * elsewhere since — else null, and the caller looks it up by key.
 */
export async function chunkBySeq(jsm: JetStreamManager, bucket: string, digest: B3Digest, seq: number): Promise<Uint8Array | null> {
  const m = await jsm.direct.getMessage(`KV_${bucket}`, { seq }).catch(() => null);
  const op = m?.header?.get("KV-Operation");
  return m && m.subject === `$KV.${bucket}.${digest.toHex()}` && m.data.length > 0 && op !== "DEL" && op !== "PURGE" ? m.data : null;
}

export class JetStreamChunkStore implements ChunkStore {
  readonly #jsm: JetStreamManager;
  readonly #chunks: KV;
  readonly #sizes: KV;
  readonly #blobs: KV;
  readonly #trees: KV;
  readonly #packs: KV;
  readonly #packsBucket: string;
  readonly #treesBucket: string;
  readonly #chunksBucket: string;
  readonly #sizesBucket: string;
  readonly #present = new Map<string, number>();
  readonly #cacheSize: number;
  readonly #nc: NatsConnection;
  /** `$JS[.<domain>].API.DIRECT.GET.KV_<chunks bucket>`: where relayed reads are asked. */
  readonly #directGet: string;

  private constructor(
    nc: NatsConnection,
    domain: string | undefined,
    jsm: JetStreamManager,
    chunks: KV,
    sizes: KV,
    blobs: KV,
    trees: KV,
    packs: KV,
    chunksBucket: string,
    sizesBucket: string,
    treesBucket: string,
    packsBucket: string,
    cacheSize: number,
  ) {
    this.#packs = packs;
    this.#packsBucket = packsBucket;
    this.#nc = nc;
    this.#directGet = `$JS.${domain ? `${domain}.` : ""}API.DIRECT.GET.KV_${chunksBucket}`;
    this.#jsm = jsm;
    this.#chunks = chunks;
    this.#sizes = sizes;
    this.#blobs = blobs;
    this.#trees = trees;
    this.#chunksBucket = chunksBucket;
    this.#sizesBucket = sizesBucket;
    this.#treesBucket = treesBucket;
    this.#cacheSize = cacheSize;
  }

  /** Opens (creating if needed) the buckets of the store named by `opts.prefix`. */
  static async open(nc: NatsConnection, opts: JetStreamBlobOptions): Promise<JetStreamChunkStore> {
    const maxPayload = nc.info?.max_payload ?? 0;
    if (maxPayload < MAX_CHUNK_SIZE + PAYLOAD_HEADROOM) {
      throw new StoreError(
        Code.Unavailable,
        `the NATS server's max_payload is ${maxPayload} bytes; castore needs at least ${MAX_CHUNK_SIZE + PAYLOAD_HEADROOM} (the default 1 MiB works)`,
      );
    }
    const jsOpts = opts.domain ? { domain: opts.domain } : {};
    const js = jetstream(nc, jsOpts);
    const jsm = await jetstreamManager(nc, jsOpts);
    const kvm = new Kvm(js);
    const base = { history: 1, replicas: opts.replicas ?? 1 };
    const chunksBucket = bucketName(opts.prefix, "chunks");
    const treesBucket = bucketName(opts.prefix, "trees");
    const packsBucket = bucketName(opts.prefix, "packs");
    const sizesBucket = bucketName(opts.prefix, "chunksizes");
    const [chunks, sizes, blobs, trees, packs] = await Promise.all([
      kvm.create(chunksBucket, {
        ...base,
        // max_msg_size counts headers and subject too, so leave room above the largest chunk.
        maxValueSize: MAX_CHUNK_SIZE + 4096,
        ...(opts.maxBytes !== undefined ? { max_bytes: opts.maxBytes } : {}),
      }),
      kvm.create(sizesBucket, base),
      kvm.create(bucketName(opts.prefix, "blobs"), base),
      kvm.create(treesBucket, base),
      kvm.create(packsBucket, { ...base, maxValueSize: PACK_MAX_BYTES + 4096 }),
    ]);
    return new JetStreamChunkStore(nc, opts.domain, jsm, chunks, sizes, blobs, trees, packs, chunksBucket, sizesBucket, treesBucket, packsBucket, opts.presenceCacheSize ?? 100_000);
  }

  #remember(hex: string): void {
    if (this.#cacheSize === 0) return;
    if (this.#present.size >= this.#cacheSize) {
      const oldest = this.#present.keys().next().value;
      if (oldest !== undefined) this.#present.delete(oldest);
    }
    this.#present.delete(hex);
    this.#present.set(hex, Date.now() + PRESENCE_TTL_MS);
  }

  /** Whether the positive cache vouches for the chunk (entries expire: another replica may repair). */
  #cached(hex: string): boolean {
    const until = this.#present.get(hex);
    const fresh = until !== undefined && until >= Date.now();
    cacheLookup("blob_presence", fresh);
    if (until !== undefined && !fresh) this.#present.delete(hex);
    return fresh;
  }

  /**
   * Whether the chunk is stored, by the positive cache, the presence index, then the chunk
   * itself; a chunk known to be small is looked up directly (it has no presence entry). A chunk
   * found is touched (see #touchChunk): an upload that relies on it renews its age for castore gc.
   */
  async #has(hex: string, sizeHint?: number): Promise<boolean> {
    if (this.#cached(hex)) return true;
    if (sizeHint === undefined || sizeHint <= 0 || sizeHint > SMALL_CHUNK_SIZE) {
      const e = await this.#sizes.get(hex);
      if (e?.operation === "PUT" && (await casRewrite(this.#sizes, hex, e.value, e.revision))) {
        this.#remember(hex);
        return true;
      }
    }
    // Small chunks have no presence entry (and a lost entry of a large one is repaired here).
    const c = await this.#chunks.get(hex);
    if (c?.operation !== "PUT" || !(await this.#touchChunkRecord(hex, c.value, c.revision))) return false;
    // Safe after the touch: a sweep that saw the chunk's old revision can no longer remove it.
    if (c.value.length > SMALL_CHUNK_SIZE) await this.#sizes.put(hex, String(c.value.length));
    this.#remember(hex);
    return true;
  }

  /**
   * castore gc's age of a chunk is the newest revision of its record and its presence entry, and
   * a sweep removes one only with a compare-and-delete on the revisions it saw. A touch rewrites
   * the presence entry (or, without one, the chunk) with a compare-and-set on the revision read,
   * so either it lands first and the sweep's delete fails, or the sweep's lands first and the
   * touch finds the chunk gone: false, and the caller treats the chunk as missing. Reads are
   * direct gets (any replica); only the stream leader may say a chunk is gone (touchAtLeader).
   */
  async #touchChunk(hex: string): Promise<boolean> {
    const p = await this.#sizes.get(hex);
    if (p?.operation === "PUT" && (await casRewrite(this.#sizes, hex, p.value, p.revision))) return true;
    const c = await this.#chunks.get(hex);
    if (c?.operation === "PUT" && (await this.#touchChunkRecord(hex, c.value, c.revision))) return true;
    return (
      (await touchAtLeader({ kv: this.#sizes, jsm: this.#jsm, bucket: this.#sizesBucket }, hex)) ||
      (await touchAtLeader({ kv: this.#chunks, jsm: this.#jsm, bucket: this.#chunksBucket }, hex))
    );
  }

  async #touchChunkRecord(hex: string, value: Uint8Array, revision: number): Promise<boolean> {
    if (await casRewrite(this.#chunks, hex, value, revision)) return true;
    // Changed since read: rewritten by another toucher (alive), or removed by a sweep (gone).
    this.#present.delete(hex);
    return (await this.#chunks.get(hex))?.operation === "PUT";
  }

  /** Touches every chunk of a blob about to be committed; 400 naming the first one a gc took meanwhile. */
  async #touchAll(digest: B3Digest, chunks: readonly ChunkMeta[]): Promise<void> {
    const gone: number[] = [];
    await mapConcurrent(chunks.map((c, i) => ({ c, i })), 64, async ({ c, i }) => {
      if (!(await this.#touchChunk(c.digest.toHex()))) gone.push(i);
    });
    if (gone.length === 0) return;
    const i = Math.min(...gone);
    throw new StoreError(
      Code.InvalidArgument,
      `chunk ${i} (${chunks[i]!.digest}) of blob ${digest} was removed by castore gc while this upload ran; put the blob again`,
    );
  }

  /** Touches a blob's index head (a visible blob's chunks live as long as it does); false if it is gone. */
  async #touchIndex(hex: string, value: Uint8Array, revision: number): Promise<boolean> {
    if (await casRewrite(this.#blobs, hex, value, revision)) return true;
    return (await this.#blobs.get(hex))?.operation === "PUT";
  }

  async missingChunks(digests: readonly B3Digest[], sizeHints?: readonly (number | undefined)[]): Promise<B3Digest[]> {
    const found = await Promise.all(digests.map((d, i) => this.#has(d.toHex(), sizeHints?.[i])));
    return digests.filter((_, i) => !found[i]);
  }

  async putChunks(chunks: readonly Uint8Array[]): Promise<PutChunkResult[]> {
    chunks.forEach((c, i) => checkChunkSize(c.length, `chunk ${i}`));
    return Promise.all(
      chunks.map(async (c) => {
        const digest = B3Digest.fromBytes(blake3(c));
        const hex = digest.toHex();
        const small = c.length <= SMALL_CHUNK_SIZE;
        // A large chunk is looked up first (cheap); a small one is simply created (one write).
        if (this.#cached(hex) || (!small && (await this.#has(hex)))) return { digest, existed: true };
        let existed = false;
        let seq: number | undefined;
        try {
          seq = await this.#chunks.create(hex, c);
        } catch {
          // Create-if-absent: an existing key is a successful dedup (a concurrent writer, or a
          // chunk whose presence entry was lost). The verified bytes are written again: that
          // renews the chunk's age for castore gc and brings it back if a sweep removed it in
          // between; a real failure fails this write too.
          await this.#chunks.put(hex, c);
          existed = true;
        }
        if (!small) await this.#sizes.put(hex, String(c.length));
        this.#remember(hex);
        return seq === undefined ? { digest, existed } : { digest, existed, seq };
      }),
    );
  }

  async putPack(key: string, part: number, pack: Uint8Array): Promise<void> {
    checkPack(pack, part);
    await this.#packs.put(key, pack);
  }

  async getPack(key: string): Promise<Uint8Array | null> {
    // A miss is only a miss (the reader reads the blobs on their own): no leader confirmation.
    return kvGet({ kv: this.#packs, jsm: this.#jsm, bucket: this.#packsBucket }, key, false);
  }

  relayChunks(digests: readonly B3Digest[], seqs: readonly number[], replyPrefix: string, firstToken: number): void {
    // Plain publishes: the reply goes to the client, so nothing waits here. The chunk bucket has
    // allow_direct, so any replica of its stream may answer (a stale one with 404: the client then
    // asks `chunk`, which confirms a miss with the leader).
    digests.forEach((d, i) => {
      const seq = seqs[i];
      const body = seq ? `{"seq":${seq}}` : `{"last_by_subj":"$KV.${this.#chunksBucket}.${d.toHex()}"}`;
      this.#nc.publish(this.#directGet, body, { reply: `${replyPrefix}.${firstToken + i}` });
    });
  }

  async getChunk(digest: B3Digest, seq?: number): Promise<Uint8Array | null> {
    if (seq) {
      const hinted = await chunkBySeq(this.#jsm, this.#chunksBucket, digest, seq);
      if (hinted !== null) return hinted;
    }
    // Any chunk asked for is expected to exist (a blob index or a file node names it): a miss
    // is confirmed by the stream leader, as a lagging replica may have answered.
    const data = await kvGet({ kv: this.#chunks, jsm: this.#jsm, bucket: this.#chunksBucket }, digest.toHex(), true);
    // Removed (castore gc, eviction): this replica no longer vouches for it, so a put stores it again.
    if (data === null) this.#present.delete(digest.toHex());
    return data;
  }

  async recheckChunk(digest: B3Digest): Promise<ChunkHealth> {
    const hex = digest.toHex();
    this.#present.delete(hex);
    const data = await this.getChunk(digest);
    if (data !== null && digest.equals(blake3(data))) return "ok";
    // Absent or corrupt: drop the chunk and its presence entry, so presence checks say "missing"
    // and the next put writes it again (create-if-absent succeeds on a purged key).
    const claimed = data !== null || (await this.#sizes.get(hex))?.operation === "PUT";
    await Promise.all([this.#chunks.purge(hex), this.#sizes.purge(hex)]);
    return claimed ? "repaired" : "absent";
  }

  async statBlob(digest: B3Digest): Promise<StoredBlob | null> {
    const hex = digest.toHex();
    const e = await this.#blobs.get(hex);
    if (e?.operation === "PUT") return this.#readIndex(hex, e.value);
    const s = await this.#sizes.get(hex);
    if (s?.operation === "PUT") return { size: BigInt(s.string()), chunks: [] };
    // No presence entry: a small chunk, or a large one whose entry was lost (repaired here).
    const chunk = await this.getChunk(digest);
    if (chunk === null) return null;
    if (chunk.length > SMALL_CHUNK_SIZE) await this.#sizes.put(hex, String(chunk.length));
    return { size: BigInt(chunk.length), chunks: [] };
  }

  async #readIndex(hex: string, value: Uint8Array): Promise<StoredBlob> {
    const first = pb.BlobIndex.decode(value);
    const chunks: ChunkMeta[] = withSeqs(first.chunks.map(chunkMetaFromProto), first.chunkSeqs);
    for (let n = 1; n <= first.extraParts; n++) {
      const part = await this.#blobs.get(`${hex}.${n}`);
      if (part?.operation !== "PUT") {
        throw new StoreError(Code.Internal, `blob index of ${hex} is incomplete: part ${n} is missing`);
      }
      const p = pb.BlobIndex.decode(part.value);
      chunks.push(...withSeqs(p.chunks.map(chunkMetaFromProto), p.chunkSeqs));
    }
    return { size: BigInt(first.size.toString()), chunks };
  }

  // Commits and castore gc (docs/PROTOCOL.md, "Garbage collection"): a commit of a visible blob
  // touches its index head; a new index is written only after every chunk was touched, so a
  // sweep either sees them young or fails its compare-and-delete, or the commit fails (400).

  async commitBlob(digest: B3Digest, chunks: readonly ChunkMeta[]): Promise<void> {
    const hex = digest.toHex();
    if (await this.#recommit(digest, chunks)) return;
    const { size, levels } = await verifyCommit(digest, chunks, (d) => this.getChunk(d), 64, (d) => this.recheckChunk(d));
    await this.#touchAll(digest, chunks);
    await this.#writeIndex(hex, chunks, size, levels);
  }

  async commitVerified(digest: B3Digest, chunks: readonly ChunkMeta[], size: bigint, levels: readonly Uint8Array[]): Promise<void> {
    if (await this.#recommit(digest, chunks)) return;
    await this.#touchAll(digest, chunks);
    await this.#writeIndex(digest.toHex(), chunks, size, levels);
  }

  /** A commit of a visible blob: checks the chunk list and touches the head; false if there is none (any more). */
  async #recommit(digest: B3Digest, chunks: readonly ChunkMeta[]): Promise<boolean> {
    const hex = digest.toHex();
    const existing = await this.#blobs.get(hex);
    if (existing?.operation !== "PUT") return false;
    checkSameChunks(digest, (await this.#readIndex(hex, existing.value)).chunks, chunks);
    return this.#touchIndex(hex, existing.value, existing.revision);
  }

  async #writeIndex(hex: string, chunks: readonly ChunkMeta[], size: bigint, levels: readonly Uint8Array[]): Promise<void> {
    // The tree first, then the index: a visible blob (its index head) always has its tree.
    await this.#writeTree(hex, levels);
    const parts: ChunkMeta[][] = [];
    for (let i = 0; i < chunks.length; i += INDEX_PART_CHUNKS) parts.push(chunks.slice(i, i + INDEX_PART_CHUNKS));
    // Continuation parts first, the head last: the head is what makes the blob visible.
    for (let n = 1; n < parts.length; n++) {
      await this.#blobs.put(`${hex}.${n}`, pb.BlobIndex.encode({ chunks: parts[n]!.map(chunkMetaToProto), chunkSeqs: seqsToProto(parts[n]!) }).finish());
    }
    await this.#blobs.put(
      hex,
      pb.BlobIndex.encode({
        size: toLong(size),
        chunks: parts[0]!.map(chunkMetaToProto),
        chunkSeqs: seqsToProto(parts[0]!),
        extraParts: parts.length - 1,
        hasTree: true,
      }).finish(),
    );
  }

  async #writeTree(hex: string, levels: readonly Uint8Array[]): Promise<void> {
    await mapConcurrent(treePages(levels), 64, (p) => this.#trees.put(`${hex}.${p.level}.${p.page}`, p.bytes));
  }

  async treePages(digest: B3Digest, level: number, first: number, count: number): Promise<Uint8Array | null> {
    const hex = digest.toHex();
    const pages = await Promise.all(
      Array.from({ length: count }, (_, i) => kvGet({ kv: this.#trees, jsm: this.#jsm, bucket: this.#treesBucket }, `${hex}.${level}.${first + i}`, false)),
    );
    // Pages past the end of a level are absent: a short answer. A missing page within it means no
    // tree (a blob committed before trees existed) or a lost page: the caller builds it (again).
    const have = pages.findIndex((p) => p === null);
    if (have === 0) return null;
    const got = have < 0 ? pages : pages.slice(0, have);
    return Buffer.concat(got as Uint8Array[]);
  }

  async buildTree(digest: B3Digest): Promise<boolean> {
    const hex = digest.toHex();
    const head = await this.#blobs.get(hex);
    if (head?.operation !== "PUT") return false;
    const blob = await this.#readIndex(hex, head.value);
    const { levels } = await verifyCommit(digest, blob.chunks, (d) => this.getChunk(d), 64, (d) => this.recheckChunk(d));
    return this.storeTree(digest, levels);
  }

  /**
   * Writes the tree of a stored multi-chunk blob, computed (and checked against its digest) by
   * the caller — buildTree, or fsck, which hashed the blob already — and marks its index.
   */
  async storeTree(digest: B3Digest, levels: readonly Uint8Array[]): Promise<boolean> {
    const hex = digest.toHex();
    const head = await this.#blobs.get(hex);
    if (head?.operation !== "PUT") return false;
    await this.#writeTree(hex, levels);
    const index = pb.BlobIndex.decode(head.value);
    if (!index.hasTree) await this.#blobs.put(hex, pb.BlobIndex.encode({ ...index, hasTree: true }).finish());
    return true;
  }

  /**
   * Touches a stored blob for castore gc (a pin, a registration): a multi-chunk blob's index head,
   * else the chunk that is the blob; false if the store does not have it (any more).
   */
  async touchBlob(digest: B3Digest): Promise<boolean> {
    const hex = digest.toHex();
    const head = await this.#blobs.get(hex);
    if (head?.operation === "PUT") return this.#touchIndex(hex, head.value, head.revision);
    return this.#touchChunk(hex);
  }

  // Maintenance (castore fsck): enumerate every record as stored and remove broken ones. These
  // read raw values and verify nothing; the caller decides what is wrong.

  /** Every key of one of the store's buckets: chunk digests, presence entries, blob index heads and parts. */
  async *keys(bucket: "chunks" | "sizes" | "blobs" | "packs"): AsyncGenerator<string> {
    const kv = bucket === "chunks" ? this.#chunks : bucket === "sizes" ? this.#sizes : bucket === "packs" ? this.#packs : this.#blobs;
    for await (const k of await kv.keys()) yield k;
  }

  /** A chunk's stored bytes, unverified, or null. */
  async rawChunk(hex: string): Promise<Uint8Array | null> {
    return kvGet({ kv: this.#chunks, jsm: this.#jsm, bucket: this.#chunksBucket }, hex, false);
  }

  /** The size a presence entry records, or null. */
  async presence(hex: string): Promise<number | null> {
    const e = await this.#sizes.get(hex);
    return e?.operation === "PUT" ? Number(e.string()) : null;
  }

  async setPresence(hex: string, size: number): Promise<void> {
    await this.#sizes.put(hex, String(size));
  }

  async removeChunk(hex: string): Promise<void> {
    this.#present.delete(hex);
    await Promise.all([this.#chunks.purge(hex), this.#sizes.purge(hex)]);
  }

  async removePresence(hex: string): Promise<void> {
    this.#present.delete(hex);
    await this.#sizes.purge(hex);
  }

  /** A multi-chunk blob's index as stored (throws if a part is missing or it does not decode). */
  async blobIndex(hex: string): Promise<StoredBlob | null> {
    const e = await this.#blobs.get(hex);
    return e?.operation === "PUT" ? this.#readIndex(hex, e.value) : null;
  }

  /** Whether a stored multi-chunk blob has its tree (blobs committed before trees existed do not). */
  async hasTree(hex: string): Promise<boolean> {
    const e = await this.#blobs.get(hex);
    return e?.operation === "PUT" && pb.BlobIndex.decode(e.value).hasTree;
  }

  /** Removes a blob index: its head first (what makes the blob visible), then its parts. */
  async removeBlobIndex(hex: string): Promise<void> {
    const e = await this.#blobs.get(hex);
    let parts = 0;
    try {
      if (e?.operation === "PUT") parts = pb.BlobIndex.decode(e.value).extraParts;
    } catch {
      // A head that does not decode names no parts; orphaned parts are removed on their own.
    }
    await this.#blobs.purge(hex);
    for (let n = 1; n <= parts; n++) await this.#blobs.purge(`${hex}.${n}`);
  }

  /** Removes a pack part (fsck: orphaned or broken; readers would only fall back). */
  async removePack(key: string): Promise<void> {
    await this.#packs.purge(key);
  }

  /** Removes one key of the blob index bucket (an orphaned continuation part). */
  async removeBlobIndexKey(key: string): Promise<void> {
    await this.#blobs.purge(key);
  }

  /** Test hook: overwrite a page of a blob's tree behind castore's back. */
  async tamperTree(digest: B3Digest, level: number, page: number, bytes: Uint8Array): Promise<void> {
    const hex = digest.toHex();
    const old = (await this.#trees.get(`${hex}.${level}.${page}`))?.value ?? new Uint8Array(0);
    const b = Buffer.from(old);
    b.set(bytes.subarray(0, b.length));
    await this.#trees.put(`${hex}.${level}.${page}`, b);
  }

  /** Test hook: overwrite a blob's index (one part) with another chunk list and size. */
  async tamperIndex(digest: B3Digest, chunks: readonly ChunkMeta[], size?: bigint): Promise<void> {
    const hex = digest.toHex();
    const head = pb.BlobIndex.decode((await this.#blobs.get(hex))!.value);
    await this.#blobs.put(hex, pb.BlobIndex.encode({ ...head, size: size === undefined ? head.size : toLong(size), chunks: chunks.map(chunkMetaToProto), chunkSeqs: seqsToProto(chunks), extraParts: 0 }).finish());
  }

  /** Test hook: make a blob look as a store written before trees existed left it (no tree, no has_tree). */
  async dropTree(digest: B3Digest): Promise<void> {
    const hex = digest.toHex();
    for await (const k of await this.#trees.keys(`${hex}.>`)) await this.#trees.purge(k);
    const head = pb.BlobIndex.decode((await this.#blobs.get(hex))!.value);
    // Exactly the fields an earlier version wrote.
    await this.#blobs.put(hex, pb.BlobIndex.encode({ size: head.size, chunks: head.chunks, extraParts: head.extraParts }).finish());
  }

  /** Test hook: overwrite a stored chunk's bytes behind castore's back. */
  async tamper(digest: B3Digest, bytes: Uint8Array): Promise<void> {
    await this.#chunks.put(digest.toHex(), bytes);
    this.#present.delete(digest.toHex());
  }

  /** Test hook: remove a chunk (and nothing else) behind castore's back, as a lost disk would. */
  async purgeChunkOnly(digest: B3Digest): Promise<void> {
    await this.#chunks.purge(digest.toHex());
    this.#present.delete(digest.toHex());
  }

  async close(): Promise<void> {}
}
