// Binds the blob handlers to `<prefix>.blob.v1.*` as a NATS micro service ("castore-blob"):
// discoverable with $SRV.PING/INFO/STATS, every endpoint in one queue group so replicas share
// the load, errors in the standard Nats-Service-Error(-Code) headers. stop() drains: no new
// requests are taken and in-flight ones finish before it resolves.
import { Code, StoreError, blobSubjects, toStoreError } from "@castore/core";
import { Svcm, type Service } from "@nats-io/services";
import type { NatsConnection } from "@nats-io/nats-core";
import type { ChunkStore } from "./chunk-store.js";
import { blobHandlers, type Handler } from "./handlers.js";
import { JetStreamPageStaging, type PageStaging } from "./staging.js";

/** The pino-compatible subset services log through. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Logs nothing: the default when a service is given no logger. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export const BLOB_SERVICE_NAME = "castore-blob";

/**
 * The most one message may carry on this connection, leaving room for headers and protobuf
 * framing: the server's max_payload (1 MiB if unknown, capped at 8 MiB) less 64 KiB.
 */
export function usablePayload(nc: NatsConnection): number {
  return Math.min(nc.info?.max_payload ?? 1 << 20, 8 << 20) - 64 * 1024;
}
export const SERVICE_VERSION = "0.1.0";

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

export interface RunningService {
  readonly service: Service;
  stop(): Promise<void>;
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
  const handlers = blobHandlers(opts.store, staging);
  // Largest well-formed request per endpoint; anything bigger is refused with 413 unread.
  const KiB = 1024;
  const endpoints: [keyof typeof subjects, Handler, number][] = [
    ["stat", handlers.stat, 4 * KiB],
    ["missing", handlers.missing, 256 * KiB],
    ["putChunks", handlers.putChunks, Infinity],
    ["getChunk", handlers.getChunk, 4 * KiB],
    ["commit", handlers.commit, 512 * KiB],
  ];
  return bindService(nc, {
    name: BLOB_SERVICE_NAME,
    description: "castore blob service: chunked, deduplicated, verified blobs",
    prefix: opts.prefix,
    logger: opts.logger ?? silentLogger,
    endpoints: endpoints.map(([op, h, max]) => ({ name: op, subject: subjects[op], handler: h, maxRequestBytes: max })),
  });
}

/** Shared by every castore service: binds transport-free handlers as micro-service endpoints. */
export async function bindService(
  nc: NatsConnection,
  def: {
    name: string;
    description: string;
    prefix: string;
    logger: Logger;
    endpoints: { name: string; subject: string; handler: Handler; maxRequestBytes?: number }[];
  },
): Promise<RunningService> {
  // @nats-io/services 3.0.0-25 pins a prerelease nats-core whose types differ from the
  // connection's (3.4.0); the runtime interface is the same (covered by the service tests).
  const service = await new Svcm(nc as unknown as ConstructorParameters<typeof Svcm>[0]).add({
    name: def.name,
    version: SERVICE_VERSION,
    description: def.description,
    metadata: { prefix: def.prefix },
    // Queue groups are per subject, and subjects already carry the prefix.
    queue: def.name,
  });
  const inflight = new Set<Promise<void>>();
  for (const ep of def.endpoints) {
    service.addEndpoint(ep.name, {
      subject: ep.subject,
      handler: (err, msg) => {
        if (err) {
          def.logger.error({ err, endpoint: ep.subject }, "endpoint subscription failed");
          return;
        }
        const tooLarge = msg.data.length > (ep.maxRequestBytes ?? Infinity);
        const p = (
          tooLarge
            ? Promise.reject(new StoreError(Code.TooLarge, `request of ${msg.data.length} bytes exceeds ${ep.maxRequestBytes} for ${ep.subject}`))
            : ep.handler(msg.data)
        )
          .then(
            (reply) => void msg.respond(reply),
            (e: unknown) => {
              const se = toStoreError(e);
              if (se.code >= 500) def.logger.error({ err: e, endpoint: ep.subject }, se.message);
              else def.logger.debug({ endpoint: ep.subject, code: se.code }, se.message);
              msg.respondError(se.code, se.message.replaceAll(/[\r\n]+/g, " "));
            },
          )
          .finally(() => inflight.delete(p));
        inflight.add(p);
      },
    });
  }
  def.logger.info({ service: def.name, prefix: def.prefix, id: service.info().id }, "service started");
  return {
    service,
    async stop() {
      await service.stop();
      await Promise.allSettled([...inflight]);
      def.logger.info({ service: def.name, prefix: def.prefix }, "service stopped");
    },
  };
}
