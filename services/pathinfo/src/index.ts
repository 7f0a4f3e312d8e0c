// @castore/pathinfo: the path-info service — contract, backends, NAR calculation, NATS server and client.
export type { PathInfoService, NarFigures } from "./service.js";
export { StorePathInfoService, narCacheKey, pathInfoKey, type PathInfoStore, type PathInfoPage, type PathInfoPolicy } from "./store.js";
export { MemoryPathInfoStore } from "./memory.js";
export { JetStreamPathInfoStore, type JetStreamPathInfoOptions } from "./jetstream.js";
export { calculateNar, renderNarFromStore } from "./nar.js";
export { pathInfoHandlers, PATHINFO_LIMITS } from "./handlers.js";
export { startPathInfoServer, PATHINFO_SERVICE_NAME, type PathInfoServerOptions } from "./server.js";
export { NatsPathInfoService, type NatsPathInfoOptions } from "./client.js";
