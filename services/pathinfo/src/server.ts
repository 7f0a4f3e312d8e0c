// Binds the path-info handlers to `<prefix>.pathinfo.v1.*` as the micro service
// "castore-pathinfo" (same conventions as the other services).
import { pathInfoSubjects } from "@castore/core";
import { bindService, silentLogger, type Logger, type RunningService, usablePayload } from "@castore/blob";
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
      { name: "get", subject: subjects.get, handler: h.get, maxRequestBytes: 4 * 1024 },
      { name: "put", subject: subjects.put, handler: h.put },
      { name: "list", subject: subjects.list, handler: h.list, maxRequestBytes: 4 * 1024 },
      { name: "calculate_nar", subject: subjects.calculateNar, handler: h.calculateNar, maxRequestBytes: 8 * 1024 },
    ],
  });
}
