// @castore/blob: the blob service — contract, backends, NATS server and client.
export type { BlobService, BlobStat, ChunkMeta, PutOptions, PutResult, ReadOptions } from "./service.js";
export type { ChunkStore, StoredBlob } from "./chunk-store.js";
export { MIN_CHUNK_SIZE, AVG_CHUNK_SIZE, MAX_CHUNK_SIZE } from "./chunk-store.js";
export { ChunkedBlobService, verifyCommit, type ChunkedOptions } from "./chunked.js";
export { MemoryChunkStore, memoryBlobService } from "./memory.js";
