// Directory-store combinators (DESIGN §6): `cache` (near/far read-through that fills near with
// whole closures), `priority` (several stores tried in order) and `lru` (a bounded in-process
// cache), plus the adapter that lets any DirectoryService (a NATS client) stand where a
// DirectoryStore is expected.
import { B3Digest, Code, Directory, LeavesToRootValidator, StoreError, viaUpstream, type EncodedDirectory, type Upstream } from "@castore/core";
import { cacheLookup } from "@castore/service-kit";
import { checkExternal, type DirectoryStore } from "./store.js";
import type { DirectoryService } from "./service.js";

export interface CacheDirectoryOptions {
  /** Uploads go to far as well as near (default: near only). */
  readonly writeThrough?: boolean;
  /** How 503s name far, and whether its connection is down right now (fail fast). */
  readonly upstream?: Upstream;
  /** Told of each closure that entered near from far: its directories, root last. */
  readonly onFill?: (dirs: readonly Directory[]) => void;
}

/** Digests per get sent to either store in a closure walk. */
const BATCH = 256;

/**
 * Children before parents, the root last: a post-order walk of `root`'s closure within `dirs`
 * (directories not in `dirs` are already stored and are left out).
 */
export function postOrder(root: B3Digest, dirs: ReadonlyMap<string, Directory>): Directory[] {
  const out: Directory[] = [];
  const done = new Set<string>();
  const stack: { dir: Directory; next: number }[] = [];
  const push = (hex: string): void => {
    const dir = dirs.get(hex);
    if (dir === undefined || done.has(hex)) return;
    done.add(hex);
    stack.push({ dir, next: 0 });
  };
  push(root.toHex());
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.dir.directories.length) push(top.dir.directories[top.next++]!.digest.toHex());
    else {
      stack.pop();
      out.push(top.dir);
    }
  }
  return out;
}

/**
 * The part of `root`'s closure that `has` lacks, fetched with `get` (each directory verified against
 * its digest), breadth-first, pruning subtrees `has` holds: a stored directory's closure is
 * complete. Null if `get` lacks the root. A directory `get` lacks below the root is an error.
 */
export async function missingClosure(
  root: B3Digest,
  get: (ds: readonly B3Digest[]) => Promise<(Directory | null)[]>,
  has: (ds: readonly B3Digest[]) => Promise<boolean[]>,
  where: string,
): Promise<Map<string, Directory> | null> {
  const found = new Map<string, Directory>();
  const seen = new Set<string>([root.toHex()]);
  let frontier: B3Digest[] = [root];
  let first = true;
  while (frontier.length > 0) {
    const next: B3Digest[] = [];
    for (let i = 0; i < frontier.length; i += BATCH) {
      const ask = frontier.slice(i, i + BATCH);
      const present = first ? [false] : await has(ask);
      const lacking = ask.filter((_, k) => !present[k]);
      if (lacking.length === 0) continue;
      const dirs = await get(lacking);
      for (const [k, dir] of dirs.entries()) {
        const d = lacking[k]!;
        if (dir === null) {
          if (first) return null;
          throw new StoreError(Code.Internal, `${where} is inconsistent: directory ${d} is referenced but missing`);
        }
        if (!dir.digest().equals(d)) throw new StoreError(Code.Internal, `verification failed: directory ${d} from ${where} hashes to ${dir.digest()}`);
        found.set(d.toHex(), dir);
        for (const c of dir.directories) {
          const hex = c.digest.toHex();
          if (seen.has(hex)) continue;
          seen.add(hex);
          next.push(c.digest);
        }
      }
      first = false;
    }
    frontier = next;
  }
  return found;
}

/**
 * Validates a fetched closure part (sizes, ordering, one root; references to directories not in it
 * must be in `into` with fitting sizes) and stores it there, the root last. The directories it
 * refers to in `into` are touched first (castore gc, eviction): if one was removed meanwhile,
 * nothing is stored and the result is null (the caller fetches again).
 */
export async function storeClosure(into: DirectoryStore, root: B3Digest, dirs: ReadonlyMap<string, Directory>): Promise<Directory[] | null> {
  const ordered = postOrder(root, dirs);
  const v = new LeavesToRootValidator({ allowExternal: true });
  for (const d of ordered) v.add(d);
  const upload = v.finish();
  if (!upload.root.equals(root)) throw new StoreError(Code.Internal, `a fetched closure has the root ${upload.root}, not ${root}`);
  await checkExternal(into, upload);
  if (upload.external.length > 0 && into.touchMany && (await into.touchMany(upload.external.map((e) => e.digest))).length > 0) return null;
  await into.putClosure(root, upload.leavesToRoot(ordered));
  return ordered;
}

/** Fills tried before giving up when the near store keeps losing what a fill relies on. */
const FILL_ATTEMPTS = 5;

/**
 * Asks near first; a directory near lacks is fetched from far with the part of its closure near
 * lacks, verified (each directory against its digest, then the whole as an upload is: sizes,
 * order, references) and stored into near leaves to root — so near never holds a directory without
 * its closure — then answered. Concurrent gets of one missing directory share one fetch. No
 * negative caching. Uploads go to near, and with writeThrough the closure is copied to far too.
 */
export class CacheDirectoryStore implements DirectoryStore {
  readonly #near: DirectoryStore;
  readonly #far: DirectoryService;
  readonly #o: CacheDirectoryOptions;
  readonly #up: Upstream;
  readonly #filling = new Map<string, Promise<Directory | null>>();

  constructor(near: DirectoryStore, far: DirectoryService, opts: CacheDirectoryOptions = {}) {
    this.#near = near;
    this.#far = far;
    this.#o = opts;
    this.#up = opts.upstream ?? { name: "the far store" };
  }

  get near(): DirectoryStore {
    return this.#near;
  }

  async getMany(digests: readonly B3Digest[], opts: { mustExist?: boolean } = {}): Promise<(Directory | null)[]> {
    // A miss in near is expected (not confirmed with the leader): it is asked of far anyway.
    const here = await this.#near.getMany(digests, { ...opts, mustExist: false });
    for (const d of here) cacheLookup("edge_directories", d !== null);
    const misses = here.map((d, i) => (d === null ? i : -1)).filter((i) => i >= 0);
    if (misses.length === 0) return here;
    const fetched = await Promise.all(misses.map((i) => this.#fill(digests[i]!)));
    misses.forEach((i, k) => (here[i] = fetched[k]!));
    return here;
  }

  #fill(root: B3Digest): Promise<Directory | null> {
    const hex = root.toHex();
    let p = this.#filling.get(hex);
    if (p === undefined) {
      p = this.#fillNow(root).finally(() => this.#filling.delete(hex));
      this.#filling.set(hex, p);
    }
    return p;
  }

  async #fillNow(root: B3Digest): Promise<Directory | null> {
    const far = this.#far;
    for (let attempt = 1; ; attempt++) {
      const dirs = await viaUpstream(this.#up, () =>
        missingClosure(
          root,
          (ds) => (far.getMany ? far.getMany(ds) : Promise.all(ds.map((d) => far.get(d)))),
          async (ds) => (await this.#near.getMany(ds)).map((d) => d !== null),
          this.#up.name,
        ),
      );
      if (dirs === null) return null;
      const ordered = await storeClosure(this.#near, root, dirs);
      if (ordered !== null) {
        this.#o.onFill?.(ordered);
        return dirs.get(root.toHex())!;
      }
      // A subtree near had was evicted (or collected) under this fill: fetch what near lacks now.
      if (attempt === FILL_ATTEMPTS) return dirs.get(root.toHex())!; // answered, not kept
    }
  }

  /**
   * Touches these directories in near (castore gc, eviction: a directory something is about to
   * rely on); the ones near does not hold (any more). Without touches in near: those it lacks.
   */
  async touchMany(digests: readonly B3Digest[]): Promise<B3Digest[]> {
    if (this.#near.touchMany) return this.#near.touchMany(digests);
    const have = await this.#near.getMany(digests);
    return digests.filter((_, i) => have[i] === null);
  }

  async putClosure(root: B3Digest, leavesToRoot: AsyncIterable<EncodedDirectory>): Promise<void> {
    await this.#near.putClosure(root, leavesToRoot);
    if (!this.#o.writeThrough) return;
    await viaUpstream(this.#up, async () => {
      const far = this.#far;
      const lacking = await missingClosure(
        root,
        (ds) => this.#near.getMany(ds, { mustExist: true }),
        async (ds) => (far.getMany ? far.getMany(ds) : Promise.all(ds.map((d) => far.get(d)))).then((r) => r.map((d) => d !== null)),
        "the near store",
      );
      if (lacking === null || lacking.size === 0) return;
      // Far may have the root already (first `has` is skipped): ask it once more.
      if ((await far.get(root)) !== null) return;
      const p = far.putter();
      for (const d of postOrder(root, lacking)) await p.put(d);
      await p.close();
    });
  }

  async close(): Promise<void> {}
}

/**
 * Reads try each store in order (a store that fails is skipped; its error is reported only if no
 * later store answers); writes go to the first. A directory comes whole from one store, whose
 * closure of it is complete.
 */
export class PriorityDirectoryStore implements DirectoryStore {
  readonly #stores: readonly DirectoryStore[];
  readonly #ups: readonly (Upstream | undefined)[];

  /** `upstreams[i]`, if given, names store i in its 503s and skips it at once while it is down. */
  constructor(stores: readonly DirectoryStore[], upstreams: readonly (Upstream | undefined)[] = []) {
    if (stores.length === 0) throw new StoreError(Code.InvalidArgument, "priority needs at least one store");
    this.#stores = stores;
    this.#ups = upstreams;
  }

  async getMany(digests: readonly B3Digest[]): Promise<(Directory | null)[]> {
    const out: (Directory | null)[] = digests.map(() => null);
    let failure: unknown = null;
    let left = digests.map((_, i) => i);
    for (const [n, s] of this.#stores.entries()) {
      if (left.length === 0) break;
      try {
        const ask = left.map((i) => digests[i]!);
        const up = this.#ups[n];
        const r = up ? await viaUpstream(up, () => s.getMany(ask)) : await s.getMany(ask);
        r.forEach((d, k) => (out[left[k]!] = d));
        left = left.filter((i) => out[i] === null);
      } catch (e) {
        failure ??= e;
      }
    }
    if (left.length > 0 && failure !== null) throw failure;
    return out;
  }

  putClosure(root: B3Digest, leavesToRoot: AsyncIterable<EncodedDirectory>): Promise<void> {
    return this.#stores[0]!.putClosure(root, leavesToRoot);
  }

  async close(): Promise<void> {}
}

/**
 * A bounded in-process cache in front of `inner`: directories read are kept in memory up to
 * `maxBytes` of their encodings, least recently used dropped first. Writes go to `inner`.
 */
export class LruDirectoryStore implements DirectoryStore {
  readonly #inner: DirectoryStore;
  readonly #max: number;
  readonly #dirs = new Map<string, { dir: Directory; bytes: number }>();
  #bytes = 0;

  constructor(inner: DirectoryStore, maxBytes: number) {
    this.#inner = inner;
    this.#max = maxBytes;
  }

  async getMany(digests: readonly B3Digest[], opts?: { mustExist?: boolean }): Promise<(Directory | null)[]> {
    const out: (Directory | null)[] = [];
    const ask: number[] = [];
    digests.forEach((d, i) => {
      const hit = this.#dirs.get(d.toHex());
      if (hit) {
        this.#dirs.delete(d.toHex());
        this.#dirs.set(d.toHex(), hit);
      } else ask.push(i);
      out.push(hit?.dir ?? null);
    });
    if (ask.length === 0) return out;
    const got = await this.#inner.getMany(ask.map((i) => digests[i]!), opts);
    got.forEach((dir, k) => {
      out[ask[k]!] = dir;
      if (dir !== null) this.#keep(digests[ask[k]!]!.toHex(), dir);
    });
    return out;
  }

  #keep(hex: string, dir: Directory): void {
    const bytes = dir.encode().length + 64;
    if (bytes > this.#max) return;
    this.#dirs.set(hex, { dir, bytes });
    this.#bytes += bytes;
    for (const [k, v] of this.#dirs) {
      if (this.#bytes <= this.#max) break;
      this.#dirs.delete(k);
      this.#bytes -= v.bytes;
    }
  }

  putClosure(root: B3Digest, leavesToRoot: AsyncIterable<EncodedDirectory>): Promise<void> {
    return this.#inner.putClosure(root, leavesToRoot);
  }

  async close(): Promise<void> {
    this.#dirs.clear();
    this.#bytes = 0;
  }
}

/** Any DirectoryService (a NATS client, a composed store) where a DirectoryStore is expected. */
export function directoryStoreOf(svc: DirectoryService): DirectoryStore {
  return {
    getMany: (ds) => (svc.getMany ? svc.getMany(ds) : Promise.all(ds.map((d) => svc.get(d)))),
    async putClosure(_root, leavesToRoot) {
      const p = svc.putter();
      for await (const d of leavesToRoot) await p.put(d instanceof Directory ? d : Directory.decode(d.encode()));
      await p.close();
    },
    close: async () => {},
  };
}
