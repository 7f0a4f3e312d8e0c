// openStore(url): the one way any program (the CLI, the HTTP bridge, copy, mount, a user's own
// code) opens a store, and the one place the three services are assembled from their fromAddr
// backends, on one shared NATS connection:
//   (no url)                          the embedded default: a nats-server under `home`, started in
//                                     the background on first use, with the services in-process
//   memory://                         everything in this process, gone when it exits
//   nats://[user:pass@]h:p[,h:p]?prefix=P[&read=direct]   clients of running services (`castore serve`);
//                                     read=direct fetches chunks from JetStream itself
//   jetstream://[user:pass@]h:p[,…]?prefix=P&replicas=N&domain=D   the services in-process, on JetStream
//   cache://?near=ADDR&far=ADDR[&far=ADDR…][&writeThrough=true]    near/far read-through, filling near
//   lru://?inner=ADDR&maxBytes=N                                   a bounded in-process cache
//   priority://?store=ADDR&store=ADDR…                             several stores tried in order
//   composition:PATH[?root=NAME]                                   a composition file (JSON)
// (ADDR: a store address, URL-encoded; see composition.ts and the README.)
import { homedir } from "node:os";
import { join } from "node:path";
import { Code, DEFAULT_PREFIX, StoreError, invalid, validatePrefix, type SigningKey } from "@castore/core";
import { blobServiceAvailable, blobServiceFromAddr, type BlobService } from "@castore/blob";
import { directoryServiceAvailable, directoryServiceFromAddr, type DirectoryService } from "@castore/directory";
import { pathInfoServiceAvailable, pathInfoServiceFromAddr, type PathInfoService } from "@castore/pathinfo";
import {
  addrScheme,
  addrTarget,
  connectEmbedded,
  connectTo,
  connectionOptions,
  connectionProblem,
  jetStreamParams,
  parseStoreAddr,
  silentLogger,
  type Config,
  type Logger,
  type NatsTarget,
  type Role,
} from "@castore/service-kit";
import type { NatsConnection } from "@nats-io/nats-core";
import { openComposed } from "./composition.js";
import { ensureEmbeddedServer } from "./embedded.js";
import { Lazy, lazyBlobs, lazyDirectories, lazyPathInfos } from "./lazy.js";
import { StoreOps, type Store } from "./store.js";

export type ServiceName = "blobs" | "directories" | "pathInfos";

export interface OpenStoreOptions {
  /** Subject prefix when the URL names none (default `castore`). */
  readonly prefix?: string;
  /** Where the embedded default lives (default `~/.local/share/castore`). */
  readonly home?: string;
  /** Stream replicas of the buckets in-process services create (jetstream://, embedded). */
  readonly replicas?: number;
  /** JetStream domain of the buckets (leaf-node set-ups). */
  readonly jsDomain?: string;
  /** In-process path-info services sign every path they store with this key. */
  readonly signingKey?: SigningKey | null;
  /** NATS credentials: a creds file, an nkey seed file, TLS files. */
  readonly creds?: string;
  readonly nkey?: string;
  /** TLS files; `required` makes the connection use TLS even without them (tls:// servers). */
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string; readonly required?: boolean };
  /**
   * "client" (default) reconnects for a bounded time, as a command or program that someone
   * waits for should; "service" reconnects forever.
   */
  readonly role?: Role;
  /**
   * nats://: read chunks straight from the store's chunk bucket (JetStream direct gets; needs
   * that permission), not through the blob service; verified all the same. Also `?read=direct`.
   */
  readonly directRead?: boolean;
  /** Services checked at open (nats://): fail fast if one does not answer. Others on first use. */
  readonly require?: readonly ServiceName[];
  readonly logger?: Logger;
}

/** The embedded default's home when none is given. */
export const defaultHome = (): string => join(homedir(), ".local", "share", "castore");

export async function openStore(url?: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const log = opts.logger ?? silentLogger;
  if (url === undefined || url === "") return openEmbedded(opts, log);
  switch (addrScheme(url)) {
    case "memory": {
      const blobs = await blobServiceFromAddr(url);
      const directories = await directoryServiceFromAddr(url, { blobs });
      const pathInfos = await pathInfoServiceFromAddr(url, { blobs, dirs: directories, signingKey: opts.signingKey ?? null });
      return new StoreOps({ blobs, directories, pathInfos }, { url: "memory://", prefix: "", close: async () => {} });
    }
    case "nats": {
      const a = parseStoreAddr(url, ["prefix", "read"]);
      const target = addrTarget(a);
      const prefix = prefixOf(a.params.get("prefix"), opts);
      const read = a.params.get("read");
      if (read !== null && read !== "direct" && read !== "service") throw invalid(`read must be "direct" or "service", got ${JSON.stringify(read)}`);
      const nc = await connect(target, opts);
      return natsClients(nc, target.display, prefix, { ...opts, ...(read === "direct" ? { directRead: true } : {}) });
    }
    case "jetstream": {
      const a = parseStoreAddr(url, ["prefix", "replicas", "maxBytes", "domain"]);
      const target = addrTarget(a);
      const p = jetStreamParams(a);
      const nc = await connect(target, opts);
      return inProcess(nc, `jetstream://${target.display.replaceAll("nats://", "")}`, {
        prefix: prefixOf(a.params.get("prefix"), opts),
        replicas: p.replicas ?? opts.replicas ?? 1,
        domain: p.domain ?? opts.jsDomain,
        maxBytes: p.maxBytes,
        signingKey: opts.signingKey ?? null,
      });
    }
    case "cache":
    case "lru":
    case "priority":
    case "composition":
      return openComposed(url, opts);
    default:
      throw invalid(
        `unknown store address ${JSON.stringify(url)} (use memory://, nats://host:port, jetstream://host:port, cache://?near=…&far=…, ` +
          "lru://?inner=…&maxBytes=N, priority://?store=…&store=…, composition:FILE, or none for the embedded store)",
      );
  }
}

function prefixOf(fromUrl: string | null, opts: OpenStoreOptions): string {
  return validatePrefix(fromUrl ?? opts.prefix ?? DEFAULT_PREFIX);
}

/** A connection to `target` with the options' credentials and TLS (shared with composition.ts). */
export async function connect(target: NatsTarget, opts: OpenStoreOptions): Promise<NatsConnection> {
  const { required, ...tls } = opts.tls ?? {};
  const cfg = { creds: opts.creds, nkey: opts.nkey, tls } as Pick<Config, "creds" | "nkey" | "tls"> as Config;
  const t = required ? { ...target, servers: target.servers.map((s) => s.replace(/^nats:/, "tls:")) } : target;
  return connectTo(connectionOptions(cfg, t, opts.role ?? "cli"), target.display);
}

async function openEmbedded(opts: OpenStoreOptions, log: Logger): Promise<Store> {
  const replicas = opts.replicas ?? 1;
  if (replicas !== 1) {
    throw new StoreError(
      Code.InvalidArgument,
      `replicas ${replicas} needs a JetStream cluster; the embedded nats-server is a single node (give a nats:// or jetstream:// URL)`,
    );
  }
  const server = await ensureEmbeddedServer(opts.home ?? defaultHome(), log);
  const nc = await connectEmbedded(server.url, opts.role ?? "cli");
  const prefix = validatePrefix(opts.prefix ?? DEFAULT_PREFIX);
  // A `castore serve` in the foreground owns this server and runs the services on it, perhaps
  // as a cache of upstream stores or with a signing key: then go through those services, as
  // with --nats, so what the user started is what answers (in process, an edge's upstream
  // would be invisible and its key unused). Otherwise the services run in this process.
  if (!server.background) {
    const up = await Promise.all([blobServiceAvailable(nc, prefix), directoryServiceAvailable(nc, prefix), pathInfoServiceAvailable(nc, prefix)]);
    if (up.every(Boolean)) return natsClients(nc, `embedded (${opts.home ?? defaultHome()})`, prefix, opts);
  }
  return inProcess(nc, `embedded (${opts.home ?? defaultHome()})`, {
    prefix,
    replicas: 1,
    domain: undefined,
    maxBytes: undefined,
    signingKey: opts.signingKey ?? null,
  });
}

/**
 * The services in this process, on JetStream over `nc`. The blob backend opens at once (every
 * command uses it); directories and path infos open their buckets on first use.
 */
async function inProcess(
  nc: NatsConnection,
  display: string,
  p: { prefix: string; replicas: number; domain: string | undefined; maxBytes: number | undefined; signingKey: SigningKey | null },
): Promise<Store> {
  const params = new URLSearchParams({ prefix: p.prefix, replicas: String(p.replicas) });
  if (p.domain) params.set("domain", p.domain);
  if (p.maxBytes !== undefined) params.set("maxBytes", String(p.maxBytes));
  // The connection is passed in; the URL carries only the backend parameters.
  const addr = `jetstream://in-process?${params}`;
  try {
    const blobs = await blobServiceFromAddr(addr, { connection: nc });
    const dirs = new Lazy<DirectoryService>(() => directoryServiceFromAddr(addr, { connection: nc, blobs }));
    const directories = lazyDirectories(dirs);
    const infos = new Lazy<PathInfoService>(() =>
      pathInfoServiceFromAddr(addr, { connection: nc, blobs, dirs: directories, signingKey: p.signingKey }),
    );
    return new StoreOps(
      { blobs, directories, pathInfos: lazyPathInfos(infos) },
      { url: display, prefix: p.prefix, connection: nc, close: () => nc.drain() },
    );
  } catch (e) {
    await nc.close();
    throw e;
  }
}

/** How long a service check keeps asking after the connection to NATS was lost (a restart). */
const AVAILABILITY_DEADLINE_MS = 60_000;
/** How long services that do not answer on a sound connection get before the command gives up. */
const AVAILABILITY_GRACE_MS = 5_000;

/** Clients of running services; each checks on first use (or at open, if required) that its service answers. */
async function natsClients(nc: NatsConnection, display: string, prefix: string, opts: OpenStoreOptions): Promise<Store> {
  const addr = `nats://in-process?prefix=${encodeURIComponent(prefix)}`;
  // Direct reads are the blob client's business; the directory client reads large directories
  // through that same blob client.
  const blobAddr = opts.directRead ? `${addr}&read=direct` : addr;
  const retry = { connectionProblem: () => connectionProblem(nc) };
  const unavailable = (what: string): StoreError =>
    new StoreError(Code.Unavailable, `no castore ${what} on ${display} (prefix ${prefix}); run \`castore serve --nats ${display}\``);
  // No answer while the connection is fine: the services are not there — say so soon (after
  // AVAILABILITY_GRACE_MS: in a cluster that just lost a node, the services' own connections
  // reconnect, ~2 s, and their interest is missing meanwhile; seen in CI). No answer while our
  // connection is down or was down during the check: NATS (and the services, which reconnect
  // too) may be restarting — keep asking until the usual retry deadline.
  const checked = <T>(what: string, available: () => Promise<boolean>, open: () => Promise<T>) => async (): Promise<T> => {
    const start = Date.now();
    let troubled = false;
    for (;;) {
      troubled ||= connectionProblem(nc) !== null;
      if (await available()) return open();
      troubled ||= connectionProblem(nc) !== null;
      const waited = Date.now() - start;
      if (nc.isClosed() || waited >= (troubled ? AVAILABILITY_DEADLINE_MS : AVAILABILITY_GRACE_MS)) throw unavailable(what);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const blobsLazy = new Lazy<BlobService>(checked("services", () => blobServiceAvailable(nc, prefix), () => blobServiceFromAddr(blobAddr, { connection: nc, retry })));
  const blobs = lazyBlobs(blobsLazy);
  const dirsLazy = new Lazy<DirectoryService>(
    checked("directory service", () => directoryServiceAvailable(nc, prefix), () => directoryServiceFromAddr(addr, { connection: nc, retry, blobs })),
  );
  const infosLazy = new Lazy<PathInfoService>(
    checked("path-info service", () => pathInfoServiceAvailable(nc, prefix), () => pathInfoServiceFromAddr(addr, { connection: nc, retry })),
  );
  try {
    const lazies: Record<ServiceName, Lazy<{ close(): Promise<void> }>> = { blobs: blobsLazy, directories: dirsLazy, pathInfos: infosLazy };
    // Checked together; the first missing one in a fixed order is reported (blobs first).
    const order: ServiceName[] = ["blobs", "directories", "pathInfos"];
    const wanted = order.filter((s) => opts.require?.includes(s));
    const results = await Promise.allSettled(wanted.map((s) => lazies[s].get()));
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  } catch (e) {
    await nc.close();
    throw e;
  }
  return new StoreOps(
    { blobs, directories: lazyDirectories(dirsLazy), pathInfos: lazyPathInfos(infosLazy) },
    { url: display, prefix, connection: nc, close: () => nc.drain() },
  );
}
