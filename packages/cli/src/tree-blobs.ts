// Blob reads for rendering whole trees (`castore nar`): a blob of one chunk is that chunk, so a
// small file costs one chunk get instead of a stat and a get. The chunk is verified against the
// blob digest before it is handed out; anything else (multi-chunk blobs, ranges, the empty
// blob) goes to the ordinary, verifying BlobService.
import { Readable } from "node:stream";
import { B3Digest, Code, StoreError } from "@castore/core";
import type { BlobService, BlobStat, ChunkStore, PutOptions, PutResult, ReadOptions } from "@castore/blob";

export class TreeReadBlobs implements BlobService {
  readonly #inner: BlobService;
  readonly #chunks: Pick<ChunkStore, "getChunk">;

  constructor(inner: BlobService, chunks: Pick<ChunkStore, "getChunk">) {
    this.#inner = inner;
    this.#chunks = chunks;
  }

  has(digest: B3Digest): Promise<boolean> {
    return this.#inner.has(digest);
  }

  stat(digest: B3Digest): Promise<BlobStat | null> {
    return this.#inner.stat(digest);
  }

  async read(digest: B3Digest, opts: ReadOptions = {}): Promise<Readable | null> {
    if (opts.offset !== undefined || opts.length !== undefined) return this.#inner.read(digest, opts);
    const data = await this.#chunks.getChunk(digest);
    if (data === null) return this.#inner.read(digest);
    if (!B3Digest.of(data).equals(digest)) {
      throw new StoreError(Code.Internal, `chunk ${digest} read back with other content: the store is corrupt`);
    }
    return Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)], { objectMode: false });
  }

  put(source: AsyncIterable<Uint8Array> | Uint8Array, opts?: PutOptions): Promise<PutResult> {
    return this.#inner.put(source, opts);
  }

  async close(): Promise<void> {}
}
