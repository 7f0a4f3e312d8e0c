// The message budget: what one NATS message may carry on a connection. Every reply that can grow
// (directory batches, path-info pages, put_chunks batches) is cut to fit it.
import type { NatsConnection } from "@nats-io/nats-core";

/**
 * The most one message may carry on this connection, leaving room for headers and protobuf
 * framing: the server's max_payload (1 MiB if unknown, capped at 8 MiB) less 64 KiB.
 */
export function usablePayload(nc: NatsConnection): number {
  return Math.min(nc.info?.max_payload ?? 1 << 20, 8 << 20) - 64 * 1024;
}
