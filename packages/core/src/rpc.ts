// Request/reply with retries, shared by every castore NATS client. Typed structurally so core
// needs no NATS dependency. A timeout, "no responders" (e.g. a replica restarting) or a 503
// from a service is retried with exponential backoff until the deadline; any other service
// error comes back as the StoreError the service sent (code and message from the standard
// Nats-Service-Error-Code / Nats-Service-Error headers).
import { Code, StoreError, isStoreError } from "./errors.js";

export interface RpcMsg {
  readonly data: Uint8Array;
  readonly headers?: { get(k: string): string } | undefined;
}

export interface Requester {
  request(subject: string, payload: Uint8Array, opts: { timeout: number }): Promise<RpcMsg>;
}

export interface RetryOptions {
  /** Per attempt. */
  readonly timeoutMs?: number;
  /** Overall, across attempts. */
  readonly deadlineMs?: number;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

export const ERROR_CODE_HEADER = "Nats-Service-Error-Code";
export const ERROR_HEADER = "Nats-Service-Error";

/** The StoreError carried by a reply's service-error headers, or null for a normal reply. */
export function replyError(msg: RpcMsg): StoreError | null {
  const code = msg.headers?.get(ERROR_CODE_HEADER);
  if (!code) return null;
  const n = Number(code);
  const known = Object.values(Code) as number[];
  return new StoreError((known.includes(n) ? n : Code.Internal) as Code, msg.headers?.get(ERROR_HEADER) || `error ${code}`);
}

function isRetryable(e: unknown): boolean {
  if (isStoreError(e)) return e.code === Code.Unavailable;
  const err = e as { name?: string; message?: string; isNoResponders?: () => boolean; cause?: unknown };
  if (err?.name === "TimeoutError" || err?.name === "NoRespondersError") return true;
  if (typeof err?.isNoResponders === "function" && err.isNoResponders()) return true;
  const cause = err?.cause as { name?: string } | undefined;
  if (cause?.name === "TimeoutError" || cause?.name === "NoRespondersError") return true;
  return /timeout|no responders|disconnect|reconnect/i.test(err?.message ?? "");
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends a request and returns the reply payload, retrying transient failures. */
export async function requestWithRetry(
  nc: Requester,
  subject: string,
  payload: Uint8Array,
  opts: RetryOptions = {},
): Promise<Uint8Array> {
  const timeout = opts.timeoutMs ?? 10_000;
  const deadline = Date.now() + (opts.deadlineMs ?? Math.max(30_000, timeout * 3));
  let backoff = opts.initialBackoffMs ?? 50;
  const maxBackoff = opts.maxBackoffMs ?? 2_000;
  for (let attempt = 1; ; attempt++) {
    let failure: unknown;
    try {
      const msg = await nc.request(subject, payload, { timeout: Math.max(1, Math.min(timeout, deadline - Date.now())) });
      const err = replyError(msg);
      if (err === null) return msg.data;
      failure = err;
    } catch (e) {
      failure = e;
    }
    if (!isRetryable(failure) || Date.now() + backoff >= deadline) {
      if (isStoreError(failure)) throw failure;
      throw new StoreError(
        Code.Unavailable,
        `${subject}: ${(failure as Error)?.message ?? String(failure)} (after ${attempt} attempt${attempt > 1 ? "s" : ""})`,
        { cause: failure },
      );
    }
    await sleep(backoff * (0.5 + Math.random()));
    backoff = Math.min(maxBackoff, backoff * 2);
  }
}
