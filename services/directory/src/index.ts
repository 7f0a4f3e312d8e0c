// @castore/directory: the directory service — contract, backends, NATS server and client.
export type { DirectoryService, DirectoryPutter } from "./service.js";
export { StoreDirectoryService, checkExternal, decodeVerified, type DirectoryStore, type StoreDirectoryOptions } from "./store.js";
export { MemoryDirectoryStore, memoryDirectoryService } from "./memory.js";
export { JetStreamDirectoryStore, LARGE_DIRECTORY_BYTES, type JetStreamDirectoryOptions } from "./jetstream.js";
export { directoryHandlers, DIRECTORY_LIMITS } from "./handlers.js";
export { startDirectoryServer, DIRECTORY_SERVICE_NAME, type DirectoryServerOptions } from "./server.js";
export { NatsDirectoryService, type NatsDirectoryOptions } from "./client.js";
