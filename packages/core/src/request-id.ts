// Request ids: one per logical request, carried from service to service in the optional
// `Castore-Request-Id` header (and from HTTP in `X-Request-Id`), so the log lines of every process a
// request went through can be joined. The id of the request being handled lives in an
// AsyncLocalStorage: whatever a handler awaits sees it, and any NATS request it makes passes it on.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

export const REQUEST_ID_HEADER = "Castore-Request-Id";

// One store per process even if this package is loaded twice (duplicate copies in node_modules).
const KEY = Symbol.for("castore.requestId");
const g = globalThis as { [KEY]?: AsyncLocalStorage<string> };
const store: AsyncLocalStorage<string> = (g[KEY] ??= new AsyncLocalStorage<string>());

/** The id of the request being handled here, if any. */
export function currentRequestId(): string | undefined {
  return store.getStore();
}

/** A fresh id: 16 hex digits (64 random bits). */
export function newRequestId(): string {
  return randomBytes(8).toString("hex");
}

/** Runs `fn` (and everything it awaits or schedules) as part of request `id`. */
export function withRequestId<T>(id: string, fn: () => T): T {
  return store.run(id, fn);
}

/**
 * `text` if it may serve as a request id — 1 to 128 printable ASCII characters without spaces, so
 * it is safe in a header and a log line — else null (a caller then makes a fresh one).
 */
export function validRequestId(text: string | null | undefined): string | null {
  return typeof text === "string" && /^[\x21-\x7e]{1,128}$/.test(text) ? text : null;
}
