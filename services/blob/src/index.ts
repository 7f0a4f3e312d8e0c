// @castore/blob: the blob service — contract, backends, NATS server and client.
export type { BlobService, BlobStat, ChunkMeta, MissingOptions, PutOptions, PutResult, ReadOptions } from "./service.js";
export type { ChunkStore, StoredBlob, PutChunkResult, ChunkHealth } from "./chunk-store.js";
export { MIN_CHUNK_SIZE, AVG_CHUNK_SIZE, MAX_CHUNK_SIZE, SMALL_CHUNK_SIZE } from "./chunk-store.js";
export { ChunkedBlobService, verifyCommit, type ChunkedOptions } from "./chunked.js";
export { MemoryChunkStore, memoryBlobService } from "./memory.js";
export { JetStreamChunkStore, casRewrite, isWrongLastSequence, touchAtLeader, type JetStreamBlobOptions } from "./jetstream.js";
export { blobHandlers, type BlobHandlers } from "./handlers.js";
export { startBlobServer, BLOB_SERVICE_NAME, type BlobServerOptions } from "./server.js";
export { NatsBlobService, NatsChunkStore, blobServiceAvailable, type NatsBlobOptions } from "./client.js";
export { blobServiceFromAddr, openJetStreamBlobs } from "./from-addr.js";
export { blobStarter } from "./serve.js";
export { TREE_PAGE_CVS, TREE_PAGES_PER_REQUEST, trustedGroupCVs, checkGroups, treePages } from "./tree.js";
export { DirectoryPacks, writePacks } from "./packs.js";
export { CacheChunkStore, PriorityChunkStore, LruChunkStore, type CacheChunkOptions } from "./cache.js";
