// `castore serve --upstream URL…`: the services of this store answer as read-through caches of
// the upstream store(s). Near is this store's JetStream backends; far is the upstream (several in
// priority order); each service is the same server as always, over the cache combinators of its
// layer, so a client of the edge sees everything the upstream has and what it read stays here.
// While an upstream's connection is down, what is cached is served and the rest fails at once
// with a 503 naming the upstream (not retried by clients). The near store is marked as one (a
// small KV record), so that fsck knows file contents may be left to the upstream. With a bound
// (maxBytes), an Evictor (evict.ts) keeps the near store under it, dropping the path infos read
// least recently and what only they reached; a later read of them goes to the upstream again.
import { bucketName, invalid } from "@castore/core";
import { ChunkedBlobService, BLOB_SERVICE_NAME, startBlobServer } from "@castore/blob";
import { DIRECTORY_SERVICE_NAME, startDirectoryServer } from "@castore/directory";
import { PATHINFO_SERVICE_NAME, startPathInfoServer } from "@castore/pathinfo";
import { checkAddress, type Logger, type ServiceStarter, type StartContext } from "@castore/service-kit";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { pathInfoKey, type PathInfoStore } from "@castore/pathinfo";
import { Composer, cacheLayers, jetStreamLayersOn, type BuildOptions, type Layers } from "./composition.js";
import { Evictor } from "./evict.js";

export interface EdgeOptions extends BuildOptions {
  /** Writes go to the upstream (the first) as well as here. */
  readonly writeThrough?: boolean;
  /** Keep this store under this many bytes (its JetStream streams), evicting what was read least recently. */
  readonly maxBytes?: number;
  /** With maxBytes: what was written or relied on more recently than this is not evicted (default 1 min). */
  readonly evictGraceMs?: number;
  readonly logger?: Logger;
}

/** Checks upstream addresses before anything starts; the message names the bad one. */
export function checkUpstreams(urls: readonly string[]): void {
  if (urls.length === 0) throw invalid("--upstream needs a store address");
  for (const u of urls) checkAddress(u, `--upstream ${JSON.stringify(u.replace(/\/\/[^@/]*:[^@/]*@/, "//***@"))}`);
}

/** How long an edge waits for an upstream that is connected but does not answer, before its 503. */
const UPSTREAM_DEADLINE_MS = 8_000;

/**
 * The upstream store(s) and, on first use, the caches over this store's JetStream backends, shared
 * by the three services of this process.
 */
export class Edge {
  readonly #urls: readonly string[];
  readonly #o: EdgeOptions;
  readonly #composer: Composer;
  #far: Promise<Layers> | null = null;
  #near: Promise<{ near: Layers; cache: Layers }> | null = null;
  #evictor: Evictor | null = null;

  constructor(urls: readonly string[], opts: EdgeOptions = {}) {
    checkUpstreams(urls);
    this.#urls = urls;
    this.#o = opts;
    // One upstream is far itself; several are tried in order, each failing fast while it is down.
    this.#composer = new Composer(
      { stores: { upstream: { type: "priority", stores: [...urls] } }, root: "upstream" },
      { role: "service", ...opts, retry: { deadlineMs: UPSTREAM_DEADLINE_MS, ...opts.retry } },
    );
  }

  /** The upstream(s) as one far store, connected on first use. */
  far(): Promise<Layers> {
    if (this.#far === null) {
      const p = this.#urls.length === 1 ? this.#composer.get(this.#urls[0]!) : this.#composer.get(this.#composer.root);
      this.#far = p;
      p.catch(() => {
        if (this.#far === p) this.#far = null;
      });
    }
    return this.#far;
  }

  /** Near (this store's JetStream backends on `nc`) and the cache over near and the upstream. */
  stores(nc: NatsConnection, ctx: StartContext): Promise<{ near: Layers; cache: Layers }> {
    this.#near ??= (async () => {
      const far = await this.far();
      const params = { prefix: ctx.prefix, replicas: ctx.replicas, ...(ctx.domain === undefined ? {} : { domain: ctx.domain }) };
      // Bounded: no positive presence cache, which would vouch for chunks eviction removed (a
      // fill would then skip storing them again).
      const nearParams = this.#o.maxBytes === undefined ? params : { ...params, presenceCacheSize: 0 };
      const near = await jetStreamLayersOn(nc, nearParams, `this store (prefix ${ctx.prefix})`, this.#o);
      await markNearStore(nc, params, this.#urls);
      const cache = cacheLayers(near, far, { writeThrough: this.#o.writeThrough ?? false }, this.#o, `edge of ${far.name}`);
      if (this.#o.maxBytes === undefined) return { near, cache };
      const evictor = new Evictor(nc, params, {
        maxBytes: this.#o.maxBytes,
        ...(this.#o.evictGraceMs === undefined ? {} : { graceMs: this.#o.evictGraceMs }),
        farHas: async (hash) => (await far.infos.get(hash)) !== null,
        ...(this.#o.logger ? { logger: this.#o.logger } : {}),
      });
      this.#evictor = evictor;
      evictor.start();
      return { near, cache: { ...cache, infoStore: notingReads(cache.infoStore, (key) => evictor.read(key)) } };
    })();
    return this.#near;
  }

  /** The services of this store, each answering as a read-through cache of the upstream. */
  starters(): ServiceStarter[] {
    const stop = (svc: { stop(): Promise<void> }) => ({ stop: () => svc.stop() });
    return [
      {
        name: "blob",
        serviceName: BLOB_SERVICE_NAME,
        description: "castore blob service (read-through cache of an upstream store)",
        start: async (nc, ctx) => {
          const { cache } = await this.stores(nc, ctx);
          const svc = await startBlobServer(nc, { prefix: ctx.prefix, store: cache.chunks, replicas: ctx.replicas, ...dom(ctx), logger: ctx.logger });
          return { service: svc.service, ...stop(svc) };
        },
      },
      {
        name: "directory",
        serviceName: DIRECTORY_SERVICE_NAME,
        description: "castore directory service (read-through cache of an upstream store)",
        start: async (nc, ctx) => {
          const { near, cache } = await this.stores(nc, ctx);
          // Large directories are kept as blobs of this store, written and read in near.
          const svc = await startDirectoryServer(nc, {
            prefix: ctx.prefix,
            store: cache.dirStore,
            blobs: new ChunkedBlobService(near.chunks),
            replicas: ctx.replicas,
            ...dom(ctx),
            logger: ctx.logger,
          });
          return { service: svc.service, ...stop(svc) };
        },
      },
      {
        name: "pathinfo",
        serviceName: PATHINFO_SERVICE_NAME,
        description: "castore path-info service (read-through cache of an upstream store)",
        start: async (nc, ctx) => {
          const { cache } = await this.stores(nc, ctx);
          const svc = await startPathInfoServer(nc, {
            prefix: ctx.prefix,
            store: cache.infoStore,
            blobs: new ChunkedBlobService(cache.chunks),
            dirs: cache.dirs,
            signingKey: ctx.signingKey,
            logger: ctx.logger,
          });
          return { service: svc.service, ...stop(svc) };
        },
      },
    ];
  }

  /** Ends background fills and closes the upstream connections (after the services stopped). */
  async close(): Promise<void> {
    await this.#evictor?.stop();
    this.#evictor = null;
    const n = this.#near;
    this.#near = null;
    if (n !== null) {
      const s = await n.catch(() => null);
      await s?.cache.close();
    }
    await this.#composer.close();
  }
}

/** A path-info store that tells `read` of every path info it answers (for eviction's recency). */
function notingReads(inner: PathInfoStore, read: (key: string) => void): PathInfoStore {
  return {
    get: async (hash) => {
      const info = await inner.get(hash);
      if (info !== null) read(pathInfoKey(hash));
      return info;
    },
    create: (info) => inner.create(info),
    setSignatures: (hash, sigs) => inner.setSignatures(hash, sigs),
    listPage: (cursor, limit) => inner.listPage(cursor, limit),
    getNarFigures: (key) => inner.getNarFigures(key),
    putNarFigures: (key, figures) => inner.putNarFigures(key, figures),
    close: () => inner.close(),
  };
}

const dom = (ctx: StartContext) => (ctx.domain === undefined ? {} : { domain: ctx.domain });

/** The KV bucket that marks a store as the near store of a cache (fsck reads it). */
export const nearMarkerBucket = (prefix: string): string => bucketName(prefix, "edge");

async function markNearStore(nc: NatsConnection, p: { prefix: string; replicas?: number; domain?: string }, upstreams: readonly string[]): Promise<void> {
  const kv = await new Kvm(jetstream(nc, p.domain ? { domain: p.domain } : {})).create(nearMarkerBucket(p.prefix), { history: 1, replicas: p.replicas ?? 1 });
  const shown = upstreams.map((u) => u.replace(/\/\/([^@/:]*):[^@/]*@/, "//$1:***@"));
  await kv.put("upstream", JSON.stringify({ upstreams: shown, since: new Date().toISOString() }));
}

/** The upstreams a store was last served as a cache of, or null if it never was one. */
export async function nearStoreMarker(nc: NatsConnection, prefix: string, domain?: string): Promise<{ upstreams: string[]; since: string } | null> {
  const jsm = await jetstreamManager(nc, domain ? { domain } : {});
  try {
    await jsm.streams.info(`KV_${nearMarkerBucket(prefix)}`);
  } catch {
    return null;
  }
  const kv = await new Kvm(jetstream(nc, domain ? { domain } : {})).open(nearMarkerBucket(prefix));
  const e = await kv.get("upstream");
  if (e?.operation !== "PUT") return null;
  try {
    return JSON.parse(e.string()) as { upstreams: string[]; since: string };
  } catch {
    return null;
  }
}
