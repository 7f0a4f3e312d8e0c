// The bridge's HTTP server (Node's own: the routes are few and the NAR paths want raw streams).
// Stateless — everything lives in the store and the shared NAR-hash index — so any number of
// replicas may sit behind a load balancer. Each request is matched against the route table,
// answered from the handler's Reply (HEAD without the body, streamed bodies with backpressure and
// their length checked), refused with a status and a one-line reason, logged once through pino and
// counted in the process's metrics (by route, method and status). Each request is handled as part of
// its request id — the client's `X-Request-Id` if it sent a usable one, else a fresh one, echoed in
// the reply's `X-Request-Id` — which the store's NATS requests carry on to the services.
// stop() drains: no new connections, in-flight requests finish (up to a deadline), idle ones close.
import { STATUS_CODES, createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { newRequestId, toStoreError, validRequestId, withRequestId } from "@castore/core";
import { httpMetrics, type Logger } from "@castore/service-kit";
import type { Store } from "@castore/store";
import { HttpError, errorReply, percentDecode, reasonPhrase, type Reply } from "./http.js";
import type { NarIndex } from "./nar-index.js";
import type { BridgeContext, BridgeSettings, Method, Route } from "./route.js";
import { ROUTES } from "./routes/index.js";

export const DEFAULT_SETTINGS: BridgeSettings = {
  priority: 39, // tvix's: just ahead of cache.nixos.org (40)
  maxNarinfoBytes: 2 << 20, // tvix's limit
  maxSideFileBytes: 64 << 20,
};

export interface NarBridgeOptions {
  readonly store: Store;
  readonly index: NarIndex;
  readonly logger: Logger;
  /** Where to listen (default 127.0.0.1, port 0: a free one). */
  readonly host?: string;
  readonly port?: number;
  readonly settings?: Partial<BridgeSettings>;
  /** The route table (default ROUTES). */
  readonly routes?: readonly Route[];
  /** How long stop() lets in-flight requests finish before cutting them (default 8 s). */
  readonly drainMs?: number;
}

export interface NarBridge {
  /** `http://host:port` as listening (an IPv6 host in brackets). */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startNarBridge(o: NarBridgeOptions): Promise<NarBridge> {
  const ctx: BridgeContext = { store: o.store, index: o.index, log: o.logger, settings: { ...DEFAULT_SETTINGS, ...o.settings } };
  const routes = o.routes ?? ROUTES;
  const inflight = new Set<Promise<void>>();
  // noDelay: small replies (narinfo, HEAD) go out at once instead of waiting on Nagle.
  const server: Server = createServer({ noDelay: true, keepAlive: true, requestTimeout: 0 }, (req, res) => {
    const reqId = validRequestId(req.headers["x-request-id"] as string | undefined) ?? newRequestId();
    res.setHeader("x-request-id", reqId);
    const p = withRequestId(reqId, () => serve(req, res, routes, ctx, reqId)).finally(() => inflight.delete(p));
    inflight.add(p);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, o.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const a = server.address() as AddressInfo;
  const host = a.family === "IPv6" ? `[${a.address}]` : a.address;
  const drainMs = o.drainMs ?? 8_000;
  let stopping: Promise<void> | null = null;
  return {
    url: `http://${host}:${a.port}`,
    port: a.port,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), drainMs)));
        const r = await Promise.race([Promise.allSettled([...inflight]).then(() => "done" as const), late]);
        clearTimeout(timer);
        if (r === "late") o.logger.warn({ inflight: inflight.size }, `requests still running after ${drainMs / 1000} s; closing their connections`);
        server.closeAllConnections();
        await closed;
      })();
      return stopping;
    },
  };
}

const METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "PUT"]);

async function serve(req: IncomingMessage, res: ServerResponse, routes: readonly Route[], ctx: BridgeContext, reqId: string): Promise<void> {
  const t0 = performance.now();
  let routeName = "-";
  let sent = 0;
  let failure: unknown = null;
  let reason: string | null = null;
  res.on("close", () => {
    const seconds = (performance.now() - t0) / 1000;
    const method = METHODS.has(req.method ?? "") ? req.method! : "other";
    httpMetrics.requests.inc({ route: routeName, method, status: String(res.statusCode) });
    httpMetrics.duration.observe({ route: routeName, method }, seconds);
    httpMetrics.responseBytes.inc({ route: routeName }, sent);
    const entry = {
      reqId,
      method: req.method,
      url: req.url,
      route: routeName,
      status: res.statusCode,
      bytes: sent,
      ms: Math.round(seconds * 10_000) / 10,
      ...(res.writableFinished ? {} : { aborted: true }),
      ...(reason === null ? {} : { reason }),
      ...(failure === null ? {} : { err: failure }),
    };
    if (res.statusCode >= 500 || !res.writableFinished) ctx.log.warn(entry, "request");
    else ctx.log.info(entry, "request");
  });
  try {
    const url = new URL(req.url ?? "/", "http://bridge");
    const method = req.method ?? "";
    // Routes match the decoded path; escapes that are not UTF-8 (names in a tree need not be) match
    // as U+FFFD, and a route that needs the exact bytes reads url.pathname itself.
    const path = percentDecode(url.pathname).toString("utf8");
    const matched = routes.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m !== null);
    if (!matched) throw new HttpError(404, `no such resource: ${method} ${url.pathname}`);
    const { r, m } = matched;
    routeName = r.name;
    const allowed = r.methods.includes("GET") ? [...r.methods, "HEAD"] : [...r.methods];
    if (!METHODS.has(method) || !allowed.includes(method)) {
      throw new HttpError(405, `${method} is not allowed on ${url.pathname} (allowed: ${allowed.join(", ")})`, { allow: allowed.join(", ") });
    }
    const reply = await r.handle({ method: method as Method, url, params: m!.slice(1), raw: req }, ctx);
    sent = await send(req, res, reply);
  } catch (e) {
    if (res.headersSent) {
      // The reply had begun: the client must not mistake what it got for the whole.
      failure = e;
      res.destroy();
      return;
    }
    const { status, headers, message } = errorReply(e);
    if (status >= 500) failure = toStoreError(e);
    else reason = message;
    // A body we did not read (a refused upload) is not worth reading to keep the connection.
    if (!req.complete) headers["connection"] = "close";
    sent = await send(req, res, {
      status,
      reason: reasonPhrase(STATUS_CODES[status], message),
      headers: { "content-type": "text/plain; charset=utf-8", ...headers },
      body: message + "\n",
    });
  }
}

/** Writes a Reply; HEAD gets the headers only. Returns the body bytes sent. */
async function send(req: IncomingMessage, res: ServerResponse, reply: Reply): Promise<number> {
  const body = reply.body;
  const headers: Record<string, string | number> = { ...reply.headers };
  const fixed = typeof body === "string" ? Buffer.from(body) : body instanceof Uint8Array ? body : null;
  if (fixed !== null && headers["content-length"] === undefined) headers["content-length"] = fixed.length;
  if (reply.reason === undefined) res.writeHead(reply.status, headers);
  else res.writeHead(reply.status, reply.reason, headers);
  if (req.method === "HEAD" || body === undefined) {
    if (body !== undefined && fixed === null) await (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]().return?.();
    res.end();
    return 0;
  }
  if (fixed !== null) {
    res.end(fixed);
    return fixed.length;
  }
  const expected = headers["content-length"] === undefined ? null : BigInt(headers["content-length"]);
  let sent = 0n;
  for await (const piece of body as AsyncIterable<Uint8Array>) {
    sent += BigInt(piece.length);
    if (expected !== null && sent > expected) throw new Error(`reply body is longer than its Content-Length ${expected}`);
    if (!res.write(piece)) {
      await new Promise<void>((resolve, reject) => {
        const done = (): void => {
          res.off("drain", done);
          res.off("close", closed);
          resolve();
        };
        const closed = (): void => {
          res.off("drain", done);
          reject(new Error("client went away"));
        };
        res.on("drain", done);
        res.on("close", closed);
      });
    }
  }
  if (expected !== null && sent !== expected) throw new Error(`reply body has ${sent} bytes, its Content-Length said ${expected}`);
  res.end();
  return Number(sent);
}
