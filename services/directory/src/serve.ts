// The directory service as `castore serve` and its own process start it: the JetStream backend of
// the store's prefix, bound to `<prefix>.directory.v1.*`. Directories too large for one KV value
// are kept as blobs of the same store, written in-process (not through the blob service, which
// need not run beside this one).
import type { ServiceStarter } from "@castore/service-kit";
import { openJetStreamBlobs } from "@castore/blob";
import { JetStreamDirectoryStore } from "./jetstream.js";
import { DIRECTORY_SERVICE_NAME, startDirectoryServer } from "./server.js";

export const directoryStarter: ServiceStarter = {
  name: "directory",
  serviceName: DIRECTORY_SERVICE_NAME,
  description: "castore directory service (Merkle trees of directories, files and symlinks)",
  async start(nc, ctx) {
    const backend = { prefix: ctx.prefix, replicas: ctx.replicas, ...(ctx.domain === undefined ? {} : { domain: ctx.domain }) };
    const blobs = await openJetStreamBlobs(nc, backend);
    const store = await JetStreamDirectoryStore.open(nc, { ...backend, blobs });
    const svc = await startDirectoryServer(nc, { ...backend, store, blobs, logger: ctx.logger });
    return {
      service: svc.service,
      async stop() {
        await svc.stop();
        await store.close();
        await blobs.close();
      },
    };
  },
};
