// Builds the stores of a composition (service-kit composition.ts: a file, or a combinator URL):
// each named store lazily, once, shared by every store that refers to it; a store address written
// in place of a name is a store of its own. A store is built as its three layers — chunks under the
// blob pipeline, directories, path infos — so the combinators work where their verification is
// cheapest (chunks by digest, directory closures as uploads are validated, path infos through the
// trusted path), and each layer of a cache fills its own near layer.
import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { B3Digest, DEFAULT_PREFIX, invalid, validatePrefix, type Upstream } from "@castore/core";
import {
  CacheChunkStore,
  ChunkedBlobService,
  JetStreamChunkStore,
  LruChunkStore,
  MemoryChunkStore,
  NatsBlobService,
  NatsChunkStore,
  PriorityChunkStore,
  type ChunkStore,
} from "@castore/blob";
import {
  CacheDirectoryStore,
  JetStreamDirectoryStore,
  LruDirectoryStore,
  MemoryDirectoryStore,
  NatsDirectoryService,
  PriorityDirectoryStore,
  StoreDirectoryService,
  directoryStoreOf,
  type DirectoryService,
  type DirectoryStore,
} from "@castore/directory";
import {
  CachePathInfoStore,
  JetStreamPathInfoStore,
  LruPathInfoStore,
  MemoryPathInfoStore,
  NatsPathInfoService,
  PriorityPathInfoStore,
  StorePathInfoService,
  pathInfoStoreOf,
  type PathInfoService,
  type PathInfoStore,
} from "@castore/pathinfo";
import {
  addrScheme,
  addrTarget,
  compositionOfUrl,
  connectionProblem,
  isAddress,
  jetStreamParams,
  parseComposition,
  parseStoreAddr,
  type Composition,
  type StoreDef,
} from "@castore/service-kit";
import type { NatsConnection } from "@nats-io/nats-core";
import type { RetryOptions } from "@castore/core";
import { connect, type OpenStoreOptions } from "./open.js";
import { StoreOps, type Store } from "./store.js";

/** One built store: its three layers, as a near store uses them and as a far store is read. */
export interface Layers {
  /** How messages name it (passwords masked). */
  readonly name: string;
  readonly chunks: ChunkStore;
  readonly dirStore: DirectoryStore;
  readonly infoStore: PathInfoStore;
  /** Verified directory reads (and uploads) of this store. */
  readonly dirs: DirectoryService;
  /** Path-info reads (and checked puts) of this store. */
  readonly infos: PathInfoService;
  /** What names it in a 503, and whether the way to it is down now. */
  readonly upstream: Upstream;
  /** The NATS connection of a leaf on NATS; null otherwise. */
  readonly connection: NatsConnection | null;
  readonly prefix: string;
  close(): Promise<void>;
}

export interface BuildOptions extends OpenStoreOptions {
  /** Retry behaviour of NATS clients of far stores (default: the client defaults). */
  readonly retry?: RetryOptions;
}

/**
 * The stores of one composition, each built on first use and then shared. close() closes every
 * store built, the last built first (combinators before the stores they are built from).
 */
export class Composer {
  readonly #c: Composition;
  readonly #opts: BuildOptions;
  readonly #built = new Map<string, Promise<Layers>>();
  readonly #order: Promise<Layers>[] = [];

  constructor(c: Composition, opts: BuildOptions = {}) {
    this.#c = c;
    this.#opts = opts;
  }

  get root(): string {
    return this.#c.root;
  }

  /**
   * The store named `ref`, built once and shared; or the store at the address `ref`, a new
   * anonymous store each time an address is written (two `memory://` are two stores).
   */
  get(ref: string, chain: readonly string[] = []): Promise<Layers> {
    if (isAddress(ref)) return this.#track(this.#build(addressDef(ref), ref, chain));
    if (chain.includes(ref)) return Promise.reject(invalid(`the stores refer to each other in a cycle: ${[...chain.slice(chain.indexOf(ref)), ref].join(" -> ")}`));
    let p = this.#built.get(ref);
    if (p === undefined) {
      const def = this.#c.stores[ref];
      if (def === undefined) return Promise.reject(invalid(`no store is named ${JSON.stringify(ref)}`));
      p = this.#track(this.#build(def, ref, [...chain, ref]));
      this.#built.set(ref, p);
    }
    return p;
  }

  #track(p: Promise<Layers>): Promise<Layers> {
    this.#order.push(p);
    p.catch(() => {});
    return p;
  }

  async #build(def: StoreDef, name: string, chain: readonly string[]): Promise<Layers> {
    switch (def.type) {
      case "memory":
        return memoryLayers(this.#opts);
      case "nats":
        return natsLayers(def.url, this.#opts);
      case "jetstream":
        return jetStreamLayers(def.url, this.#opts);
      case "lru": {
        const inner = await this.get(def.inner, chain);
        const chunks = new LruChunkStore(inner.chunks, def.maxBytes);
        const dirStore = new LruDirectoryStore(inner.dirStore, def.maxBytes);
        const infoStore = new LruPathInfoStore(inner.infoStore, def.maxPathInfos);
        return combined(`lru(${inner.name})`, chunks, dirStore, infoStore, inner.upstream, this.#opts, async () => {
          await Promise.all([chunks.close(), dirStore.close(), infoStore.close()]);
        });
      }
      case "priority": {
        const stores = await Promise.all(def.stores.map((r) => this.get(r, chain)));
        return prioritised(stores, this.#opts);
      }
      case "cache": {
        const near = await this.get(def.near, chain);
        const fars = typeof def.far === "string" ? [await this.get(def.far, chain)] : await Promise.all(def.far.map((r) => this.get(r, chain)));
        const far = fars.length === 1 ? fars[0]! : prioritised(fars, this.#opts);
        return cacheLayers(near, far, { writeThrough: def.writeThrough }, this.#opts, name);
      }
    }
  }

  async close(): Promise<void> {
    const all = await Promise.allSettled(this.#order.slice().reverse());
    this.#built.clear();
    this.#order.length = 0;
    for (const r of all) if (r.status === "fulfilled") await r.value.close().catch(() => {});
  }
}

function addressDef(addr: string): StoreDef {
  const scheme = addrScheme(addr);
  if (scheme === "memory") return { type: "memory" };
  if (scheme === "nats" || scheme === "jetstream") return { type: scheme, url: addr };
  const c = compositionOfUrl(addr);
  return c.stores[c.root]!;
}

/** Layers from the three stores, with the services over them (the policy of a store of our own). */
function combined(
  name: string,
  chunks: ChunkStore,
  dirStore: DirectoryStore,
  infoStore: PathInfoStore,
  upstream: Upstream,
  opts: BuildOptions,
  close: () => Promise<void>,
  connection: NatsConnection | null = null,
  prefix = "",
): Layers {
  const blobs = new ChunkedBlobService(chunks);
  const dirs = new StoreDirectoryService(dirStore);
  const infos = new StorePathInfoService(infoStore, { blobs, dirs, signingKey: opts.signingKey ?? null });
  return { name, chunks, dirStore, infoStore, dirs, infos, upstream, connection, prefix, close };
}

function memoryLayers(opts: BuildOptions): Layers {
  const chunks = new MemoryChunkStore();
  return combined("memory://", chunks, new MemoryDirectoryStore(), new MemoryPathInfoStore(), { name: "memory://" }, opts, async () => {});
}

async function jetStreamLayers(url: string, opts: BuildOptions): Promise<Layers> {
  const a = parseStoreAddr(url, ["prefix", "replicas", "maxBytes", "domain"]);
  const target = addrTarget(a);
  const p = jetStreamParams(a);
  const params = {
    prefix: validatePrefix(a.params.get("prefix") ?? opts.prefix ?? DEFAULT_PREFIX),
    replicas: p.replicas ?? opts.replicas ?? 1,
    ...(p.maxBytes === undefined ? {} : { maxBytes: p.maxBytes }),
    ...((p.domain ?? opts.jsDomain) ? { domain: (p.domain ?? opts.jsDomain)! } : {}),
  };
  const nc = await connect(target, opts);
  try {
    return await jetStreamLayersOn(nc, params, `jetstream://${target.display.replaceAll("nats://", "")}`, opts, () => nc.drain());
  } catch (e) {
    await nc.close();
    throw e;
  }
}

/** The JetStream backends of a store on an open connection (a near store of `castore serve`). */
export async function jetStreamLayersOn(
  nc: NatsConnection,
  params: { prefix: string; replicas?: number; domain?: string; maxBytes?: number; presenceCacheSize?: number },
  name: string,
  opts: BuildOptions,
  close: () => Promise<void> = async () => {},
): Promise<Layers> {
  const chunks = await JetStreamChunkStore.open(nc, params);
  const dirStore = await JetStreamDirectoryStore.open(nc, { ...params, blobs: new ChunkedBlobService(chunks) });
  const infoStore = await JetStreamPathInfoStore.open(nc, params);
  return combined(name, chunks, dirStore, infoStore, { name, problem: () => connectionProblem(nc) }, opts, close, nc, params.prefix);
}

async function natsLayers(url: string, opts: BuildOptions): Promise<Layers> {
  const a = parseStoreAddr(url, ["prefix", "read"]);
  const target = addrTarget(a);
  const prefix = validatePrefix(a.params.get("prefix") ?? opts.prefix ?? DEFAULT_PREFIX);
  const nc = await connect(target, opts);
  const name = `nats://${target.display.replaceAll("nats://", "")} (prefix ${prefix})`;
  return natsLayersOn(nc, prefix, name, opts, () => nc.drain(), a.params.get("read") === "direct");
}

/** The NATS clients of a store's services on an open connection (an upstream of `castore serve`). */
export function natsLayersOn(
  nc: NatsConnection,
  prefix: string,
  name: string,
  opts: BuildOptions,
  close: () => Promise<void> = async () => {},
  directRead = false,
): Layers {
  const retry: RetryOptions = { ...opts.retry, connectionProblem: () => connectionProblem(nc) };
  const chunks = new NatsChunkStore(nc, { prefix, ...retry, ...(directRead ? { directRead: true } : {}) });
  const dirs = new NatsDirectoryService(nc, { prefix, ...retry, blobs: new NatsBlobService(nc, { prefix, ...retry }) });
  const infos = new NatsPathInfoService(nc, { prefix, ...retry });
  return {
    name,
    chunks,
    dirStore: directoryStoreOf(dirs),
    infoStore: pathInfoStoreOf(infos),
    dirs,
    infos,
    upstream: { name, problem: () => connectionProblem(nc) },
    connection: nc,
    prefix,
    close: async () => {
      await chunks.close();
      await close();
    },
  };
}

export function prioritised(stores: readonly Layers[], opts: BuildOptions): Layers {
  const name = stores.length === 1 ? stores[0]!.name : `priority(${stores.map((s) => s.name).join(", ")})`;
  const ups = stores.map((s) => s.upstream);
  return combined(
    name,
    new PriorityChunkStore(stores.map((s) => s.chunks), ups),
    new PriorityDirectoryStore(stores.map((s) => s.dirStore), ups),
    new PriorityPathInfoStore(stores.map((s) => s.infoStore), ups),
    {
      name,
      // Down only when every store is: each one's own failures are skipped by the priority store.
      problem: () => {
        const all = ups.map((u) => u.problem?.() ?? null);
        return all.every((p) => p !== null) ? all.join("; ") : null;
      },
    },
    opts,
    async () => {},
  );
}

export interface CacheLayerOptions {
  readonly writeThrough?: boolean;
}

/** A near/far cache over built stores: each layer reads through its far layer and fills near. */
export function cacheLayers(near: Layers, far: Layers, o: CacheLayerOptions, opts: BuildOptions, name = `cache(${near.name}, ${far.name})`): Layers {
  const common = { writeThrough: o.writeThrough ?? false, upstream: far.upstream };
  const chunks = new CacheChunkStore(near.chunks, far.chunks, {
    ...common,
    nearHasDirectory: async (hex) => (await near.dirStore.getMany([B3Digest.parse(hex)]))[0] != null,
  });
  const dirStore = new CacheDirectoryStore(near.dirStore, far.dirs, common);
  const infoStore = new CachePathInfoStore(near.infoStore, far.infos, dirStore, common);
  return combined(name, chunks, dirStore, infoStore, { name }, opts, () => chunks.close(), near.connection, near.prefix);
}

/** The composition an address stands for: a combinator URL, or `composition:PATH[?root=NAME]`. */
export function compositionOf(url: string): Composition {
  if (addrScheme(url) === "composition") {
    const rest = url.slice("composition:".length).replace(/^\/\//, "");
    const q = rest.indexOf("?");
    const path = q < 0 ? rest : rest.slice(0, q);
    const params = new URLSearchParams(q < 0 ? "" : rest.slice(q + 1));
    for (const k of params.keys()) if (k !== "root") throw invalid(`composition: does not take the parameter ${JSON.stringify(k)} (allowed: root)`);
    if (path === "") throw invalid("composition: needs the path of a composition file, e.g. composition:./stores.json");
    const file = resolvePath(decodeURIComponent(path));
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw invalid(`cannot read the composition file ${file}: ${(e as Error).message}`);
    }
    const c = parseComposition(text, file);
    const root = params.get("root");
    if (root !== null && !(root in c.stores)) throw invalid(`${file}: no store is named ${JSON.stringify(root)} (the stores are ${Object.keys(c.stores).join(", ")})`);
    return root === null ? c : { ...c, root };
  }
  return compositionOfUrl(url);
}

/** openStore for combinator URLs and composition files. */
export async function openComposed(url: string, opts: OpenStoreOptions): Promise<Store> {
  const composer = new Composer(compositionOf(url), opts);
  let top: Layers;
  try {
    top = await composer.get(composer.root);
  } catch (e) {
    await composer.close();
    throw e;
  }
  return storeOfLayers(top, () => composer.close());
}

/** A Store (the library's operations) over built layers; `close` ends what they were built from. */
export function storeOfLayers(top: Layers, close: () => Promise<void> = async () => {}): Store {
  const blobs = new ChunkedBlobService(top.chunks, { readWindow: 64, putWindow: 8 });
  return new StoreOps(
    { blobs, directories: top.dirs, pathInfos: top.infos },
    { url: top.name, prefix: top.prefix, ...(top.connection ? { connection: top.connection } : {}), close },
  );
}
