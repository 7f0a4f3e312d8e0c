// The reference backend: chunks and the blob index in Maps. Same checks as every store.
import { checkPack, B3Digest } from "@castore/core";
import { ChunkedBlobService, checkSameChunks, verifyCommit, type ChunkedOptions } from "./chunked.js";
import { checkChunkSize, type ChunkHealth, type ChunkStore, type PutChunkResult, type StoredBlob } from "./chunk-store.js";
import type { ChunkMeta } from "./service.js";
import { CV_LEN } from "@castore/blake3-tree";
import { TREE_PAGE_CVS } from "./tree.js";

export class MemoryChunkStore implements ChunkStore {
  readonly #chunks = new Map<string, Uint8Array>();
  readonly #blobs = new Map<string, StoredBlob>();
  readonly #trees = new Map<string, Uint8Array[]>();
  readonly #packs = new Map<string, Uint8Array>();

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

  async putPack(key: string, part: number, pack: Uint8Array): Promise<void> {
    checkPack(pack, part);
    this.#packs.set(key, pack.slice());
  }

  async getPack(key: string): Promise<Uint8Array | null> {
    return this.#packs.get(key) ?? null;
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
    const { size, levels } = await verifyCommit(digest, chunks, (d) => this.getChunk(d), 64, (d) => this.recheckChunk(d));
    this.#trees.set(digest.toHex(), levels);
    this.#blobs.set(digest.toHex(), { size, chunks: [...chunks] });
  }

  async commitVerified(digest: B3Digest, chunks: readonly ChunkMeta[], size: bigint, levels: readonly Uint8Array[]): Promise<void> {
    const existing = this.#blobs.get(digest.toHex());
    if (existing) return checkSameChunks(digest, existing.chunks, chunks);
    this.#trees.set(digest.toHex(), [...levels]);
    this.#blobs.set(digest.toHex(), { size, chunks: [...chunks] });
  }

  async treePages(digest: B3Digest, level: number, first: number, count: number): Promise<Uint8Array | null> {
    const lv = this.#trees.get(digest.toHex())?.[level];
    if (lv === undefined) return null;
    const per = TREE_PAGE_CVS * CV_LEN;
    return lv.subarray(first * per, (first + count) * per);
  }

  async buildTree(digest: B3Digest): Promise<boolean> {
    const blob = this.#blobs.get(digest.toHex());
    if (!blob) return false;
    if (!this.#trees.has(digest.toHex())) {
      this.#trees.set(digest.toHex(), (await verifyCommit(digest, blob.chunks, (d) => this.getChunk(d))).levels);
    }
    return true;
  }

  /** Test hook: forget a blob's tree, as a store written before trees existed would lack it. */
  dropTree(digest: B3Digest): void {
    this.#trees.delete(digest.toHex());
  }

  /** Test hook: overwrite a page of a blob's stored tree, as a corrupted disk would. */
  tamperTree(digest: B3Digest, level: number, page: number, bytes: Uint8Array): void {
    const lv = Buffer.from(this.#trees.get(digest.toHex())![level]!);
    lv.set(bytes, page * TREE_PAGE_CVS * CV_LEN);
    this.#trees.get(digest.toHex())![level] = lv;
  }

  /** Test hook: overwrite a blob's index (its chunk list, its size). */

  tamperIndex(digest: B3Digest, chunks: readonly ChunkMeta[], size?: bigint): void {
    const b = this.#blobs.get(digest.toHex())!;
    this.#blobs.set(digest.toHex(), { size: size ?? b.size, chunks: [...chunks] });
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

