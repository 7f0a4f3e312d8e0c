import { memoryBlobService } from "@castore/blob";
import { memoryDirectoryService } from "@castore/directory";
import { describePathInfoService, testSigningKey } from "./conformance.js";
import { countingBlobs } from "./counting.js";
import { MemoryPathInfoStore } from "./memory.js";
import { StorePathInfoService } from "./store.js";

describePathInfoService("memory", async () => {
  const blobs = memoryBlobService();
  const dirs = memoryDirectoryService();
  const counted = countingBlobs(blobs);
  const key = testSigningKey();
  const infos = new StorePathInfoService(new MemoryPathInfoStore(), { blobs: counted.blobs, dirs, signingKey: key });
  return { infos, blobs, dirs, serviceBlobReads: counted.reads, verifyingKey: key.verifyingKey };
});
