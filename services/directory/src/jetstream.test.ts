import { ChunkedBlobService, JetStreamChunkStore } from "@castore/blob";
import { withNatsServer } from "@castore/nats-server";
import { connect } from "@nats-io/transport-node";
import { describeDirectoryService } from "./conformance.js";
import { JetStreamDirectoryStore } from "./jetstream.js";
import { StoreDirectoryService } from "./store.js";

describeDirectoryService("jetstream", async (scope) => {
  const server = await withNatsServer(scope);
  const nc = await connect({ servers: server.url });
  scope.after(() => nc.close());
  const blobs = new ChunkedBlobService(await JetStreamChunkStore.open(nc, { prefix: "castore" }));
  const store = await JetStreamDirectoryStore.open(nc, { prefix: "castore", blobs });
  return { dirs: new StoreDirectoryService(store), tamper: (d, b) => store.tamper(d, b) };
});
