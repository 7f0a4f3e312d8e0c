// Binds the blob handlers to `<prefix>.blob.v1.*` as the micro service "castore-blob"
// (service-kit bindService: queue group, error headers, size limits, drain on stop).
import { randomBytes } from "node:crypto";
import { blobReplicaSubject, blobSubjects } from "@castore/core";
import { BLOB_LIMITS, JetStreamPageStaging, bindService, silentLogger, type Handler, type Logger, type PageStaging, type RunningService } from "@castore/service-kit";
import type { NatsConnection } from "@nats-io/nats-core";
import type { ChunkStore } from "./chunk-store.js";
import { blobHandlers } from "./handlers.js";
import { PutSessions } from "./sessions.js";

export const BLOB_SERVICE_NAME = "castore-blob";

export interface BlobServerOptions {
  readonly prefix: string;
  readonly store: ChunkStore;
  /**
   * Where multi-page commits wait; must be shared by all replicas. Default: a JetStream KV
   * bucket of the store's prefix.
   */
  readonly staging?: PageStaging;
  /** Replicas and JetStream domain of the default staging bucket. */
  readonly replicas?: number;
  readonly domain?: string;
  readonly logger?: Logger;
}

export async function startBlobServer(nc: NatsConnection, opts: BlobServerOptions): Promise<RunningService> {
  const subjects = blobSubjects(opts.prefix);
  const staging =
    opts.staging ??
    (await JetStreamPageStaging.open(nc, {
      prefix: opts.prefix,
      kind: "commits",
      ...(opts.replicas ? { replicas: opts.replicas } : {}),
      ...(opts.domain ? { domain: opts.domain } : {}),
    }));
  // Put sessions live on this replica: its own subjects, next to the queue-group ones.
  const replica = blobReplicaSubject(opts.prefix, randomBytes(8).toString("hex"));
  const sessions = opts.store.commitVerified ? new PutSessions(opts.store) : null;
  const handlers = blobHandlers(opts.store, staging, sessions ? { sessions, subject: replica } : undefined);
  const max = BLOB_LIMITS.requestBytes;
  const endpoints: [keyof typeof subjects, Handler, number][] = [
    ["stat", handlers.stat, max.stat],
    ["missing", handlers.missing, max.missing],
    ["putChunks", handlers.putChunks, max.putChunks],
    ["getChunk", handlers.getChunk, max.getChunk],
    ["commit", handlers.commit, max.commit],
    ["recheck", handlers.recheck, max.recheck],
    ["tree", handlers.tree, max.tree],
    ["chunk", handlers.chunk, max.chunk],
    ["session", handlers.session, max.session],
    ["relay", handlers.relay, max.relay],
    ["packPut", handlers.packPut, max.packPut],
    ["packGet", handlers.packGet, max.packGet],
  ];
  const running = await bindService(nc, {
    name: BLOB_SERVICE_NAME,
    description: "castore blob service: chunked, deduplicated, verified blobs",
    prefix: opts.prefix,
    logger: opts.logger ?? silentLogger,
    endpoints: [
      ...endpoints.map(([op, h, max]) => ({ name: op, subject: subjects[op], handler: h, maxRequestBytes: max })),
      ...(sessions
        ? [
            { name: "sessionPut", subject: `${replica}.put`, handler: handlers.sessionPut, maxRequestBytes: max.putChunks },
            { name: "sessionCommit", subject: `${replica}.commit`, handler: handlers.sessionCommit, maxRequestBytes: max.session },
          ]
        : []),
    ],
  });
  return {
    service: running.service,
    async stop() {
      await running.stop();
      sessions?.close();
    },
  };
}
