// A batched presence check for blobs of one chunk (every blob under MIN_CHUNK_SIZE): such a
// blob is stored as its chunk, under the same digest, so the chunk store's missing-check answers
// for many at once, where BlobService.has costs a request each. Used only when the service is a
// ChunkedBlobService (every backend and the NATS client are).
import type { B3Digest } from "@castore/core";
import { ChunkedBlobService, type BlobService } from "@castore/blob";

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
