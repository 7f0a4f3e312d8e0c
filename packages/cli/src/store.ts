// The BlobService a command works on. With --nats: the NATS client of the blob service, after
// checking that something answers on the prefix (fail fast, with what to do about it). Without:
// the embedded server, with the blob service run in-process straight on its JetStream buckets.
import { Code, StoreError } from "@castore/core";
import { ChunkedBlobService, JetStreamChunkStore, NatsBlobService, blobServiceAvailable, type BlobService } from "@castore/blob";
import type { NatsConnection } from "@nats-io/nats-core";
import type { Config } from "./config.js";
import { connectEmbedded, connectNats } from "./connect.js";
import { ensureEmbeddedServer } from "./embedded.js";
import type { Logger } from "./logger.js";

export interface OpenStore {
  readonly blobs: BlobService;
  close(): Promise<void>;
}

/** Opens the JetStream buckets of the store; shared by commands and `serve`. */
export function openChunkStore(nc: NatsConnection, cfg: Config): Promise<JetStreamChunkStore> {
  return JetStreamChunkStore.open(nc, {
    prefix: cfg.prefix,
    replicas: cfg.replicas,
    ...(cfg.jsDomain === undefined ? {} : { domain: cfg.jsDomain }),
  });
}

/** The replicas check of the embedded default: it is one server, so only R1 can work. */
export function checkEmbeddedReplicas(cfg: Config): void {
  if (cfg.replicas !== 1) {
    throw new StoreError(
      Code.InvalidArgument,
      `replicas ${cfg.replicas} needs a JetStream cluster; the embedded nats-server is a single node (give --nats URLS)`,
    );
  }
}

export async function openStore(cfg: Config, log: Logger): Promise<OpenStore> {
  if (cfg.nats === undefined) {
    checkEmbeddedReplicas(cfg);
    const server = await ensureEmbeddedServer(cfg.home, log);
    const nc = await connectEmbedded(server.url, "cli");
    try {
      const blobs = new ChunkedBlobService(await openChunkStore(nc, cfg));
      return { blobs, close: () => closeAll(blobs, nc) };
    } catch (e) {
      await nc.close();
      throw e;
    }
  }
  const target = cfg.nats;
  const nc = await connectNats(cfg, target, "cli");
  if (!(await blobServiceAvailable(nc, cfg.prefix))) {
    await nc.close();
    const url = target.display;
    throw new Error(`no castore services on ${url} (prefix ${cfg.prefix}); run \`castore serve --nats ${url}\``);
  }
  const blobs = new NatsBlobService(nc, { prefix: cfg.prefix });
  return { blobs, close: () => closeAll(blobs, nc) };
}

async function closeAll(blobs: BlobService, nc: NatsConnection): Promise<void> {
  await blobs.close();
  await nc.drain();
}

/** Runs `fn` on the store and closes it afterwards, whatever happens. */
export async function withStore<T>(cfg: Config, log: Logger, fn: (s: OpenStore) => Promise<T>): Promise<T> {
  const store = await openStore(cfg, log);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
