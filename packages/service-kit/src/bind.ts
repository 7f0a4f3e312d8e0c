// Binds transport-free handlers to subjects as a NATS micro service: discoverable with
// $SRV.PING/INFO/STATS, every endpoint in one queue group so replicas share the load, errors in
// the standard Nats-Service-Error(-Code) headers, requests over an endpoint's size limit refused
// with 413 unread. stop() drains: no new requests are taken and in-flight ones finish first.
// Each request is handled as part of its `Castore-Request-Id` (a fresh one if it came without), so
// the log lines it causes and the requests it makes carry that id; each is counted in the process's
// metrics (requests by outcome, errors, latency, bytes) and logged at debug level, or at info when slow.
import { randomBytes } from "node:crypto";
import { Code, REQUEST_ID_HEADER, StoreError, UPSTREAM_HEADER, newRequestId, toStoreError, validRequestId, withRequestId } from "@castore/core";
import { headers } from "@nats-io/nats-core";
import { Svcm, type Service } from "@nats-io/services";
import type { NatsConnection } from "@nats-io/nats-core";
import type { Logger } from "./logger.js";
import { serviceMetrics } from "./metrics.js";

/** A request that takes longer than this is logged at info level (others at debug). */
export const SLOW_REQUEST_MS = 1_000;

/** A protocol handler: request bytes in, reply bytes out; failures are thrown as StoreError. */
export type Handler = (request: Uint8Array) => Promise<Uint8Array>;

export const SERVICE_VERSION = "0.1.0";

export interface RunningService {
  readonly service: Service;
  stop(): Promise<void>;
}

export interface EndpointDef {
  readonly name: string;
  readonly subject: string;
  readonly handler: Handler;
  readonly maxRequestBytes?: number;
}

export interface ServiceDef {
  readonly name: string;
  readonly description: string;
  readonly prefix: string;
  readonly logger: Logger;
  readonly endpoints: readonly EndpointDef[];
}

export async function bindService(nc: NatsConnection, def: ServiceDef): Promise<RunningService> {
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
        const reqId = validRequestId(msg.headers?.get(REQUEST_ID_HEADER)) ?? newRequestId();
        const labels = { service: def.name, endpoint: ep.name };
        const t0 = performance.now();
        serviceMetrics.inFlight.inc(labels);
        serviceMetrics.requestBytes.inc(labels, msg.data.length);
        const done = (code: number, replyBytes: number): void => {
          const seconds = (performance.now() - t0) / 1000;
          serviceMetrics.inFlight.dec(labels);
          serviceMetrics.requests.inc({ ...labels, code: String(code) });
          if (code !== 200) serviceMetrics.errors.inc({ ...labels, code: String(code) });
          serviceMetrics.duration.observe(labels, seconds);
          serviceMetrics.replyBytes.inc(labels, replyBytes);
          const ms = Math.round(seconds * 10_000) / 10;
          const entry = { reqId, service: def.name, endpoint: ep.subject, code, ms, requestBytes: msg.data.length, replyBytes };
          if (ms >= SLOW_REQUEST_MS) def.logger.info(entry, "slow request");
          else def.logger.debug(entry, "request");
        };
        const tooLarge = msg.data.length > (ep.maxRequestBytes ?? Infinity);
        const p = withRequestId(reqId, () =>
          (tooLarge
            ? Promise.reject(new StoreError(Code.TooLarge, `request of ${msg.data.length} bytes exceeds ${ep.maxRequestBytes} for ${ep.subject}`))
            : ep.handler(msg.data)
          ).then(
            (reply) => {
              msg.respond(reply);
              done(200, reply.length);
            },
            (e: unknown) => {
              const se = toStoreError(e);
              let message = se.message;
              if (se.code === Code.Internal) {
                // Details of an internal failure stay in the log; the client gets a reference to them.
                const ref = randomBytes(6).toString("hex");
                def.logger.error({ err: e, endpoint: ep.subject, ref, reqId }, se.message);
                message = `internal error (ref ${ref}; the details are in the ${def.name} log)`;
              } else if (se.code === Code.Unavailable) {
                def.logger.warn({ err: e, endpoint: ep.subject, reqId }, se.message);
              } else {
                def.logger.debug({ endpoint: ep.subject, code: se.code, reqId }, se.message);
              }
              // A 503 for an unreachable upstream names it in a header: clients do not retry those.
              const opts = se.upstream === undefined ? undefined : { headers: upstreamHeader(se.upstream) };
              msg.respondError(se.code, message.replaceAll(/[\r\n]+/g, " "), undefined, opts as Parameters<typeof msg.respondError>[3]);
              done(se.code, 0);
            },
          ),
        ).finally(() => inflight.delete(p));
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

function upstreamHeader(upstream: string) {
  const h = headers();
  h.set(UPSTREAM_HEADER, upstream.replaceAll(/[\r\n]+/g, " "));
  return h;
}
