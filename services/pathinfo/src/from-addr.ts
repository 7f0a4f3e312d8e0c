// The one place path-info backends are assembled (DESIGN §6): memory://, nats://…?prefix=P (the
// client of running services) and jetstream://…?prefix=P&replicas=N&domain=D (in-process). An
// in-process service checks content and renders NARs through the store's blob and directory
// services: `blobs`/`dirs` name them; by default they are the ones the same address gives.
import type { SigningKey } from "@castore/core";
import { memoryBlobService, openJetStreamBlobs, type BlobService } from "@castore/blob";
import { memoryDirectoryService, openJetStreamDirectories, type DirectoryService } from "@castore/directory";
import { fromAddr, type FromAddrOptions, type JetStreamParams } from "@castore/service-kit";
import type { NatsConnection } from "@nats-io/nats-core";
import { NatsPathInfoService } from "./client.js";
import { JetStreamPathInfoStore } from "./jetstream.js";
import { MemoryPathInfoStore } from "./memory.js";
import type { PathInfoService } from "./service.js";
import { StorePathInfoService } from "./store.js";

export interface PathInfoFromAddrOptions extends FromAddrOptions {
  readonly blobs?: BlobService;
  readonly dirs?: DirectoryService;
  /** In-process backends sign every stored path with this key (a nats:// service has its own). */
  readonly signingKey?: SigningKey | null;
}

/** The JetStream backend of the store `p.prefix` on an open connection (what services run on). */
export async function openJetStreamPathInfos(
  nc: NatsConnection,
  p: JetStreamParams,
  policy: { blobs?: BlobService; dirs?: DirectoryService; signingKey?: SigningKey | null } = {},
): Promise<StorePathInfoService> {
  const blobs = policy.blobs ?? (await openJetStreamBlobs(nc, p));
  const dirs = policy.dirs ?? (await openJetStreamDirectories(nc, p, blobs));
  return new StorePathInfoService(await JetStreamPathInfoStore.open(nc, p), { blobs, dirs, signingKey: policy.signingKey ?? null });
}

export function pathInfoServiceFromAddr(addr: string, opts: PathInfoFromAddrOptions = {}): Promise<PathInfoService> {
  return fromAddr<PathInfoService>("path-info", addr, opts, {
    memory: () =>
      new StorePathInfoService(new MemoryPathInfoStore(), {
        blobs: opts.blobs ?? memoryBlobService(),
        dirs: opts.dirs ?? memoryDirectoryService(),
        signingKey: opts.signingKey ?? null,
      }),
    nats: (nc, prefix) => new NatsPathInfoService(nc, { prefix, ...opts.retry }),
    jetstream: (nc, p) =>
      openJetStreamPathInfos(nc, p, {
        ...(opts.blobs ? { blobs: opts.blobs } : {}),
        ...(opts.dirs ? { dirs: opts.dirs } : {}),
        signingKey: opts.signingKey ?? null,
      }),
  });
}
