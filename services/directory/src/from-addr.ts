// The one place directory backends are assembled (DESIGN §6): memory://, nats://…?prefix=P (the
// client of running services) and jetstream://…?prefix=P&replicas=N&domain=D (in-process).
// Directories too large for one message live as blobs of the same store: `blobs` names that blob
// service; by default it is the one the same address gives.
import { invalid } from "@castore/core";
import { NatsBlobService, openJetStreamBlobs, type BlobService } from "@castore/blob";
import { addrConnection, addrPrefix, addrScheme, addrTarget, closing, jetStreamParams, parseStoreAddr, type FromAddrOptions, type JetStreamParams } from "@castore/service-kit";
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

export async function directoryServiceFromAddr(addr: string, opts: DirectoryFromAddrOptions = {}): Promise<DirectoryService> {
  switch (addrScheme(addr)) {
    case "memory": {
      const a = parseStoreAddr(addr, []);
      if (a.authority !== "" || (a.path && a.path !== "/")) throw invalid("memory:// takes no host or path");
      return memoryDirectoryService();
    }
    case "nats": {
      const a = parseStoreAddr(addr, ["prefix"]);
      const target = addrTarget(a);
      const prefix = addrPrefix(a);
      const { nc, close } = await addrConnection(target, opts);
      return closing(new NatsDirectoryService(nc, { prefix, ...opts.retry, blobs: opts.blobs ?? new NatsBlobService(nc, { prefix, ...opts.retry }) }), close);
    }
    case "jetstream": {
      const a = parseStoreAddr(addr, ["prefix", "replicas", "maxBytes", "domain"]);
      const target = addrTarget(a);
      const params = jetStreamParams(a);
      const { nc, close } = await addrConnection(target, opts);
      try {
        return closing(await openJetStreamDirectories(nc, params, opts.blobs), close);
      } catch (e) {
        await close();
        throw e;
      }
    }
    default:
      throw invalid(`unknown directory store address ${JSON.stringify(addr)} (use memory://, nats:// or jetstream://)`);
  }
}
