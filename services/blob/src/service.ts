// The BlobService contract. Every backend (memory, JetStream, the NATS client) implements it,
// and everything that takes a BlobService (the CLI, the NAR renderer, caches) works with any.
import type { Readable } from "node:stream";
import type { B3Digest } from "@castore/core";

/** One chunk of a blob: its BLAKE3 digest and length. */
export interface ChunkMeta {
  readonly digest: B3Digest;
  readonly size: number;
  /**
   * Where the chunk sits in the JetStream chunk stream, if known: a hint for a cheap fetch by
   * sequence (checked against the chunk's key; never trusted for content).
   */
  readonly seq?: number;
}

export interface BlobStat {
  readonly digest: B3Digest;
  readonly size: bigint;
  /**
   * The blob's chunks in order. Empty for the empty blob and for a blob stored as one chunk
   * (tvix: `Some([])`, "no finer chunking").
   */
  readonly chunks: readonly ChunkMeta[];
}

export interface ReadOptions {
  /** First byte to return (default 0). Past the end is InvalidArgument; exactly at the end is empty. */
  readonly offset?: bigint | number;
  /** How many bytes at most (default: to the end). */
  readonly length?: bigint | number;
  /**
   * The blob's size, if the caller knows it (e.g. from a FileNode). A blob under the minimum
   * chunk size is always one chunk, so a whole read of it then costs one chunk fetch instead of
   * a stat and a fetch. The bytes are verified against the digest all the same.
   */
  readonly sizeHint?: bigint | number;
}

export interface MissingOptions {
  /** The blobs' sizes where known, index for index with the digests. */
  readonly sizeHints?: readonly (bigint | number | undefined)[];
}

export interface PutResult {
  readonly digest: B3Digest;
  readonly size: bigint;
  /** Number of chunks the blob consists of (0 for the empty blob). */
  readonly chunks: number;
  /** Bytes and chunks this put sent to the store, and chunks the store already had. */
  readonly bytesUploaded: number;
  readonly chunksUploaded: number;
  readonly chunksSkipped: number;
}

export interface PutOptions {
  /** If set, the put fails with InvalidArgument (and nothing becomes visible) on a mismatch. */
  readonly expectedDigest?: B3Digest;
}

export interface BlobService {
  /** Whether the blob (or chunk: any chunk is a blob of its own) exists. The empty blob always does. */
  has(digest: B3Digest): Promise<boolean>;

  /**
   * The subset of `digests` the store lacks, in the given order: one call for many, which the
   * NATS client answers with one request per few thousand blobs of known small size (has() costs
   * a request each). `sizeHints` (per digest, if known, e.g. from FileNodes) let the store find
   * blobs under the minimum chunk size — always one chunk — in one lookup.
   */
  missing(digests: readonly B3Digest[], opts?: MissingOptions): Promise<B3Digest[]>;

  /** Size and chunk list, or null if the blob does not exist. */
  stat(digest: B3Digest): Promise<BlobStat | null>;

  /**
   * The blob's bytes, or null if it does not exist. Every chunk is verified against its digest
   * before its bytes are handed on; a full read also verifies the blob digest before the
   * stream ends successfully (the last bytes are held back until it matches). A verification
   * failure errors the stream and hands out no unverified bytes.
   */
  read(digest: B3Digest, opts?: ReadOptions): Promise<Readable | null>;

  /**
   * Stores the bytes of `source` and returns the blob's digest. Content is chunked with
   * FastCDC (128/256/512 KiB), only chunks the store lacks are sent, and the blob becomes
   * visible only after its digest has been checked against its content.
   */
  put(source: AsyncIterable<Uint8Array> | Uint8Array, opts?: PutOptions): Promise<PutResult>;

  /**
   * Packs (core packs.ts, PROTOCOL.md "Packs"): part `part` of directory `dir`'s small files,
   * stored together for locality. putPack is checked by the store (every blob matches its digest;
   * else InvalidArgument); getPack answers the part unverified, or null — readers take from it only
   * blobs that match their digests. Stores without packs leave both out.
   */
  putPack?(dir: B3Digest, part: number, pack: Uint8Array): Promise<void>;
  getPack?(dir: B3Digest, part: number): Promise<Uint8Array | null>;

  /** Releases connections and timers. */
  close(): Promise<void>;
}
