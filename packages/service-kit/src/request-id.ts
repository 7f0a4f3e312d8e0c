// The request id on the wire: every NATS request a castore client sends carries `Castore-Request-Id`
// (core request-id.ts) — the id of the request being handled, when it is made while handling one,
// else a fresh one — so a service's log lines and those of the services it calls can be joined.
import { REQUEST_ID_HEADER, currentRequestId, newRequestId } from "@castore/core";
import { headers, type MsgHdrs } from "@nats-io/nats-core";

/** Headers for an outgoing request: its `Castore-Request-Id`. */
export function requestHeaders(): MsgHdrs {
  const h = headers();
  h.set(REQUEST_ID_HEADER, currentRequestId() ?? newRequestId());
  return h;
}
