// The three service contracts a store is made of. Every operation of the store library is written
// against these, so it works the same on memory, JetStream and NATS-client backends.
import type { BlobService } from "@castore/blob";
import type { DirectoryService } from "@castore/directory";
import type { PathInfoService } from "@castore/pathinfo";

export interface Services {
  readonly blobs: BlobService;
  readonly directories: DirectoryService;
  readonly pathInfos: PathInfoService;
}
