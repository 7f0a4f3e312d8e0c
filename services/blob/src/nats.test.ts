import { withNatsServer } from "@castore/nats-server";
import { connect } from "@nats-io/transport-node";
import { NatsBlobService, NatsChunkStore } from "./client.js";
import { describeBlobService } from "./conformance.js";
import { MemoryPageStaging } from "@castore/service-kit";
import { JetStreamChunkStore } from "./jetstream.js";
import { startBlobServer } from "./server.js";

describeBlobService("client -> NATS -> server -> JetStream", async (scope) => {
  const server = await withNatsServer(scope);
  const serverNc = await connect({ servers: server.url });
  scope.after(() => serverNc.close());
  const backend = await JetStreamChunkStore.open(serverNc, { prefix: "conformance" });
  const svc = await startBlobServer(serverNc, { prefix: "conformance", store: backend, staging: new MemoryPageStaging() });
  scope.after(() => svc.stop());
  const clientNc = await connect({ servers: server.url });
  scope.after(() => clientNc.close());
  return {
    blobs: new NatsBlobService(clientNc, { prefix: "conformance" }),
    store: new NatsChunkStore(clientNc, { prefix: "conformance" }),
    tamper: (d, b) => backend.tamper(d, b),
    hooks: backend,
  };
});
