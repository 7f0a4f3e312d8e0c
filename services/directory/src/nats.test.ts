import { ChunkedBlobService, JetStreamChunkStore, NatsBlobService, startBlobServer } from "@castore/blob";
import { withNatsServer } from "@castore/nats-server";
import { connect } from "@nats-io/transport-node";
import { NatsDirectoryService } from "./client.js";
import { describeDirectoryService } from "./conformance.js";
import { JetStreamDirectoryStore } from "./jetstream.js";
import { startDirectoryServer } from "./server.js";

describeDirectoryService("client -> NATS -> server -> JetStream", async (scope) => {
  const server = await withNatsServer(scope);
  const snc = await connect({ servers: server.url });
  scope.after(() => snc.close());
  const chunkStore = await JetStreamChunkStore.open(snc, { prefix: "castore" });
  const blobSvc = await startBlobServer(snc, { prefix: "castore", store: chunkStore });
  scope.after(() => blobSvc.stop());
  const store = await JetStreamDirectoryStore.open(snc, { prefix: "castore", blobs: new ChunkedBlobService(chunkStore) });
  const dirSvc = await startDirectoryServer(snc, { prefix: "castore", store, blobs: new ChunkedBlobService(chunkStore) });
  scope.after(() => dirSvc.stop());
  const cnc = await connect({ servers: server.url });
  scope.after(() => cnc.close());
  const blobs = new NatsBlobService(cnc, { prefix: "castore" });
  return { dirs: new NatsDirectoryService(cnc, { prefix: "castore", blobs }), tamper: (d, b) => store.tamper(d, b) };
});
