// The path-info service as `castore serve` and its own process start it: the JetStream backend of
// the store's prefix, bound to `<prefix>.pathinfo.v1.*`. Content checks and NAR rendering read the
// store's blobs and directories in-process (not through their services, which need not run beside
// this one); it signs with the configured key.
import type { ServiceStarter } from "@castore/service-kit";
import { openJetStreamBlobs } from "@castore/blob";
import { openJetStreamDirectories } from "@castore/directory";
import { JetStreamPathInfoStore } from "./jetstream.js";
import { PATHINFO_SERVICE_NAME, startPathInfoServer } from "./server.js";

export const pathInfoStarter: ServiceStarter = {
  name: "pathinfo",
  serviceName: PATHINFO_SERVICE_NAME,
  description: "castore path-info service (Nix store paths bound to castore nodes)",
  async start(nc, ctx) {
    const backend = { prefix: ctx.prefix, replicas: ctx.replicas, ...(ctx.domain === undefined ? {} : { domain: ctx.domain }) };
    const blobs = await openJetStreamBlobs(nc, backend);
    const dirs = await openJetStreamDirectories(nc, backend, blobs);
    const store = await JetStreamPathInfoStore.open(nc, backend);
    const svc = await startPathInfoServer(nc, { prefix: ctx.prefix, store, blobs, dirs, signingKey: ctx.signingKey, logger: ctx.logger });
    return {
      service: svc.service,
      async stop() {
        await svc.stop();
        await store.close();
        await dirs.close();
      },
    };
  },
};
