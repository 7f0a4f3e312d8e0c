// The one error type of castore, with the closed set of codes of DESIGN §5. A miss is `null`
// in the TS API, never an error; codes travel over NATS in the standard service-error headers.
// The `cause` is kept for logs and never sent over the wire.

export const Code = {
  InvalidArgument: 400,
  NotFound: 404,
  Conflict: 409,
  TooLarge: 413,
  Internal: 500,
  Unavailable: 503,
} as const;

export type Code = (typeof Code)[keyof typeof Code];

const CODES: ReadonlySet<number> = new Set(Object.values(Code));

export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly code: Code;
  /**
   * Set on a 503 whose cause is an upstream store this one reads through (a cache's far side):
   * what the upstream is called. The answering service already gave up on it, so clients do not
   * retry such an answer (it travels in the `Castore-Upstream` header).
   */
  readonly upstream?: string;

  constructor(code: Code, message: string, options?: { cause?: unknown; upstream?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options?.upstream !== undefined) this.upstream = options.upstream;
  }
}

/** 503 naming the upstream store `upstream` that could not be reached; clients do not retry it. */
export function upstreamUnavailable(upstream: string, why: string, cause?: unknown): StoreError {
  return new StoreError(Code.Unavailable, `upstream ${upstream} is unavailable: ${why}`, { upstream, ...(cause === undefined ? {} : { cause }) });
}

/** True for a 503 caused by an unreachable upstream (see StoreError.upstream). */
export function isUpstreamUnavailable(e: unknown): e is StoreError {
  return isStoreError(e) && e.code === Code.Unavailable && typeof e.upstream === "string";
}

/** True for anything shaped like a StoreError (survives duplicate package copies). */
export function isStoreError(e: unknown): e is StoreError {
  return (
    typeof e === "object" &&
    e !== null &&
    (e as { name?: unknown }).name === "StoreError" &&
    CODES.has((e as { code?: unknown }).code as number)
  );
}

export function hasCode(e: unknown, code: Code): boolean {
  return isStoreError(e) && e.code === code;
}

export const invalid = (message: string, cause?: unknown): StoreError =>
  new StoreError(Code.InvalidArgument, message, cause === undefined ? undefined : { cause });

export const notFound = (message: string): StoreError => new StoreError(Code.NotFound, message);

/**
 * Decodes a protobuf message; a decoder failure becomes an InvalidArgument naming the message
 * type ("malformed Directory protobuf: …"), so no handler sees, or has to catch, a raw decoder
 * error.
 */
export function decodeOrInvalid<T>(what: string, decode: (b: Uint8Array) => T, bytes: Uint8Array): T {
  try {
    return decode(bytes);
  } catch (e) {
    throw invalid(`malformed ${what} protobuf: ${(e as Error).message}`, e);
  }
}

/**
 * Turns anything into a StoreError. Transient conditions of NATS and JetStream — a timeout, no
 * responders (no stream leader during an election, JetStream catching up), JetStream's own 503 —
 * become 503, which clients retry (every retried operation is idempotent); unknown failures
 * become 500 "internal error".
 */
export function toStoreError(e: unknown): StoreError {
  if (isStoreError(e)) return e;
  const full = storageLimitReason(e);
  if (full !== null) {
    return new StoreError(
      Code.TooLarge,
      `the store is full: its NATS account or stream reached its JetStream storage limit (${full}); free space with castore gc or raise the limit`,
      { cause: e },
    );
  }
  const why = transientReason(e);
  if (why !== null) return new StoreError(Code.Unavailable, `the store is temporarily unavailable (${why}); try again`, { cause: e });
  return new StoreError(Code.Internal, "internal error", { cause: e });
}

/**
 * JetStream's words if `e` (or its cause) says a write was refused for an account or stream
 * storage limit (a tenant's `max_file`, a bucket's max bytes), else null. Not transient: a retry
 * cannot clear it, so it is a 413, not a 503.
 */
export function storageLimitReason(e: unknown): string | null {
  for (let x = e, depth = 0; x !== null && x !== undefined && depth < 5; depth++) {
    const err = x as { message?: string; cause?: unknown };
    const m = /insufficient (storage )?resources|resource limits exceeded for account|maximum bytes exceeded|storage limit/i.exec(err.message ?? "");
    if (m) return `JetStream: ${m[0]}`;
    x = err.cause;
  }
  return null;
}

/** A short reason if `e` (or its cause) is a transient NATS/JetStream failure, else null. */
export function transientReason(e: unknown): string | null {
  for (let x = e, depth = 0; x !== null && x !== undefined && depth < 5; depth++) {
    const err = x as { name?: string; message?: string; code?: unknown; api_error?: { code?: number; err_code?: number }; cause?: unknown };
    const msg = err.message ?? "";
    if (err.name === "TimeoutError" || /\btime(d)?[ -]?out\b/i.test(msg)) return "JetStream timed out";
    if (err.name === "NoRespondersError" || /no responders/i.test(msg)) return "JetStream did not answer";
    if (err.api_error?.code === 503 || err.code === 503 || err.code === "503") return "JetStream unavailable";
    if (/temporarily unavailable|no suitable peers|stream is offline|leader(ship)? (not|is not|change)|no leader|catching up|not current|cluster not ready/i.test(msg)) {
      return `JetStream: ${msg.slice(0, 120)}`;
    }
    if (err.name === "ClosedConnectionError" || err.name === "DrainingConnectionError" || /connection (closed|draining)|disconnect/i.test(msg)) {
      return "the service's NATS connection is down";
    }
    x = err.cause;
  }
  return null;
}

/** Shows bytes in an error message: printable ASCII as is, anything else escaped, long values cut. */
export function showBytes(b: Uint8Array, max = 64): string {
  let s = "";
  for (const c of b.subarray(0, max)) {
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) s += String.fromCharCode(c);
    else s += "\\x" + c.toString(16).padStart(2, "0");
  }
  return JSON.stringify(s).replaceAll("\\\\x", "\\x") + (b.length > max ? `…(${b.length} bytes)` : "");
}

/** A store a cache reads through, as its errors name it. */
export interface Upstream {
  /** How messages name it (a URL with the password masked, or a composition name). */
  readonly name: string;
  /** What is wrong with the way to it right now (e.g. its NATS connection is down), or null. */
  readonly problem?: () => string | null;
}

/**
 * Runs a call to an upstream store: at once a 503 naming it while its connection is known to be
 * down (fail fast, nothing is waited for), and any transient failure of the call (503, timeout,
 * no responders) becomes a 503 naming it. Other errors (400, 404, 500) pass unchanged.
 */
export async function viaUpstream<T>(u: Upstream, call: () => Promise<T>): Promise<T> {
  const problem = u.problem?.() ?? null;
  if (problem !== null) throw upstreamUnavailable(u.name, problem);
  try {
    return await call();
  } catch (e) {
    if (isUpstreamUnavailable(e)) throw e;
    if (hasCode(e, Code.Unavailable)) throw upstreamUnavailable(u.name, (e as StoreError).message, e);
    if (!isStoreError(e) && transientReason(e) !== null) throw upstreamUnavailable(u.name, transientReason(e)!, e);
    throw e;
  }
}
