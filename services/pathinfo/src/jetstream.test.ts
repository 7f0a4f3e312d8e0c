import { ChunkedBlobService, JetStreamChunkStore } from "@castore/blob";
import { JetStreamDirectoryStore, StoreDirectoryService } from "@castore/directory";
import { withNatsServer } from "@castore/nats-server";
import { connect } from "@nats-io/transport-node";
import { describePathInfoService, testSigningKey } from "./conformance.js";
import { countingBlobs } from "./counting.js";
import { JetStreamPathInfoStore } from "./jetstream.js";
import { StorePathInfoService } from "./store.js";

describePathInfoService("jetstream", async (scope) => {
  const server = await withNatsServer(scope);
  const nc = await connect({ servers: server.url });
  scope.after(() => nc.close());
  const blobs = new ChunkedBlobService(await JetStreamChunkStore.open(nc, { prefix: "castore" }));
  const dirs = new StoreDirectoryService(await JetStreamDirectoryStore.open(nc, { prefix: "castore", blobs }));
  const counted = countingBlobs(blobs);
  const key = testSigningKey();
  const infos = new StorePathInfoService(await JetStreamPathInfoStore.open(nc, { prefix: "castore" }), { blobs: counted.blobs, dirs, signingKey: key });
  return { infos, blobs, dirs, serviceBlobReads: counted.reads, verifyingKey: key.verifyingKey };
});
