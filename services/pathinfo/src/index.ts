// @castore/pathinfo: the path-info service — contract, backends, NAR calculation, NATS server and client.
export { checkListLimit, type PathInfoService, type PathInfoPage, type NarFigures } from "./service.js";
export { StorePathInfoService, narCacheKey, pathInfoKey, type PathInfoStore, type PathInfoPolicy } from "./store.js";
export { MemoryPathInfoStore } from "./memory.js";
export { JetStreamPathInfoStore, type JetStreamPathInfoOptions } from "./jetstream.js";
export { calculateNar, renderNarFromStore } from "./nar.js";
export { pathInfoHandlers } from "./handlers.js";
export { startPathInfoServer, PATHINFO_SERVICE_NAME, type PathInfoServerOptions } from "./server.js";
export { NatsPathInfoService, pathInfoServiceAvailable, type NatsPathInfoOptions } from "./client.js";
export { pathInfoServiceFromAddr, openJetStreamPathInfos, type PathInfoFromAddrOptions } from "./from-addr.js";
export { pathInfoStarter } from "./serve.js";
export { CachePathInfoStore, PriorityPathInfoStore, LruPathInfoStore, pathInfoStoreOf, type CachePathInfoOptions } from "./cache.js";
