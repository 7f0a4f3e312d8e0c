// The contract below BlobService: a store of verified chunks plus an index of multi-chunk
// blobs. Backends implement it (memory, JetStream) and so does the NATS client, so that the
// chunking, deduplication and verification pipeline (chunked.ts) is written once.
import { Code, StoreError, type B3Digest } from "@castore/core";
import type { ChunkMeta } from "./service.js";

export const MIN_CHUNK_SIZE = 128 * 1024;
export const AVG_CHUNK_SIZE = 256 * 1024;
export const MAX_CHUNK_SIZE = 512 * 1024;

/** Refuses a chunk outside 1..MAX_CHUNK_SIZE bytes (400 empty, 413 too large). */
export function checkChunkSize(size: number, which = "chunk"): void {
  if (size === 0) throw new StoreError(Code.InvalidArgument, `${which} is empty; the empty blob always exists and is never stored`);
  if (size > MAX_CHUNK_SIZE) throw new StoreError(Code.TooLarge, `${which} is ${size} bytes; at most ${MAX_CHUNK_SIZE}`);
}

/** A put session (sessions.ts): batches in chunk order, then a commit without read-back. */
export interface PutSession {
  put(firstIndex: number, items: readonly ({ data: Uint8Array } | { meta: ChunkMeta })[]): Promise<PutChunkResult[]>;
  commit(digest: B3Digest, totalChunks: number): Promise<void>;
}

export interface StoredBlob {
  readonly size: bigint;
  /** Chunks of a multi-chunk blob; empty for a blob stored as one chunk (or the empty blob). */
  readonly chunks: readonly ChunkMeta[];
}

/** What recheckChunk found: the chunk is fine; was absent or corrupt and its records were removed; was absent, nothing claimed it. */
export type ChunkHealth = "ok" | "repaired" | "absent";

export interface PutChunkResult {
  readonly digest: B3Digest;
  readonly existed: boolean;
  /** The chunk's sequence in the store's chunk stream, when this put wrote it (JetStream). */
  readonly seq?: number;
}

/**
 * Chunks up to this size skip the presence index: asking for their body costs about as much as
 * asking whether they exist, and a new one then costs one JetStream write instead of three.
 */
export const SMALL_CHUNK_SIZE = 16 * 1024;

export interface ChunkStore {
  /**
   * The subset of `digests` the store does not have, in the given order. `sizeHints` (per
   * digest, if known) lets a store find small chunks with one lookup.
   */
  missingChunks(digests: readonly B3Digest[], sizeHints?: readonly (number | undefined)[]): Promise<B3Digest[]>;

  /**
   * Stores chunks (each 1..MAX_CHUNK_SIZE bytes; the empty blob is never stored), computing their
   * digests; idempotent.
   * Returns, in order, each digest and whether the store already had that chunk.
   */
  putChunks(chunks: readonly Uint8Array[]): Promise<PutChunkResult[]>;

  /**
   * A chunk's bytes, unverified (callers verify), or null. `seq` is a location hint (ChunkMeta.seq)
   * a store may use; a wrong or stale hint costs a second lookup, never a wrong answer.
   */
  getChunk(digest: B3Digest, seq?: number): Promise<Uint8Array | null>;

  /**
   * Reads the chunk back and checks it against its digest; if it is absent or corrupt, removes
   * every record claiming it is present (the chunk itself, its presence entry, cached presence),
   * so the next put sends it again. Called after a read found it missing or wrong.
   */
  recheckChunk(digest: B3Digest): Promise<ChunkHealth>;

  /**
   * `count` consecutive pages (TREE_PAGE_CVS CVs each, concatenated; the last may be short) of
   * level `level` of a multi-chunk blob's tree, unverified (readers verify against the digest);
   * null if the blob is unknown or has no tree stored yet (committed before trees existed);
   * "unsupported" from a client of an older service that cannot give trees.
   */
  treePages(digest: B3Digest, level: number, first: number, count: number): Promise<Uint8Array | null | "unsupported">;

  /**
   * Builds and stores the tree of a stored multi-chunk blob that has none, reading its chunks and
   * checking the root against the digest first; idempotent. False if the blob is unknown or is a
   * single chunk (which needs no tree).
   */
  buildTree(digest: B3Digest): Promise<boolean>;

  /**
   * Makes a multi-chunk blob visible whose content the caller has verified itself (a put session
   * that hashed every chunk: `levels` is the blob's tree, its root the digest): writes the tree and
   * the index without reading the chunks back. As commitBlob if the blob is visible already.
   */
  commitVerified?(digest: B3Digest, chunks: readonly ChunkMeta[], size: bigint, levels: readonly Uint8Array[]): Promise<void>;

  /**
   * Relayed reads: asks the store's JetStream to send each chunk straight to
   * `<replyPrefix>.<firstToken + i>` (a direct get with that reply subject), so its bytes never
   * pass through this process. Resolves once the requests are published. JetStream stores only.
   */
  relayChunks?(digests: readonly B3Digest[], seqs: readonly number[], replyPrefix: string, firstToken: number): void;

  /**
   * Packs (core packs.ts): part `key` = "<directory hex>.<part>". A store checks a part
   * (checkPack) before it keeps it; getPack returns it unverified (readers verify each blob).
   * Stores without packs leave these out; readers then read every blob on its own.
   */
  putPack?(key: string, part: number, pack: Uint8Array): Promise<void>;
  getPack?(key: string): Promise<Uint8Array | null>;

  /** A put session on the store's service (NATS clients); null where there is none. */
  openSession?(): Promise<PutSession | null>;

  /** A blob's size and chunk list, or null. Any stored chunk is a blob too. */
  statBlob(digest: B3Digest): Promise<StoredBlob | null>;

  /**
   * Makes a multi-chunk blob visible: every chunk must exist with its size, sizes must be within
   * the chunking bounds, and the concatenation must hash to `digest`; else InvalidArgument and
   * nothing changes. Idempotent: committing a visible blob again with its own chunk list is a
   * success; with any other list it is InvalidArgument.
   */
  commitBlob(digest: B3Digest, chunks: readonly ChunkMeta[]): Promise<void>;

  close(): Promise<void>;
}
