// A BlobService wrapper that counts reads: tests use it to prove NAR figures come from the cache.
import type { BlobService } from "@castore/blob";

export function countingBlobs(inner: BlobService): { blobs: BlobService; reads(): number } {
  let reads = 0;
  const blobs: BlobService = {
    has: (d) => inner.has(d),
    missing: (d, o) => inner.missing(d, o),
    stat: (d) => inner.stat(d),
    read: (d, o) => {
      reads++;
      return inner.read(d, o);
    },
    put: (s, o) => inner.put(s, o),
    close: () => inner.close(),
  };
  return { blobs, reads: () => reads };
}
