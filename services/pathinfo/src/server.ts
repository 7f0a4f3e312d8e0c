// Binds the path-info handlers to `<prefix>.pathinfo.v1.*` as the micro service
// "castore-pathinfo" (same conventions as the other services).
import { pathInfoSubjects } from "@castore/core";
import { PATHINFO_LIMITS, bindService, silentLogger, usablePayload, type Logger, type RunningService } from "@castore/service-kit";
import type { NatsConnection } from "@nats-io/nats-core";
import { pathInfoHandlers } from "./handlers.js";
import { StorePathInfoService, type PathInfoPolicy, type PathInfoStore } from "./store.js";

export const PATHINFO_SERVICE_NAME = "castore-pathinfo";

export interface PathInfoServerOptions extends PathInfoPolicy {
  readonly prefix: string;
  readonly store: PathInfoStore;
  readonly logger?: Logger;
}


export async function startPathInfoServer(nc: NatsConnection, opts: PathInfoServerOptions): Promise<RunningService> {
  const subjects = pathInfoSubjects(opts.prefix);
  const svc = new StorePathInfoService(opts.store, opts);
  const maxReply = usablePayload(nc);
  const h = pathInfoHandlers(svc, opts.store, maxReply);
  return bindService(nc, {
    name: PATHINFO_SERVICE_NAME,
    description: "castore path-info service: Nix store paths bound to castore nodes",
    prefix: opts.prefix,
    logger: opts.logger ?? silentLogger,
    endpoints: [
      { name: "get", subject: subjects.get, handler: h.get, maxRequestBytes: PATHINFO_LIMITS.requestBytes.get },
      { name: "put", subject: subjects.put, handler: h.put, maxRequestBytes: PATHINFO_LIMITS.requestBytes.put },
      { name: "list", subject: subjects.list, handler: h.list, maxRequestBytes: PATHINFO_LIMITS.requestBytes.list },
      { name: "calculate_nar", subject: subjects.calculateNar, handler: h.calculateNar, maxRequestBytes: PATHINFO_LIMITS.requestBytes.calculateNar },
    ],
  });
}
