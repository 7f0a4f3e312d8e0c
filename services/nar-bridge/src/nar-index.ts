// The NAR-hash index: which castore root node a NAR uploaded to the bridge (`PUT /nar/<hash>.nar`)
// became, so the narinfo PUT that follows — on any replica, now or much later — can bind its store
// path to that node. tvix keeps this in a per-process LRU; here it is a JetStream KV bucket shared
// by every replica (PROTOCOL.md, "nar-bridge"):
//   castore-narindex_<p>   nixbase32 NAR SHA-256 (52 chars) -> flags (1 byte; bit 0: claimed, i.e. a
//                          narinfo PUT stored a path with this NAR) ‖ NAR size (u64, big-endian)
//                          ‖ the anonymous root node (tvix.castore.v1.Node)
// Entries are written after the NAR's content was stored and checked; they are facts about
// content (the same NAR always gives the same node), so a rewrite is harmless and none expires.
// Nix keeps the narinfo it uploaded in its own disk cache, NAR URL `nar/<narhash>.nar` included,
// and downloads from that URL later: claimed entries serve it.
import { Code, StoreError, bucketName, decodeNode, encodeNode, nixbase32Encode, renameNode, type Node } from "@castore/core";
import { kvGet, type KvLocation } from "@castore/service-kit";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";

export interface IndexedNar {
  /** The root node, anonymous (empty name). */
  readonly node: Node;
  readonly narSize: bigint;
  /** A narinfo PUT stored a path with this NAR, so it may be downloaded by its hash. */
  readonly claimed: boolean;
}

/** NAR SHA-256 -> the node its content was stored as. */
export interface NarIndex {
  /** What the NAR with this SHA-256 (32 bytes) was stored as, or null if it never was. */
  get(narSha256: Uint8Array): Promise<IndexedNar | null>;
  /** Records a NAR whose content is stored. Returns only once the entry is durable. */
  put(narSha256: Uint8Array, nar: IndexedNar): Promise<void>;
}

/** For memory:// stores and tests: gone with the process. */
export class MemoryNarIndex implements NarIndex {
  readonly #entries = new Map<string, IndexedNar>();

  async get(narSha256: Uint8Array): Promise<IndexedNar | null> {
    return this.#entries.get(indexKey(narSha256)) ?? null;
  }

  async put(narSha256: Uint8Array, nar: IndexedNar): Promise<void> {
    this.#entries.set(indexKey(narSha256), nar);
  }
}

export interface JetStreamNarIndexOptions {
  readonly prefix: string;
  readonly replicas?: number;
  readonly domain?: string;
}

export class JetStreamNarIndex implements NarIndex {
  readonly #loc: KvLocation;

  private constructor(loc: KvLocation) {
    this.#loc = loc;
  }

  /** Opens (creating if needed) the store's index bucket. */
  static async open(nc: NatsConnection, opts: JetStreamNarIndexOptions): Promise<JetStreamNarIndex> {
    const jsOpts = opts.domain ? { domain: opts.domain } : {};
    const bucket = bucketName(opts.prefix, "narindex");
    const kv = await new Kvm(jetstream(nc, jsOpts)).create(bucket, { history: 1, replicas: opts.replicas ?? 1 });
    return new JetStreamNarIndex({ kv, jsm: await jetstreamManager(nc, jsOpts), bucket });
  }

  async get(narSha256: Uint8Array): Promise<IndexedNar | null> {
    // A miss is confirmed by the stream leader: the entry may have been written a moment ago
    // through another replica.
    const v = await kvGet(this.#loc, indexKey(narSha256), true);
    return v === null ? null : decodeEntry(v, narSha256);
  }

  async put(narSha256: Uint8Array, nar: IndexedNar): Promise<void> {
    await this.#loc.kv.put(indexKey(narSha256), encodeEntry(nar));
  }
}

export function indexKey(narSha256: Uint8Array): string {
  if (narSha256.length !== 32) throw new StoreError(Code.InvalidArgument, `NAR hash must be 32 bytes, got ${narSha256.length}`);
  return nixbase32Encode(narSha256);
}

export function encodeEntry(nar: IndexedNar): Uint8Array {
  const head = Buffer.alloc(9);
  head[0] = nar.claimed ? 1 : 0;
  head.writeBigUInt64BE(nar.narSize, 1);
  return Buffer.concat([head, encodeNode(renameNode(nar.node, new Uint8Array(0)))]);
}

export function decodeEntry(v: Uint8Array, narSha256: Uint8Array): IndexedNar {
  try {
    if (v.length < 10) throw new Error(`entry of ${v.length} bytes is too short`);
    const b = Buffer.from(v.buffer, v.byteOffset, v.length);
    return { claimed: (b[0]! & 1) === 1, narSize: b.readBigUInt64BE(1), node: decodeNode(v.subarray(9)) };
  } catch (e) {
    throw new StoreError(Code.Internal, `NAR index entry of sha256:${nixbase32Encode(narSha256)} is corrupt: ${(e as Error).message}`, { cause: e });
  }
}

/** The index of a store: its JetStream bucket when the store is on NATS, else one in memory. */
export async function openNarIndex(
  store: { readonly connection: NatsConnection | null; readonly prefix: string },
  opts: { replicas?: number; domain?: string } = {},
): Promise<NarIndex> {
  if (store.connection === null) return new MemoryNarIndex();
  return JetStreamNarIndex.open(store.connection, { prefix: store.prefix, ...opts });
}
