import { ChunkedBlobService, JetStreamChunkStore, NatsBlobService, startBlobServer } from "@castore/blob";
import { JetStreamDirectoryStore, NatsDirectoryService, StoreDirectoryService, startDirectoryServer } from "@castore/directory";
import { withNatsServer } from "@castore/nats-server";
import { connect } from "@nats-io/transport-node";
import { NatsPathInfoService } from "./client.js";
import { describePathInfoService, testSigningKey } from "./conformance.js";
import { countingBlobs } from "./counting.js";
import { JetStreamPathInfoStore } from "./jetstream.js";
import { startPathInfoServer } from "./server.js";

describePathInfoService("client -> NATS -> server -> JetStream", async (scope) => {
  const server = await withNatsServer(scope);
  const snc = await connect({ servers: server.url });
  scope.after(() => snc.close());
  const chunks = await JetStreamChunkStore.open(snc, { prefix: "castore" });
  const sblobs = new ChunkedBlobService(chunks);
  const dstore = await JetStreamDirectoryStore.open(snc, { prefix: "castore", blobs: sblobs });
  const counted = countingBlobs(sblobs);
  const key = testSigningKey();
  for (const svc of [
    await startBlobServer(snc, { prefix: "castore", store: chunks }),
    await startDirectoryServer(snc, { prefix: "castore", store: dstore, blobs: sblobs }),
    await startPathInfoServer(snc, {
      prefix: "castore",
      store: await JetStreamPathInfoStore.open(snc, { prefix: "castore" }),
      blobs: counted.blobs,
      dirs: new StoreDirectoryService(dstore),
      signingKey: key,
    }),
  ]) {
    scope.after(() => svc.stop());
  }
  const cnc = await connect({ servers: server.url });
  scope.after(() => cnc.close());
  const blobs = new NatsBlobService(cnc, { prefix: "castore" });
  return {
    infos: new NatsPathInfoService(cnc, { prefix: "castore" }),
    blobs,
    dirs: new NatsDirectoryService(cnc, { prefix: "castore", blobs }),
    serviceBlobReads: counted.reads,
    verifyingKey: key.verifyingKey,
  };
});
