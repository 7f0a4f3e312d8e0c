// Path-info-store combinators (DESIGN §6): `cache` (near/far read-through that fills near through a
// trusted path), `priority` and `lru`, plus the adapter that lets any PathInfoService (a NATS
// client) stand where a PathInfoStore is expected.
import {
  Code,
  StoreError,
  formatStorePath,
  nixbase32Encode,
  validatePathInfo,
  viaUpstream,
  type PathInfo,
  type Signature,
  type Upstream,
} from "@castore/core";
import type { DirectoryStore } from "@castore/directory";
import { cacheLookup } from "@castore/service-kit";
import type { NarFigures, PathInfoPage, PathInfoService } from "./service.js";
import { mergeSignatures, pathInfoKey, type PathInfoStore } from "./store.js";

export interface CachePathInfoOptions {
  /** Puts go to far as well as near (default: near only). */
  readonly writeThrough?: boolean;
  /** How 503s name far, and whether its connection is down right now (fail fast). */
  readonly upstream?: Upstream;
  /** Told of each path info that entered near from far. */
  readonly onFill?: (info: PathInfo) => void;
}

/**
 * Asks near first; a path info near lacks is fetched from far and enters near only through a
 * trusted path that keeps the checks a put makes for clients true in near: its root directory's
 * closure is brought into near first (through `dirs`, the cache's own directory store, which
 * validates it), and every path it refers to is brought in first as a path info (the same way,
 * recursively; their file contents come only when read). It is then stored as far had it — far's
 * signatures kept, none added, the NAR figures far vouched for not recomputed. Concurrent gets of
 * one path share one fetch; a reference cycle (which no valid store holds) is an error naming it.
 * Puts go to near (after the near service's own checks) and with writeThrough to far first.
 * The listing is near's: what this store holds now.
 */
export class CachePathInfoStore implements PathInfoStore {
  readonly #near: PathInfoStore;
  readonly #far: PathInfoService;
  readonly #dirs: DirectoryStore;
  readonly #o: CachePathInfoOptions;
  readonly #up: Upstream;
  readonly #filling = new Map<string, Promise<PathInfo | null>>();

  constructor(near: PathInfoStore, far: PathInfoService, dirs: DirectoryStore, opts: CachePathInfoOptions = {}) {
    this.#near = near;
    this.#far = far;
    this.#dirs = dirs;
    this.#o = opts;
    this.#up = opts.upstream ?? { name: "the far store" };
  }

  async get(hash: Uint8Array): Promise<PathInfo | null> {
    const here = await this.#near.get(hash);
    cacheLookup("edge_pathinfo", here !== null);
    return here ?? this.#fill(hash, []);
  }

  #fill(hash: Uint8Array, chain: readonly string[]): Promise<PathInfo | null> {
    const key = pathInfoKey(hash);
    if (chain.includes(key)) {
      throw new StoreError(Code.Internal, `${this.#up.name} holds a reference cycle: ${[...chain.slice(chain.indexOf(key)), key].join(" -> ")}`);
    }
    let p = this.#filling.get(key);
    if (p === undefined) {
      p = this.#fillNow(hash, [...chain, key]).finally(() => this.#filling.delete(key));
      this.#filling.set(key, p);
    }
    return p;
  }

  async #fillNow(hash: Uint8Array, chain: readonly string[]): Promise<PathInfo | null> {
    const info = await viaUpstream(this.#up, () => this.#far.get(hash));
    if (info === null) return null;
    const where = formatStorePath(info.storePath);
    validatePathInfo(info);
    if (!Buffer.from(info.storePath.digest).equals(hash)) {
      throw new StoreError(Code.Internal, `${this.#up.name} answered ${where} for the hash ${nixbase32Encode(hash)}`);
    }
    const n = info.node;
    const bringRoot = async (): Promise<void> => {
      if (n.type !== "directory") return;
      const [d] = await this.#dirs.getMany([n.digest]);
      if (!d) throw new StoreError(Code.Internal, `${this.#up.name} is inconsistent: root directory ${n.digest} of ${where} is missing`);
      if (!d.acceptsSize(n.size)) throw new StoreError(Code.Internal, `${this.#up.name}: root directory ${n.digest} of ${where} has size ${d.size()}, the node says ${n.size}`);
    };
    await bringRoot();
    const self = Buffer.from(hash);
    const refs = info.references.filter((r) => !self.equals(r.digest));
    const found = await Promise.all(refs.map(async (r) => (await this.#near.get(r.digest)) ?? this.#fill(r.digest, chain)));
    const missing = refs.findIndex((r, i) => found[i] === null || found[i]!.storePath.name !== r.name);
    if (missing >= 0) {
      throw new StoreError(Code.Internal, `${this.#up.name} is inconsistent: ${where} refers to ${formatStorePath(refs[missing]!)}, which it lacks`);
    }
    // The root is touched just before the record is written (castore gc, eviction): either the
    // touch lands first and a sweep that saw it old cannot remove it, or the sweep's removal does
    // and the closure is brought in again. So a path info never enters near over a hole.
    if (n.type === "directory" && this.#dirs.touchMany) {
      let attempt = 1;
      while ((await this.#dirs.touchMany([n.digest])).length > 0) {
        if (attempt++ === 5) return info; // answered, not kept: near keeps losing its root
        await bringRoot();
      }
    }
    if (await this.#near.create(info)) this.#o.onFill?.(info);
    return info;
  }

  async create(info: PathInfo): Promise<boolean> {
    let stored = info;
    if (this.#o.writeThrough) {
      const far = await viaUpstream(this.#up, () => this.#far.put(info));
      stored = { ...info, signatures: mergeSignatures(info.signatures, far.signatures) };
    }
    return this.#near.create(stored);
  }

  async setSignatures(hash: Uint8Array, signatures: readonly Signature[]): Promise<void> {
    await this.#near.setSignatures(hash, signatures);
    if (!this.#o.writeThrough) return;
    const info = await this.#near.get(hash);
    if (info !== null) await viaUpstream(this.#up, () => this.#far.put({ ...info, signatures: [...signatures] }));
  }

  listPage(cursor: Uint8Array | null, limit: number): Promise<PathInfoPage> {
    return this.#near.listPage(cursor, limit);
  }

  getNarFigures(key: string): Promise<NarFigures | null> {
    return this.#near.getNarFigures(key);
  }

  putNarFigures(key: string, figures: NarFigures): Promise<void> {
    return this.#near.putNarFigures(key, figures);
  }

  async close(): Promise<void> {}
}

/**
 * Reads try each store in order (a store that fails is skipped; its error is reported only if no
 * later store answers); writes and the listing go to the first.
 */
export class PriorityPathInfoStore implements PathInfoStore {
  readonly #stores: readonly PathInfoStore[];
  readonly #ups: readonly (Upstream | undefined)[];

  /** `upstreams[i]`, if given, names store i in its 503s and skips it at once while it is down. */
  constructor(stores: readonly PathInfoStore[], upstreams: readonly (Upstream | undefined)[] = []) {
    if (stores.length === 0) throw new StoreError(Code.InvalidArgument, "priority needs at least one store");
    this.#stores = stores;
    this.#ups = upstreams;
  }

  async #first<T>(ask: (s: PathInfoStore) => Promise<T | null>): Promise<T | null> {
    let failure: unknown = null;
    for (const [i, s] of this.#stores.entries()) {
      try {
        const up = this.#ups[i];
        const r = up ? await viaUpstream(up, () => ask(s)) : await ask(s);
        if (r !== null) return r;
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure !== null) throw failure;
    return null;
  }

  get(hash: Uint8Array): Promise<PathInfo | null> {
    return this.#first((s) => s.get(hash));
  }

  create(info: PathInfo): Promise<boolean> {
    return this.#stores[0]!.create(info);
  }

  setSignatures(hash: Uint8Array, signatures: readonly Signature[]): Promise<void> {
    return this.#stores[0]!.setSignatures(hash, signatures);
  }

  listPage(cursor: Uint8Array | null, limit: number): Promise<PathInfoPage> {
    return this.#stores[0]!.listPage(cursor, limit);
  }

  getNarFigures(key: string): Promise<NarFigures | null> {
    return this.#first((s) => s.getNarFigures(key));
  }

  putNarFigures(key: string, figures: NarFigures): Promise<void> {
    return this.#stores[0]!.putNarFigures(key, figures);
  }

  async close(): Promise<void> {}
}

/**
 * A bounded in-process cache in front of `inner`: up to `maxEntries` path infos read, least
 * recently used dropped first (a signature added to `inner` later shows once the entry is
 * dropped or rewritten here). Writes go to `inner`.
 */
export class LruPathInfoStore implements PathInfoStore {
  readonly #inner: PathInfoStore;
  readonly #max: number;
  readonly #infos = new Map<string, PathInfo>();

  constructor(inner: PathInfoStore, maxEntries: number) {
    this.#inner = inner;
    this.#max = maxEntries;
  }

  async get(hash: Uint8Array): Promise<PathInfo | null> {
    const key = pathInfoKey(hash);
    const hit = this.#infos.get(key);
    if (hit) {
      this.#infos.delete(key);
      this.#infos.set(key, hit);
      return hit;
    }
    const info = await this.#inner.get(hash);
    if (info !== null && this.#max > 0) {
      this.#infos.set(key, info);
      if (this.#infos.size > this.#max) this.#infos.delete(this.#infos.keys().next().value!);
    }
    return info;
  }

  create(info: PathInfo): Promise<boolean> {
    return this.#inner.create(info);
  }

  async setSignatures(hash: Uint8Array, signatures: readonly Signature[]): Promise<void> {
    this.#infos.delete(pathInfoKey(hash));
    await this.#inner.setSignatures(hash, signatures);
  }

  listPage(cursor: Uint8Array | null, limit: number): Promise<PathInfoPage> {
    return this.#inner.listPage(cursor, limit);
  }

  getNarFigures(key: string): Promise<NarFigures | null> {
    return this.#inner.getNarFigures(key);
  }

  putNarFigures(key: string, figures: NarFigures): Promise<void> {
    return this.#inner.putNarFigures(key, figures);
  }

  async close(): Promise<void> {
    this.#infos.clear();
  }
}

/**
 * Any PathInfoService (a NATS client) where a PathInfoStore is expected: a create is that
 * service's put (its own checks and signature), and NAR figures are not kept here.
 */
export function pathInfoStoreOf(svc: PathInfoService): PathInfoStore {
  return {
    get: (hash) => svc.get(hash),
    async create(info) {
      if ((await svc.get(info.storePath.digest)) !== null) return false;
      await svc.put(info);
      return true;
    },
    async setSignatures(hash, signatures) {
      const info = await svc.get(hash);
      if (info !== null) await svc.put({ ...info, signatures: [...signatures] });
    },
    listPage: (cursor, limit) => svc.listPage(cursor, limit),
    getNarFigures: async () => null,
    putNarFigures: async () => {},
    close: async () => {},
  };
}
