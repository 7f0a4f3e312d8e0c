// @castore/store: open a store by URL and work with it — the one library every castore program
// (the CLI, the HTTP bridge, copy, mount, your own code) uses.
//
//   const store = await openStore("nats://127.0.0.1:4222?prefix=castore"); // "memory://"; none = embedded
//   const r = await store.importPath("./dir", { name: "dir" });
//   for await (const piece of store.nar(r.storePath)) { … }
//   await store.exportTo(r.storePath, "./copy");
//   await store.close();
export { openStore, defaultHome, type OpenStoreOptions, type ServiceName } from "./open.js";
export { storeAddress, type StoreAddressOptions } from "./address.js";
export type { Store, ImportSummary, ImportPathOptions, ImportNarOptions, IngestNarOptions, NarIngest } from "./store.js";
export type { Services } from "./services.js";
export type { Progress } from "./progress.js";
export { parseTreeRef, parseBlobRef, looksLikeStorePath, type TreeRef } from "./ref.js";
export { resolve, needsPathInfo, relPath, type Resolved } from "./resolve.js";
export { checkExportDest, removeTree, type ExportToOptions } from "./export.js";
export { registerCaPath, type NarContent } from "./register.js";
export { ensureEmbeddedServer, foregroundEmbeddedServer, stopEmbeddedServer, liveServer, embeddedPaths, type ServerRecord, type ForegroundServer } from "./embedded.js";
export { bytesField, nodeJson, pathSummary, pathInfoJson, storePathName, type Json, type JsonObject } from "./summary.js";
export { fsck, type FsckKind, type FsckOptions, type FsckProblem, type FsckReport } from "./fsck.js";
export { copyClosure, type CopyOptions, type CopySummary } from "./copy.js";
export { Composer, cacheLayers, compositionOf, jetStreamLayersOn, natsLayersOn, storeOfLayers, type Layers, type BuildOptions, type CacheLayerOptions } from "./composition.js";
export { gc, takeLease, GC_KINDS, type GcKind, type GcFreed, type GcOptions, type GcReport, type EvictionPlan, type Lease } from "./gc.js";
export { Evictor, storeBytes, DEFAULT_EVICT_GRACE_MS, type EvictorOptions } from "./evict.js";
export { deletePathInfo, openPins, pinKey, type PinRecord, type Pins } from "./pins.js";
export { Edge, checkUpstreams, nearStoreMarker, nearMarkerBucket, type EdgeOptions } from "./edge.js";
