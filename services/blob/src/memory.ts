// The reference backend: chunks and the blob index in Maps. Same checks as every store.
import { B3Digest, invalid } from "@castore/core";
import { ChunkedBlobService, checkSameChunks, verifyCommit, type ChunkedOptions } from "./chunked.js";
import { checkChunkSize, type ChunkHealth, type ChunkStore, type PutChunkResult, type StoredBlob } from "./chunk-store.js";
import type { ChunkMeta } from "./service.js";

export class MemoryChunkStore implements ChunkStore {
  readonly #chunks = new Map<string, Uint8Array>();
  readonly #blobs = new Map<string, StoredBlob>();

  async missingChunks(digests: readonly B3Digest[]): Promise<B3Digest[]> {
    return digests.filter((d) => !this.#chunks.has(d.toHex()));
  }

  async putChunks(chunks: readonly Uint8Array[]): Promise<PutChunkResult[]> {
    for (const c of chunks) checkChunkSize(c.length);
    return chunks.map((c) => {
      const digest = B3Digest.of(c);
      const existed = this.#chunks.has(digest.toHex());
      if (!existed) this.#chunks.set(digest.toHex(), Uint8Array.from(c));
      return { digest, existed };
    });
  }

  async getChunk(digest: B3Digest): Promise<Uint8Array | null> {
    return this.#chunks.get(digest.toHex()) ?? null;
  }

  async recheckChunk(digest: B3Digest): Promise<ChunkHealth> {
    const c = this.#chunks.get(digest.toHex());
    if (c === undefined) return "absent";
    if (digest.equals(B3Digest.of(c))) return "ok";
    this.#chunks.delete(digest.toHex());
    return "repaired";
  }

  async statBlob(digest: B3Digest): Promise<StoredBlob | null> {
    const key = digest.toHex();
    const blob = this.#blobs.get(key);
    if (blob) return blob;
    const chunk = this.#chunks.get(key);
    return chunk ? { size: BigInt(chunk.length), chunks: [] } : null;
  }

  async commitBlob(digest: B3Digest, chunks: readonly ChunkMeta[]): Promise<void> {
    const existing = this.#blobs.get(digest.toHex());
    if (existing) return checkSameChunks(digest, existing.chunks, chunks);
    const size = await verifyCommit(digest, chunks, (d) => this.getChunk(d), 64, (d) => this.recheckChunk(d));
    this.#blobs.set(digest.toHex(), { size, chunks: [...chunks] });
  }

  /** Test hook: replace a stored chunk's bytes, as a corrupted disk would. */
  tamper(digest: B3Digest, bytes: Uint8Array): void {
    this.#chunks.set(digest.toHex(), bytes);
  }

  async close(): Promise<void> {}
}

export function memoryBlobService(opts?: ChunkedOptions): ChunkedBlobService {
  return new ChunkedBlobService(new MemoryChunkStore(), opts);
}

