// The protocol's limits (docs/PROTOCOL.md): facts of the wire format that servers enforce and
// clients size their requests by. Kept apart from handlers and servers so a client needs neither.
const KiB = 1024;

export const BLOB_LIMITS = {
  /** Chunk list entries per stat page and per commit page. */
  chunksPerPage: 8192,
  /** Digests per missing-chunks query. */
  digestsPerQuery: 4096,
  /** Pages of one commit (64 × 8192 chunks of 128–512 KiB: 64–256 GiB, beyond any real blob). */
  commitPages: 64,
  /** Largest well-formed request per endpoint; anything bigger is refused with 413 unread. */
  requestBytes: { stat: 4 * KiB, missing: 256 * KiB, putChunks: Infinity, getChunk: 4 * KiB, commit: 512 * KiB, recheck: 4 * KiB, tree: 4 * KiB, chunk: 4 * KiB, session: 4 * KiB, relay: 8 * KiB, packPut: 1024 * KiB, packGet: 4 * KiB },
  /** Chunks one relay request names at most. */
  relayChunks: 64,
} as const;

export const DIRECTORY_LIMITS = {
  /** Digests per batch get. */
  digestsPerGet: 1024,
  /** Pages of one upload (the client sends pages of 256 KiB: 1 GiB of directories). */
  pagesPerUpload: 4096,
  requestBytes: { get: 64 * KiB, put: Infinity },
} as const;

export const PATHINFO_LIMITS = {
  /** Entries per listing page at most, and by default. */
  pageLimit: 1000,
  defaultPage: 100,
  requestBytes: { get: 4 * KiB, put: Infinity, list: 4 * KiB, calculateNar: 8 * KiB },
} as const;

/** The staging buckets where pages of multi-page requests wait (staging.ts). */
export const STAGING_LIMITS = {
  /** A staged page expires this long after it was written. */
  ttlMs: 15 * 60 * 1000,
  /** Bytes one staging bucket holds at most; past it pages are refused (503) until some expire. */
  maxBytes: 256 * 1024 * 1024,
} as const;
