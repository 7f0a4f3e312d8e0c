// DirectoryItem <-> Directory. An item carries the canonical encoding, or for a directory too
// large for one message the digest under which the blob service holds that encoding.
import { B3Digest, Code, Directory, StoreError, invalid, readAll, type EncodedDirectory } from "@castore/core";
import type { BlobService } from "@castore/blob";
import type { castore } from "@castore/proto";

/**
 * Encodings above this travel (as a blob reference) and live (as a blob under the directory's
 * digest) in the blob service: both are BLAKE3 of the encoding. Also the limit of one wire item.
 */
export const LARGE_DIRECTORY_BYTES = 256 * 1024;

/** A blob's bytes, read whole (a large directory's encoding), or null if it is absent. */
export async function readFully(blobs: BlobService, digest: B3Digest): Promise<Uint8Array | null> {
  const stream = await blobs.read(digest);
  return stream === null ? null : readAll(stream);
}

type Item = castore.nats.v1.IDirectoryItem;

/** The wire item for a directory; a large one is first put into the blob service. */
export async function toItem(dir: EncodedDirectory, blobs: BlobService | null): Promise<Item> {
  const encoded = dir.encode();
  if (encoded.length <= LARGE_DIRECTORY_BYTES) return { encoded, found: true };
  if (!blobs) throw new StoreError(Code.Internal, `directory ${dir.digest()} needs a blob service to travel (${encoded.length} bytes)`);
  // Usually there already (the JetStream store keeps large directories as blobs, and a re-upload
  // put it before): one stat instead of chunking and hashing megabytes on every get reply.
  if (!(await blobs.has(dir.digest()))) {
    const r = await blobs.put(encoded);
    if (!r.digest.equals(dir.digest())) throw new StoreError(Code.Internal, `blob digest ${r.digest} != directory ${dir.digest()}`);
  }
  return { blobDigest: dir.digest().bytes, found: true };
}

/** The directory an item carries; `expected` (if known) must be its digest. */
export async function fromItem(item: Item, blobs: BlobService | null, expected?: B3Digest): Promise<Directory> {
  let dir: Directory;
  if (item.blobDigest && item.blobDigest.length > 0) {
    const digest = B3Digest.fromBytes(item.blobDigest, "blob_digest");
    if (!blobs) throw invalid(`directory ${digest} arrived as a blob reference, but no blob service is configured`);
    const bytes = await readFully(blobs, digest);
    if (bytes === null) throw invalid(`directory ${digest} was sent as a blob that the blob service does not have`);
    dir = Directory.decode(bytes);
    if (!dir.digest().equals(digest)) throw invalid(`blob ${digest} does not hold a canonical directory`);
  } else {
    dir = Directory.decode(item.encoded ?? new Uint8Array(0));
  }
  if (expected && !dir.digest().equals(expected)) {
    throw new StoreError(Code.Internal, `asked for directory ${expected}, got ${dir.digest()}`);
  }
  return dir;
}
