// The one place directory backends are assembled (DESIGN §6): memory://, nats://…?prefix=P (the
// client of running services) and jetstream://…?prefix=P&replicas=N&domain=D (in-process).
// Directories too large for one message live as blobs of the same store: `blobs` names that blob
// service; by default it is the one the same address gives.
import { NatsBlobService, openJetStreamBlobs, type BlobService } from "@castore/blob";
import { fromAddr, type FromAddrOptions, type JetStreamParams } from "@castore/service-kit";
import type { NatsConnection } from "@nats-io/nats-core";
import { NatsDirectoryService } from "./client.js";
import { JetStreamDirectoryStore } from "./jetstream.js";
import { memoryDirectoryService } from "./memory.js";
import type { DirectoryService } from "./service.js";
import { StoreDirectoryService } from "./store.js";

export interface DirectoryFromAddrOptions extends FromAddrOptions {
  /** The store's blob service, for large directories (default: the address's own). */
  readonly blobs?: BlobService;
}

/** The JetStream backend of the store `p.prefix` on an open connection (what services run on). */
export async function openJetStreamDirectories(nc: NatsConnection, p: JetStreamParams, blobs?: BlobService): Promise<StoreDirectoryService> {
  const b = blobs ?? (await openJetStreamBlobs(nc, p));
  return new StoreDirectoryService(await JetStreamDirectoryStore.open(nc, { ...p, blobs: b }));
}

export function directoryServiceFromAddr(addr: string, opts: DirectoryFromAddrOptions = {}): Promise<DirectoryService> {
  return fromAddr<DirectoryService>("directory", addr, opts, {
    memory: () => memoryDirectoryService(),
    nats: (nc, prefix) => new NatsDirectoryService(nc, { prefix, ...opts.retry, blobs: opts.blobs ?? new NatsBlobService(nc, { prefix, ...opts.retry }) }),
    jetstream: (nc, p) => openJetStreamDirectories(nc, p, opts.blobs),
  });
}
