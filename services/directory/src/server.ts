// Binds the directory handlers to `<prefix>.directory.v1.*` as the micro service
// "castore-directory" (same conventions as the blob service: queue group, error headers, drain).
import { directorySubjects } from "@castore/core";
import type { BlobService } from "@castore/blob";
import { DIRECTORY_LIMITS, JetStreamPageStaging, bindService, silentLogger, usablePayload, type Logger, type PageStaging, type RunningService } from "@castore/service-kit";
import type { NatsConnection } from "@nats-io/nats-core";
import { directoryHandlers } from "./handlers.js";
import type { DirectoryStore } from "./store.js";

export const DIRECTORY_SERVICE_NAME = "castore-directory";

export interface DirectoryServerOptions {
  readonly prefix: string;
  readonly store: DirectoryStore;
  /** The store's blob service, for directories too large for one message. */
  readonly blobs: BlobService | null;
  /** Default: a JetStream KV bucket shared by all replicas. */
  readonly staging?: PageStaging;
  /** Replicas and JetStream domain of the default staging bucket. */
  readonly replicas?: number;
  readonly domain?: string;
  readonly logger?: Logger;
}


export async function startDirectoryServer(nc: NatsConnection, opts: DirectoryServerOptions): Promise<RunningService> {
  const subjects = directorySubjects(opts.prefix);
  const staging =
    opts.staging ??
    (await JetStreamPageStaging.open(nc, {
      prefix: opts.prefix,
      kind: "dirpages",
      ...(opts.replicas ? { replicas: opts.replicas } : {}),
      ...(opts.domain ? { domain: opts.domain } : {}),
    }));
  const maxReply = usablePayload(nc);
  const h = directoryHandlers(opts.store, opts.blobs, staging, maxReply);
  return bindService(nc, {
    name: DIRECTORY_SERVICE_NAME,
    description: "castore directory service: Merkle trees of directories, files and symlinks",
    prefix: opts.prefix,
    logger: opts.logger ?? silentLogger,
    endpoints: [
      { name: "get", subject: subjects.get, handler: h.get, maxRequestBytes: DIRECTORY_LIMITS.requestBytes.get },
      { name: "put", subject: subjects.put, handler: h.put, maxRequestBytes: DIRECTORY_LIMITS.requestBytes.put },
    ],
  });
}
