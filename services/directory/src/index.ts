// @castore/directory: the directory service — contract, backends, NATS server and client.
export type { DirectoryService, DirectoryPutter } from "./service.js";
export { StoreDirectoryService, checkExternal, decodeVerified, type DirectoryStore, type StoreDirectoryOptions } from "./store.js";
export { MemoryDirectoryStore, memoryDirectoryService } from "./memory.js";
export { JetStreamDirectoryStore, type JetStreamDirectoryOptions } from "./jetstream.js";
export { LARGE_DIRECTORY_BYTES } from "./codec.js";
export { directoryHandlers } from "./handlers.js";
export { startDirectoryServer, DIRECTORY_SERVICE_NAME, type DirectoryServerOptions } from "./server.js";
export { NatsDirectoryService, directoryServiceAvailable, type NatsDirectoryOptions } from "./client.js";
export { directoryServiceFromAddr, openJetStreamDirectories, type DirectoryFromAddrOptions } from "./from-addr.js";
export { directoryStarter } from "./serve.js";
export { CacheDirectoryStore, PriorityDirectoryStore, LruDirectoryStore, directoryStoreOf, missingClosure, storeClosure, postOrder, type CacheDirectoryOptions } from "./cache.js";
