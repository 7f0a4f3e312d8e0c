import { describeBlobService } from "./conformance.js";
import { MemoryChunkStore } from "./memory.js";
import { ChunkedBlobService } from "./chunked.js";

describeBlobService("memory", async () => {
  const store = new MemoryChunkStore();
  return {
    blobs: new ChunkedBlobService(store),
    store,
    tamper: async (d, b) => store.tamper(d, b),
    hooks: store,
  };
});
