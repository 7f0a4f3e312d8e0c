// The one place blob backends are assembled (DESIGN §6):
//   memory://                                          MemoryChunkStore under the chunked pipeline
//   nats://[user:pass@]host:port[,…]?prefix=P[&read=direct]   NatsBlobService: the client of running
//                                                      services (read=direct: chunks straight from JetStream)
//   jetstream://host:port[,…]?prefix=P&replicas=N&maxBytes=B&domain=D   the JetStream backend, in-process
// A caller holding a connection passes it (FromAddrOptions.connection) and it is shared, not closed.
import { invalid } from "@castore/core";
import { fromAddr, type FromAddrOptions, type JetStreamParams } from "@castore/service-kit";
import type { NatsConnection } from "@nats-io/nats-core";
import { ChunkedBlobService } from "./chunked.js";
import { NatsBlobService } from "./client.js";
import { JetStreamChunkStore } from "./jetstream.js";
import { memoryBlobService } from "./memory.js";
import type { BlobService } from "./service.js";

/** The JetStream backend of the store `p.prefix` on an open connection (what services run on). */
export async function openJetStreamBlobs(nc: NatsConnection, p: JetStreamParams): Promise<ChunkedBlobService> {
  return new ChunkedBlobService(await JetStreamChunkStore.open(nc, p));
}

export function blobServiceFromAddr(addr: string, opts: FromAddrOptions = {}): Promise<BlobService> {
  return fromAddr<BlobService>(
    "blob",
    addr,
    opts,
    {
      memory: () => memoryBlobService(),
      nats(nc, prefix, a) {
        const read = a.params.get("read");
        if (read !== null && read !== "direct" && read !== "service") throw invalid(`read must be "direct" or "service", got ${JSON.stringify(read)}`);
        return new NatsBlobService(nc, { prefix, ...opts.retry, ...(read === "direct" ? { directRead: true } : {}) });
      },
      jetstream: (nc, p) => openJetStreamBlobs(nc, p),
    },
    ["prefix", "read"],
  );
}
