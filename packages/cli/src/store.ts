// The blob and directory services a command works on. With --nats: their NATS clients, after
// checking that the services the command needs answer on the prefix (fail fast, with what to do
// about it). Without: the embedded server, with the services run in-process straight on its
// JetStream buckets.
import { Code, EMPTY_BLAKE3, StoreError, directorySubjects, pathInfoSubjects } from "@castore/core";
import { ChunkedBlobService, JetStreamChunkStore, NatsBlobService, blobServiceAvailable, type BlobService } from "@castore/blob";
import { JetStreamDirectoryStore, NatsDirectoryService, StoreDirectoryService, type DirectoryService } from "@castore/directory";
import { JetStreamPathInfoStore, NatsPathInfoService, StorePathInfoService, type PathInfoService } from "@castore/pathinfo";
import { castore, tvix } from "@castore/proto";
import type { NatsConnection } from "@nats-io/nats-core";
import type { Config } from "./config.js";
import { connectEmbedded, connectNats } from "./connect.js";
import { ensureEmbeddedServer } from "./embedded.js";
import type { Logger } from "./logger.js";

export interface OpenStore {
  readonly blobs: BlobService;
  readonly dirs: DirectoryService;
  /** The path-info service; only usable when opened with needs.pathinfo. */
  readonly infos: PathInfoService;
  close(): Promise<void>;
}

export interface StoreNeeds {
  /** Whether the command uses the directory service (with --nats it must then answer too). */
  readonly directories?: boolean;
  /** Whether the command uses the path-info service (implies directories). */
  readonly pathinfo?: boolean;
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

/** Opens the directory bucket of the store; large directories live in `blobs`. */
export function openDirectoryStore(nc: NatsConnection, cfg: Config, blobs: BlobService): Promise<JetStreamDirectoryStore> {
  return JetStreamDirectoryStore.open(nc, {
    prefix: cfg.prefix,
    replicas: cfg.replicas,
    blobs,
    ...(cfg.jsDomain === undefined ? {} : { domain: cfg.jsDomain }),
  });
}

/** Opens the path-info buckets of the store. */
export function openPathInfoStore(nc: NatsConnection, cfg: Config): Promise<JetStreamPathInfoStore> {
  return JetStreamPathInfoStore.open(nc, {
    prefix: cfg.prefix,
    replicas: cfg.replicas,
    ...(cfg.jsDomain === undefined ? {} : { domain: cfg.jsDomain }),
  });
}

/** Whether a path-info service answers on `prefix` (a get of an all-zero hash; "not found" counts). */
async function pathInfoServiceAvailable(nc: NatsConnection, prefix: string, timeoutMs = 2_000): Promise<boolean> {
  const req = tvix.store.v1.GetPathInfoRequest.encode({ byOutputHash: new Uint8Array(20) }).finish();
  try {
    await nc.request(pathInfoSubjects(prefix).get, req, { timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

/** Whether a directory service answers on `prefix` (a get of the empty directory's digest). */
async function directoryServiceAvailable(nc: NatsConnection, prefix: string, timeoutMs = 2_000): Promise<boolean> {
  const req = castore.nats.v1.GetDirectoriesRequest.encode({ digests: [EMPTY_BLAKE3.bytes] }).finish();
  try {
    await nc.request(directorySubjects(prefix).get, req, { timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

export async function openStore(cfg: Config, log: Logger, needs: StoreNeeds = {}): Promise<OpenStore> {
  if (cfg.nats === undefined) {
    checkEmbeddedReplicas(cfg);
    const server = await ensureEmbeddedServer(cfg.home, log);
    const nc = await connectEmbedded(server.url, "cli");
    try {
      const chunks = await openChunkStore(nc, cfg);
      const blobs = new ChunkedBlobService(chunks);
      // The bucket is only created when a command uses directories: blob commands stay as fast.
      const dirs = needs.directories || needs.pathinfo ? new StoreDirectoryService(await openDirectoryStore(nc, cfg, blobs)) : unavailableDirs();
      const infos = needs.pathinfo
        ? new StorePathInfoService(await openPathInfoStore(nc, cfg), { blobs, dirs, signingKey: cfg.signingKey?.key ?? null })
        : unavailableInfos();
      return { blobs, dirs, infos, close: () => closeAll(blobs, dirs, infos, nc) };
    } catch (e) {
      await nc.close();
      throw e;
    }
  }
  const target = cfg.nats;
  const nc = await connectNats(cfg, target, "cli");
  const [blobsUp, dirsUp, infosUp] = await Promise.all([
    blobServiceAvailable(nc, cfg.prefix),
    needs.directories || needs.pathinfo ? directoryServiceAvailable(nc, cfg.prefix) : Promise.resolve(true),
    needs.pathinfo ? pathInfoServiceAvailable(nc, cfg.prefix) : Promise.resolve(true),
  ]);
  if (!blobsUp || !dirsUp || !infosUp) {
    await nc.close();
    const url = target.display;
    const what = !blobsUp ? "services" : !dirsUp ? "directory service" : "path-info service";
    throw new Error(`no castore ${what} on ${url} (prefix ${cfg.prefix}); run \`castore serve --nats ${url}\``);
  }
  const blobs = new NatsBlobService(nc, { prefix: cfg.prefix });
  const dirs = new NatsDirectoryService(nc, { prefix: cfg.prefix, blobs });
  const infos = new NatsPathInfoService(nc, { prefix: cfg.prefix });
  return { blobs, dirs, infos, close: () => closeAll(blobs, dirs, infos, nc) };
}

/** The directory service of a store opened without asking for it: a programming error to use. */
function unavailableDirs(): DirectoryService {
  const fail = (): never => {
    throw new StoreError(Code.Internal, "the directory service was not opened for this command (openStore needs.directories)");
  };
  return { get: fail, getRecursive: fail, put: fail, putter: fail, close: async () => {} };
}

/** The path-info service of a store opened without asking for it: a programming error to use. */
function unavailableInfos(): PathInfoService {
  const fail = (): never => {
    throw new StoreError(Code.Internal, "the path-info service was not opened for this command (openStore needs.pathinfo)");
  };
  return { get: fail, put: fail, list: fail, calculateNar: fail, close: async () => {} };
}

async function closeAll(blobs: BlobService, dirs: DirectoryService, infos: PathInfoService, nc: NatsConnection): Promise<void> {
  await infos.close();
  await dirs.close();
  await blobs.close();
  await nc.drain();
}

/** Runs `fn` on the store and closes it afterwards, whatever happens. */
export async function withStore<T>(
  cfg: Config,
  log: Logger,
  fn: (s: OpenStore) => Promise<T>,
  needs: StoreNeeds = {},
): Promise<T> {
  const store = await openStore(cfg, log, needs);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
