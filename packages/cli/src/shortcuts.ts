// Shortcuts for blobs of one chunk (every blob under MIN_CHUNK_SIZE), where the BlobService
// contract costs more round trips than needed when many small files go in or out: such a blob
// is stored as its chunk, under the same digest, so the chunk store answers for it directly.
// Used only when the service is a ChunkedBlobService (every backend and the NATS client are);
// the bytes are verified here exactly as BlobService.read verifies them.
import { Code, StoreError, blake3, type B3Digest } from "@castore/core";
import { ChunkedBlobService, MIN_CHUNK_SIZE, type BlobService } from "@castore/blob";

/**
 * Whether a blob of one chunk is stored, by the chunk store's missing-check, which the NATS
 * client coalesces into one request per thousand digests (has() costs a request each).
 */
export function presenceCheck(blobs: BlobService): (digest: B3Digest, size: number) => Promise<boolean> {
  if (!(blobs instanceof ChunkedBlobService)) return (d) => blobs.has(d);
  const store = blobs.store;
  // Checks asked for in the same turn go out as one call: a store that looks each digest up
  // on its own (JetStream) then sends its requests together too.
  let queue: { digest: B3Digest; size: number; resolve: (stored: boolean) => void; reject: (e: unknown) => void }[] = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    // Sizes let the store look small chunks up in one step (they have no presence entry).
    store.missingChunks(batch.map((q) => q.digest), batch.map((q) => q.size)).then(
      (missing) => {
        const lacking = new Set(missing.map((d) => d.toHex()));
        for (const q of batch) q.resolve(!lacking.has(q.digest.toHex()));
      },
      (e: unknown) => batch.forEach((q) => q.reject(e)),
    );
  };
  return (digest, size) =>
    new Promise<boolean>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ digest, size, resolve, reject });
    });
}

/**
 * Reads a blob known to be smaller than one chunk with a single chunk fetch (BlobService.read
 * stats first), verified against its digest and size. Null when the chunk is not there (the
 * caller then goes the ordinary way, which tells missing from inconsistent); null as the
 * function when the service offers no chunk store.
 */
export function smallBlobReader(blobs: BlobService): ((digest: B3Digest, size: number) => Promise<Uint8Array | null>) | null {
  if (!(blobs instanceof ChunkedBlobService)) return null;
  const store = blobs.store;
  return async (digest, size) => {
    if (size >= MIN_CHUNK_SIZE || size === 0) return null;
    const data = await store.getChunk(digest);
    if (data === null) return null;
    if (data.length !== size || !digest.equals(blake3(data))) {
      throw new StoreError(Code.Internal, `verification failed: blob ${digest} does not match its digest (${data.length} bytes)`);
    }
    return data;
  };
}
