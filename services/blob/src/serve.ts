// The blob service as `castore serve` and its own process start it: the JetStream backend of the
// store's prefix, bound to `<prefix>.blob.v1.*`.
import type { ServiceStarter } from "@castore/service-kit";
import { JetStreamChunkStore } from "./jetstream.js";
import { BLOB_SERVICE_NAME, startBlobServer } from "./server.js";

export const blobStarter: ServiceStarter = {
  name: "blob",
  serviceName: BLOB_SERVICE_NAME,
  description: "castore blob service (chunked, deduplicated, verified blobs)",
  async start(nc, ctx) {
    const backend = { prefix: ctx.prefix, replicas: ctx.replicas, ...(ctx.domain === undefined ? {} : { domain: ctx.domain }) };
    const store = await JetStreamChunkStore.open(nc, backend);
    const svc = await startBlobServer(nc, { ...backend, store, logger: ctx.logger });
    return {
      service: svc.service,
      async stop() {
        await svc.stop();
        await store.close();
      },
    };
  },
};
