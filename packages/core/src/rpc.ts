// Request/reply with retries, shared by every castore NATS client. Typed structurally so core
// needs no NATS dependency. A timeout, "no responders" (e.g. a replica restarting) or a 503
// from a service is retried with exponential backoff, a bounded number of times within a
// deadline; any other service error comes back as the StoreError the service sent (code and
// message from the standard Nats-Service-Error-Code / Nats-Service-Error headers).
//
// Each attempt's timeout is sized to the request, not one fixed figure: a small request to a
// replica that was killed mid-request is given up on after a few seconds, not ten, so a dead
// replica costs a retry, while a request that carries (or makes the service read) megabytes gets
// the time that takes.
import { Code, StoreError, isStoreError } from "./errors.js";

export interface RpcMsg {
  readonly data: Uint8Array;
  readonly headers?: { get(k: string): string } | undefined;
}

/** Sends one request; H is the NATS client's header object (core builds none itself). */
export interface Requester<H = unknown> {
  request(subject: string, payload: Uint8Array, opts: { timeout: number; headers?: H }): Promise<RpcMsg>;
}

export interface RetryOptions {
  /** Per attempt; default attemptTimeout(payload bytes). */
  readonly timeoutMs?: number;
  /** Overall, across attempts (default: 30 s, or 3 attempts' worth if that is longer). */
  readonly deadlineMs?: number;
  /** Attempts at most (default 12). */
  readonly maxAttempts?: number;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /**
   * Says what is wrong with the connection, if anything ("lost the connection to NATS at …"), so
   * that giving up names the connection rather than a service when the connection is the cause.
   */
  readonly connectionProblem?: () => string | null;
}

/** One request's options: the retry policy, and the headers every attempt carries. */
export interface RequestOptions<H = unknown> extends RetryOptions {
  /** E.g. the `Castore-Request-Id` of the request this one is part of (service-kit requestHeaders()). */
  readonly headers?: H;
}

export const ERROR_CODE_HEADER = "Nats-Service-Error-Code";
export const ERROR_HEADER = "Nats-Service-Error";
/** On a 503: the upstream store the service could not reach (a read-through cache); not retried. */
export const UPSTREAM_HEADER = "Castore-Upstream";

/** Base of every attempt's timeout: a round trip plus a service's slowest small operation on a loaded machine (a request lost with a killed replica costs this much). */
export const ATTEMPT_BASE_MS = 2_000;

/**
 * The timeout of one attempt of a request that carries `bytes` and makes the service handle
 * about `workBytes` more (reads it does on the client's behalf): the base plus 1 ms per 4 KiB
 * carried (a floor of ~4 MB/s for a loaded machine).
 */
export function attemptTimeout(bytes: number, workBytes = 0): number {
  // Work the service does on its own side (reading chunks back from JetStream) runs faster than
  // a transfer over a busy link: 1 ms per 16 KiB.
  return ATTEMPT_BASE_MS + Math.ceil(bytes / 4096) + Math.ceil(workBytes / 16384);
}

/** The StoreError carried by a reply's service-error headers, or null for a normal reply. */
export function replyError(msg: RpcMsg): StoreError | null {
  const code = msg.headers?.get(ERROR_CODE_HEADER);
  if (!code) return null;
  const n = Number(code);
  const known = Object.values(Code) as number[];
  const upstream = n === Code.Unavailable ? msg.headers?.get(UPSTREAM_HEADER) || undefined : undefined;
  return new StoreError(
    (known.includes(n) ? n : Code.Internal) as Code,
    msg.headers?.get(ERROR_HEADER) || `error ${code}`,
    upstream === undefined ? undefined : { upstream },
  );
}

type Failure = "unavailable" | "timeout" | "no-responders" | "other";

function classify(e: unknown): Failure {
  // A 503 naming an upstream: the service already gave up on it (fail fast), so do we.
  if (isStoreError(e)) return e.code === Code.Unavailable && e.upstream === undefined ? "unavailable" : "other";
  const err = e as { name?: string; message?: string; isNoResponders?: () => boolean; cause?: unknown };
  const cause = err?.cause as { name?: string } | undefined;
  if (err?.name === "NoRespondersError" || cause?.name === "NoRespondersError") return "no-responders";
  if (typeof err?.isNoResponders === "function" && err.isNoResponders()) return "no-responders";
  if (err?.name === "TimeoutError" || cause?.name === "TimeoutError") return "timeout";
  if (/no responders/i.test(err?.message ?? "")) return "no-responders";
  if (/timeout|disconnect|reconnect/i.test(err?.message ?? "")) return "timeout";
  return "other";
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `<prefix>.<service>.v1.<op>` → prefix and service, for messages. */
function serviceOf(subject: string): { prefix: string; service: string } | null {
  const m = /^(.+)\.([a-z]+)\.v\d+\.[a-z_]+$/.exec(subject);
  return m ? { prefix: m[1]!, service: m[2]! } : null;
}

const SERVICE_NAMES: Record<string, string> = { blob: "blob", directory: "directory", pathinfo: "path-info" };

/** Sends a request and returns the reply payload, retrying transient failures. */
export async function requestWithRetry<H>(
  nc: Requester<H>,
  subject: string,
  payload: Uint8Array,
  opts: RequestOptions<H> = {},
): Promise<Uint8Array> {
  const timeout = opts.timeoutMs ?? attemptTimeout(payload.length);
  const started = Date.now();
  const deadline = started + (opts.deadlineMs ?? Math.max(30_000, timeout * 3));
  const maxAttempts = opts.maxAttempts ?? 12;
  let backoff = opts.initialBackoffMs ?? 50;
  const maxBackoff = opts.maxBackoffMs ?? 2_000;
  let sawNoResponders = false;
  for (let attempt = 1; ; attempt++) {
    let failure: unknown;
    try {
      const wait = Math.max(1, Math.min(timeout, deadline - Date.now()));
      const msg = await nc.request(subject, payload, opts.headers === undefined ? { timeout: wait } : { timeout: wait, headers: opts.headers });
      const err = replyError(msg);
      if (err === null) return msg.data;
      failure = err;
    } catch (e) {
      failure = e;
    }
    const kind = classify(failure);
    if (kind === "no-responders") sawNoResponders = true;
    if (kind === "other" || attempt >= maxAttempts || Date.now() + backoff >= deadline) {
      if (isStoreError(failure) && kind === "other") throw failure;
      throw giveUp(subject, failure, kind, sawNoResponders, attempt, Date.now() - started, opts);
    }
    await sleep(backoff * (0.5 + Math.random()));
    backoff = Math.min(maxBackoff, backoff * 2);
  }
}

function giveUp(
  subject: string,
  failure: unknown,
  kind: Failure,
  sawNoResponders: boolean,
  attempts: number,
  ms: number,
  opts: RetryOptions,
): StoreError {
  const tried = `(${attempts} attempt${attempts > 1 ? "s" : ""} in ${(ms / 1000).toFixed(1)} s)`;
  const conn = opts.connectionProblem?.() ?? null;
  if (conn !== null) return new StoreError(Code.Unavailable, `${conn} ${tried}`, { cause: failure });
  const svc = serviceOf(subject);
  if ((kind === "no-responders" || sawNoResponders) && svc) {
    const name = SERVICE_NAMES[svc.service] ?? svc.service;
    return new StoreError(
      Code.Unavailable,
      `no castore ${name} service answers on prefix ${svc.prefix} ${tried}; start one with \`castore serve\` (or castore-${svc.service}) on this NATS`,
      { cause: failure },
    );
  }
  if (isStoreError(failure)) return new StoreError(failure.code, `${failure.message} ${tried}`, { cause: failure });
  return new StoreError(Code.Unavailable, `${subject}: ${(failure as Error)?.message ?? String(failure)} ${tried}`, { cause: failure });
}
