// @castore/nar-bridge: a Nix HTTP binary cache over a castore store (reads, `nix copy` uploads).
export { startNarBridge, DEFAULT_SETTINGS, type NarBridge, type NarBridgeOptions } from "./server.js";
export { openNarIndex, MemoryNarIndex, JetStreamNarIndex, type NarIndex, type IndexedNar } from "./nar-index.js";
export { bridgeOptions, loadBridgeConfig, parseListen, type BridgeConfig } from "./config.js";
export { ROUTES, narinfoText } from "./routes/index.js";
export { narUrl, parseNarUrl } from "./nar-url.js";
export { narListing, narSegments, type ListingEntry, type NarSegment } from "./nar-layout.js";
export type { Route, BridgeContext, BridgeRequest, BridgeSettings, Method } from "./route.js";
export type { Reply } from "./http.js";
export { serveBridge, type RunningBridge } from "./serve.js";
