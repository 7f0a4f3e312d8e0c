// @castore/blob: the blob service — contract, backends, NATS server and client.
export type { BlobService, BlobStat, ChunkMeta, PutOptions, PutResult, ReadOptions } from "./service.js";
export type { ChunkStore, StoredBlob } from "./chunk-store.js";
export { MIN_CHUNK_SIZE, AVG_CHUNK_SIZE, MAX_CHUNK_SIZE } from "./chunk-store.js";
export { ChunkedBlobService, verifyCommit, type ChunkedOptions } from "./chunked.js";
export { MemoryChunkStore, memoryBlobService } from "./memory.js";
export { JetStreamChunkStore, type JetStreamBlobOptions } from "./jetstream.js";
export { MemoryPageStaging, JetStreamPageStaging, type PageStaging, type JetStreamPageStagingOptions } from "./staging.js";
export { blobHandlers, LIMITS, type BlobHandlers, type Handler } from "./handlers.js";
export { startBlobServer, bindService, usablePayload, silentLogger, BLOB_SERVICE_NAME, SERVICE_VERSION, type Logger, type RunningService, type BlobServerOptions } from "./server.js";
export { Batcher } from "./batcher.js";
export { NatsBlobService, NatsChunkStore, blobServiceAvailable, type NatsBlobOptions } from "./client.js";
export { blobServiceFromAddr, parseStoreAddr, type FromAddrOptions, type StoreAddr } from "./from-addr.js";
