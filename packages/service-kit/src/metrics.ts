// Prometheus metrics (prom-client), one registry per process: what every service endpoint, the
// nar-bridge's HTTP routes and the caches count. Recording is always on and cheap; the numbers are
// only shown when `--metrics HOST:PORT` starts the endpoint (serveMetrics), as the text format on
// GET /metrics. They complement the micro services' own $SRV.STATS (per-replica counts, no
// latency distribution) with histograms and bytes a Prometheus can scrape and aggregate.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Logger } from "./logger.js";

/** This process's metrics. */
export const metricsRegistry = new Registry();

/**
 * Latency buckets in seconds, for NATS requests that mostly take a fraction of a millisecond to a
 * few milliseconds, with a tail of large reads and NAR calculations up to a minute.
 */
export const LATENCY_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const registers = [metricsRegistry];

/** Requests to the endpoints of the micro services (service-kit bindService records them). */
export const serviceMetrics = {
  requests: new Counter({
    name: "castore_requests_total",
    help: "Requests handled, by micro service, endpoint and outcome (code 200 for a reply, else the error code sent)",
    labelNames: ["service", "endpoint", "code"] as const,
    registers,
  }),
  errors: new Counter({
    name: "castore_request_errors_total",
    help: "Requests answered with an error, by micro service, endpoint and error code (404 included: a miss is an error on the wire)",
    labelNames: ["service", "endpoint", "code"] as const,
    registers,
  }),
  duration: new Histogram({
    name: "castore_request_duration_seconds",
    help: "Time from receiving a request to sending its reply, by micro service and endpoint",
    labelNames: ["service", "endpoint"] as const,
    buckets: [...LATENCY_BUCKETS],
    registers,
  }),
  requestBytes: new Counter({
    name: "castore_request_bytes_total",
    help: "Payload bytes received in requests, by micro service and endpoint",
    labelNames: ["service", "endpoint"] as const,
    registers,
  }),
  replyBytes: new Counter({
    name: "castore_reply_bytes_total",
    help: "Payload bytes sent in replies, by micro service and endpoint",
    labelNames: ["service", "endpoint"] as const,
    registers,
  }),
  inFlight: new Gauge({
    name: "castore_requests_in_flight",
    help: "Requests being handled now, by micro service and endpoint",
    labelNames: ["service", "endpoint"] as const,
    registers,
  }),
};

/** Requests to the nar-bridge (HTTP binary cache). */
export const httpMetrics = {
  requests: new Counter({
    name: "castore_http_requests_total",
    help: "HTTP requests answered by the nar-bridge, by route, method and status",
    labelNames: ["route", "method", "status"] as const,
    registers,
  }),
  duration: new Histogram({
    name: "castore_http_request_duration_seconds",
    help: "Time from an HTTP request's arrival until its reply is sent (or the connection closes), by route and method",
    labelNames: ["route", "method"] as const,
    buckets: [...LATENCY_BUCKETS],
    registers,
  }),
  responseBytes: new Counter({
    name: "castore_http_response_bytes_total",
    help: "Body bytes sent by the nar-bridge, by route",
    labelNames: ["route"] as const,
    registers,
  }),
};

const cacheHits = new Counter({
  name: "castore_cache_hits_total",
  help: "Lookups answered by a cache, by cache",
  labelNames: ["cache"] as const,
  registers,
});
const cacheMisses = new Counter({
  name: "castore_cache_misses_total",
  help: "Lookups a cache could not answer (they went to the store behind it), by cache",
  labelNames: ["cache"] as const,
  registers,
});

/**
 * Counts one lookup in a cache. Names in use: blob_presence (the blob service's chunks known to be
 * stored), blob_stat (blob indexes kept for reads), edge_chunks / edge_blobs / edge_directories /
 * edge_pathinfo (a read-through cache's near store).
 */
export function cacheLookup(cache: string, hit: boolean): void {
  (hit ? cacheHits : cacheMisses).inc({ cache });
}

let defaults = false;

/** Starts collecting the default Node process metrics (CPU, memory, event loop lag, GC); once. */
export function collectProcessMetrics(): void {
  if (defaults) return;
  defaults = true;
  collectDefaultMetrics({ register: metricsRegistry });
}

export interface MetricsServer {
  /** `http://host:port/metrics` as listening (an IPv6 host in brackets). */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Serves the registry on `GET /metrics` (Prometheus text format; HEAD too), 404 anywhere else,
 * 405 for other methods. Port 0 takes a free one; the URL bound is logged as "metrics".
 */
export async function serveMetrics(listen: { readonly host: string; readonly port: number }, log: Logger): Promise<MetricsServer> {
  collectProcessMetrics();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: the metrics are at /metrics\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end(`${req.method} is not allowed on /metrics\n`);
      return;
    }
    metricsRegistry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": metricsRegistry.contentType, "content-length": Buffer.byteLength(text) });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      (err: unknown) => {
        log.error({ err }, "could not collect the metrics");
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("could not collect the metrics\n");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const a = server.address() as AddressInfo;
  const url = `http://${a.family === "IPv6" ? `[${a.address}]` : a.address}:${a.port}/metrics`;
  log.info({ url }, "metrics");
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
