// A batched presence check for blobs of one chunk (every blob under MIN_CHUNK_SIZE): such a
// blob is stored as its chunk, under the same digest, so the chunk store's missing-check answers
// for many at once, where BlobService.has costs a request each. Used only when the service is a
// ChunkedBlobService (every backend and the NATS client are).
import type { B3Digest } from "@castore/core";
import { Batcher, ChunkedBlobService, type BlobService } from "@castore/blob";

/**
 * Whether a blob of one chunk is stored, by the chunk store's missing-check, which the NATS
 * client coalesces into one request per thousand digests (has() costs a request each).
 */
export function presenceCheck(blobs: BlobService): (digest: B3Digest, size: number) => Promise<boolean> {
  if (!(blobs instanceof ChunkedBlobService)) return (d) => blobs.has(d);
  const store = blobs.store;
  // Checks asked for in the same turn go out as one call: a store that looks each digest up
  // on its own (JetStream) then sends its requests together too. Sizes let the store look
  // small chunks up in one step (they have no presence entry).
  const batcher = new Batcher<{ digest: B3Digest; size: number }, boolean>(
    async (batch) => {
      const missing = await store.missingChunks(batch.map((q) => q.digest), batch.map((q) => q.size));
      const lacking = new Set(missing.map((d) => d.toHex()));
      return batch.map((q) => !lacking.has(q.digest.toHex()));
    },
    { maxItems: Infinity },
  );
  return async (digest, size) => (await batcher.add([{ digest, size }]))[0]!;
}
