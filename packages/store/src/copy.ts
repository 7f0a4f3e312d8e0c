// Copying closures from one store to another (`castore copy`): a store path with every path it
// refers to, or the tree of a digest. Only what the target lacks is moved, in an order that keeps
// the target consistent at every moment, so an interrupted copy leaves nothing half-visible and
// running it again moves only what is still missing:
//   - blobs first: a file's blob is stored before the directory naming it becomes visible;
//   - directories leaves to root, one upload (putter) per closure, visible only when it closes;
//   - path infos last, each after its content and after the path infos of its references.
// A directory the target has is taken to have its whole closure there, files included (every
// writer stores in this order), so its subtree is not walked. Everything read from the source is
// verified by the source's clients (blobs and directories against their digests); everything
// written is checked again by the target (chunk digests, blob digests, directory closures, path
// infos against their content), which also adds its own signature if it signs.
import { B3Digest, Code, StoreError, encodePack, encodePathInfo, formatStorePath, invalid, notFound, parsePack, packLayout, readAll, verifiedPackBlobs, type Directory, type FileNode, type Node, type PathInfo, type StorePath } from "@castore/core";
import type { PutResult } from "@castore/blob";
import { Tasks } from "@castore/service-kit";
import type { Progress } from "./progress.js";
import { parseTreeRef, type TreeRef } from "./ref.js";
import { AskFirst } from "./importer.js";
import { resolve } from "./resolve.js";
import type { Services } from "./services.js";

export interface CopyOptions {
  /** Bytes moved and files (blobs) copied, as they go. */
  readonly progress?: Progress | null;
  /**
   * Stops the copy: no new work starts, work in flight ends, and the copy rejects with the signal's
   * reason. What was stored stays (blobs, closures and path infos already complete); nothing half
   * done becomes visible, and a copy run again moves only what is still missing.
   */
  readonly signal?: AbortSignal;
  /**
   * Copy the pack parts (PROTOCOL.md "Packs") of every directory the target lacks (default true):
   * the small files of the directory, read from the source's packs and written as the target's,
   * so the target's first reader gets them in a few messages rather than filling them in itself.
   */
  readonly packs?: boolean;
  /** Blob and pack copies in flight at most (default 512). */
  readonly maxOps?: number;
  /** Bytes of content in flight at most, roughly (default 64 MiB). */
  readonly maxBytes?: number;
}

/** What a copy moved into the target: the JSON of `castore copy`. A copy with nothing to do moves zeros. */
export interface CopySummary {
  /** Path infos written (new paths, and paths given signatures the target lacked). */
  readonly pathInfos: number;
  /** Directories uploaded. */
  readonly directories: number;
  /** Chunks the target stored (chunks it already had are not sent). */
  readonly chunks: number;
  /** Bytes sent to the target: chunks, directories, path infos and pack parts. */
  readonly bytesMoved: number;
}

/** Blobs up to this size are read into memory and put whole; larger ones stream through. */
const SMALL_BLOB = 1 << 20;
/** What a streaming copy is counted for in the byte budget (its put's window, roughly). */
const STREAM_RESERVE = 32 << 20;
/** Child directories of one directory walked at once. */
const WALK_WINDOW = 16;
/** Closures (trees of different roots) copied at once. */
const TREES_AT_ONCE = 8;
/** Path infos looked up at once while walking references. */
const INFO_WINDOW = 32;
/** Blobs read on their own at once within one pack part (the part's files the source's pack lacked). */
const LOOSE_WINDOW = 16;
/** Blob copies remembered, so a blob named many times is asked for once; oldest forgotten first. */
const SEEN_LIMIT = 100_000;
/**
 * Blobs up to this size are not always asked for (see AskFirst): the target's put sends a blob this
 * small without asking (services/blob SMALL_BLOB_SIZE), and a lookup costs the target about as much
 * as storing it. Larger ones are always asked for: not reading them from the source is the saving.
 */
const ASK_FIRST_MAX = 64 * 1024;
/** Questions about small blobs in flight at once (one per directory). */
const ASKING_AT_ONCE = 4;

/**
 * Copies what `refs` name from `from` to `to`, moving only what `to` lacks. A REF is a store path
 * (`/nix/store/<hash>-<name>` or `<hash>-<name>`): its path info and those of every path it refers
 * to, recursively, each with its content; or a digest (a directory: its tree; a blob), or a store
 * path with a subpath: that node's content, without path infos.
 */
export async function copyClosure(from: Services, to: Services, refs: readonly (string | TreeRef)[], opts: CopyOptions = {}): Promise<CopySummary> {
  // Every REF is parsed before anything is read or written.
  const parsed = refs.map((r) => (typeof r === "string" ? parseTreeRef(r) : r));
  return new Copier(from, to, opts).run(parsed);
}

class Copier {
  readonly #from: Services;
  readonly #to: Services;
  readonly #progress: Progress | null;
  readonly #signal: AbortSignal | undefined;
  readonly #packs: boolean;
  readonly #tasks: Tasks;
  readonly #counts = { pathInfos: 0, directories: 0, chunks: 0, bytesMoved: 0 };
  /** Blob copies by digest hex: done or in flight (resolved once the target has the blob). */
  readonly #blobs = new Map<string, Promise<void>>();
  /** Tree copies by root digest hex (resolved once the target has the closure). */
  readonly #trees = new Map<string, Promise<void>>();
  readonly #treeSlots = new Slots(TREES_AT_ONCE);
  /** Whether to ask the target for small blobs before sending them (a fresh target lacks them all). */
  readonly #askFirst = new AskFirst();
  readonly #askSlots = new Slots(ASKING_AT_ONCE);

  constructor(from: Services, to: Services, opts: CopyOptions) {
    this.#from = from;
    this.#to = to;
    this.#progress = opts.progress ?? null;
    this.#signal = opts.signal;
    this.#packs = opts.packs ?? true;
    this.#tasks = new Tasks({ maxOps: opts.maxOps ?? 512, maxBytes: opts.maxBytes ?? 64 << 20 });
  }

  async run(refs: readonly TreeRef[]): Promise<CopySummary> {
    this.#check();
    const paths = refs.filter((r) => r.storePath !== undefined && r.subpath.length === 0).map((r) => r.storePath!);
    const nodes = refs.filter((r) => !(r.storePath !== undefined && r.subpath.length === 0));
    try {
      await all([
        ...(paths.length > 0 ? [this.#copyPaths(paths)] : []),
        ...nodes.map(async (r) => this.#copyNode((await resolve(this.#from, r)).node)),
      ]);
      await this.#tasks.drain();
    } catch (e) {
      // Nothing reports after we return: copies still running are waited for.
      await this.#tasks.settle();
      throw e;
    }
    return { ...this.#counts };
  }

  #check(): void {
    this.#signal?.throwIfAborted();
  }

  // --- path infos ---------------------------------------------------------------------------

  /**
   * The closure of `roots` under references: every path the target lacks is copied, content
   * first, and put after the paths it refers to. A path the target has is not walked further: the
   * target stored it only after its references (its put checks that they are stored).
   */
  async #copyPaths(roots: readonly StorePath[]): Promise<void> {
    const missing = new Map<string, PathInfo>();
    const resign: PathInfo[] = [];
    const seen = new Set<string>();
    let frontier: readonly StorePath[] = roots;
    while (frontier.length > 0) {
      const next: StorePath[] = [];
      await eachConcurrent(frontier, INFO_WINDOW, async (sp) => {
        const key = hex(sp.digest);
        if (seen.has(key)) return;
        seen.add(key);
        this.#check();
        const [there, here] = await Promise.all([this.#to.pathInfos.get(sp.digest), this.#from.pathInfos.get(sp.digest)]);
        const where = formatStorePath(sp);
        if (here === null || here.storePath.name !== sp.name) throw notFound(`${where}: not found in the source store (no path info)`);
        if (there !== null) {
          // Stored there already; only signatures the target lacks are worth a put (it merges them).
          if (here.signatures.some((s) => !there.signatures.some((t) => t.name === s.name && Buffer.from(t.bytes).equals(s.bytes)))) resign.push(here);
          return;
        }
        missing.set(key, here);
        for (const r of here.references) if (hex(r.digest) !== key) next.push(r);
      });
      frontier = next;
    }
    checkAcyclic(missing);
    const puts = new Map<string, Promise<void>>();
    const put = (key: string): Promise<void> => {
      let p = puts.get(key);
      if (p === undefined) {
        const info = missing.get(key)!;
        const refs = info.references.map((r) => hex(r.digest)).filter((k) => k !== key && missing.has(k));
        p = (async () => {
          await all([this.#copyNode(info.node), ...refs.map(put)]);
          await this.#putPathInfo(info);
        })();
        quiet(p);
        puts.set(key, p);
      }
      return p;
    };
    await all([...[...missing.keys()].map(put), ...resign.map((info) => this.#putPathInfo(info))]);
  }

  async #putPathInfo(info: PathInfo): Promise<void> {
    this.#check();
    await this.#to.pathInfos.put(info);
    this.#counts.pathInfos++;
    this.#moved(encodePathInfo(info).length);
  }

  // --- trees --------------------------------------------------------------------------------

  /** Makes the content of `node` complete in the target. */
  async #copyNode(node: Node): Promise<void> {
    if (node.type === "symlink") return;
    if (node.type === "directory") return this.#copyTree(node.digest);
    const group = new Group();
    await this.#copyFiles([node], null, group);
    await group.wait();
  }

  #copyTree(root: B3Digest): Promise<void> {
    const key = root.toHex();
    let p = this.#trees.get(key);
    if (p === undefined) {
      p = this.#treeSlots.run(() => this.#copyTreeNow(root));
      quiet(p);
      this.#trees.set(key, p);
    }
    return p;
  }

  /**
   * One closure: walked from the root, skipping every subtree the target has; each directory's
   * files are copied (in the background, within the budget) and the directory is put after its
   * children. The upload closes — and the closure becomes visible — once every file is stored.
   */
  async #copyTreeNow(root: B3Digest): Promise<void> {
    this.#check();
    if ((await this.#targetDirs([root]))[0] !== null) return;
    const top = await this.#sourceDir(root, null);
    const putter = this.#to.directories.putter();
    const files = new Group();
    let chain: Promise<void> = Promise.resolve();
    const visited = new Map<string, Promise<void>>();
    const visit = (dir: Directory): Promise<void> => {
      const key = dir.digest().toHex();
      let p = visited.get(key);
      if (p === undefined) {
        p = walk(dir);
        quiet(p);
        visited.set(key, p);
      }
      return p;
    };
    const walk = async (dir: Directory): Promise<void> => {
      this.#check();
      await this.#copyFiles(dir.files, dir, files);
      const children = unique(dir.directories.map((d) => d.digest));
      if (children.length > 0) {
        const there = await this.#targetDirs(children);
        const lacking = children.filter((_, i) => there[i] === null);
        await eachConcurrent(lacking, WALK_WINDOW, async (d) => visit(await this.#sourceDir(d, dir)));
      }
      // Children before parents, one put at a time.
      const mine = chain.then(() => putter.put(dir));
      chain = mine.catch(() => {});
      await mine;
      this.#counts.directories++;
      this.#moved(dir.encode().length);
    };
    try {
      await visit(top);
      await files.wait();
    } catch (e) {
      // The upload is never closed: none of this closure becomes visible.
      await files.settle();
      throw e;
    }
    this.#check();
    const stored = await putter.close();
    if (!stored.equals(root)) throw new StoreError(Code.Internal, `directory upload of ${root} returned root ${stored}`);
  }

  async #targetDirs(digests: readonly B3Digest[]): Promise<(Directory | null)[]> {
    const d = this.#to.directories;
    return d.getMany ? d.getMany(digests) : Promise.all(digests.map((x) => d.get(x)));
  }

  async #sourceDir(digest: B3Digest, parent: Directory | null): Promise<Directory> {
    const dir = await this.#from.directories.get(digest);
    if (dir === null) {
      throw parent === null
        ? notFound(`directory ${digest} is not in the source store`)
        : new StoreError(Code.Internal, `inconsistent source store: directory ${digest}, named by ${parent.digest()}, is missing`);
    }
    return dir;
  }

  // --- blobs --------------------------------------------------------------------------------

  /**
   * Copies the blobs of `files` the target lacks (each blob once per copy); `group` learns of
   * every copy the caller must wait for. With `dir` (the directory naming them) and packs on, the
   * small files come from the source's pack parts and the parts are written to the target.
   * Returns once every copy is started (waiting for room in the budget), not finished.
   */
  async #copyFiles(files: readonly FileNode[], dir: Directory | null, group: Group): Promise<void> {
    const ours = new Map<string, { node: FileNode; done: Deferred }>();
    for (const f of files) {
      if (f.size === 0n) continue; // the empty blob always exists
      const key = f.digest.toHex();
      if (ours.has(key)) continue;
      const claimed = this.#blobs.get(key);
      if (claimed !== undefined) {
        group.add(claimed);
        continue;
      }
      const done = deferred();
      this.#blobs.set(key, done.promise);
      if (this.#blobs.size > SEEN_LIMIT) this.#blobs.delete(this.#blobs.keys().next().value!);
      group.add(done.promise);
      ours.set(key, { node: f, done });
    }
    const layout = dir !== null && this.#packs ? packLayout(dir) : [];
    if (ours.size === 0 && layout.length === 0) return;
    // Large blobs are always asked for; small ones while asking pays (AskFirst). The walk starts
    // many directories at once: their questions about small blobs go a few at a time, so the
    // answers of the first ones decide for the next (a fresh target: stop asking; a copy resumed
    // after an interrupt: keep asking).
    const nodes = [...ours.values()].map((o) => o.node);
    const ask = async (ns: readonly FileNode[]): Promise<Set<string>> =>
      ns.length === 0 ? new Set() : new Set((await this.#to.blobs.missing(ns.map((n) => n.digest), { sizeHints: ns.map((n) => n.size) })).map((d) => d.toHex()));
    const small = nodes.filter((n) => n.size <= BigInt(ASK_FIRST_MAX));
    let have: Set<string>;
    try {
      const [bigLacking, smallHave] = await Promise.all([
        ask(nodes.filter((n) => n.size > BigInt(ASK_FIRST_MAX))),
        small.length === 0
          ? new Set<string>()
          : this.#askSlots.run(async () => {
              const asked = small.filter(() => this.#askFirst.shouldAsk());
              const lacking = await ask(asked);
              const stored = new Set<string>();
              for (const n of asked) {
                const key = n.digest.toHex();
                this.#askFirst.answer(!lacking.has(key));
                if (!lacking.has(key)) stored.add(key);
              }
              return stored;
            }),
      ]);
      have = smallHave;
      for (const n of nodes) if (n.size > BigInt(ASK_FIRST_MAX) && !bigLacking.has(n.digest.toHex())) have.add(n.digest.toHex());
    } catch (e) {
      for (const o of ours.values()) o.done.reject(e);
      throw e;
    }
    for (const key of have) {
      ours.get(key)!.done.resolve();
      ours.delete(key);
    }
    // Small files of a directory go part by part (the pack parts are written on the way); the rest one by one.
    const inParts = new Set<string>();
    for (const [k, entries] of layout.entries()) {
      for (const e of entries) inParts.add(e.digest.toHex());
      const mine = entries.map((e) => ours.get(e.digest.toHex())).filter((o) => o !== undefined);
      const bytes = entries.reduce((a, e) => a + e.size, 0);
      await this.#start(2 * bytes, mine, () => this.#copyPart(dir!, layout.length, k, entries, mine));
    }
    for (const [key, o] of ours) {
      if (inParts.has(key)) continue;
      const size = Number(o.node.size);
      await this.#start(size <= SMALL_BLOB ? size : Math.min(size, STREAM_RESERVE), [o], () => this.#copyBlob(o.node));
    }
  }

  /** Runs `task` in the budget; the blobs it copies are done when it ends (or fail with it). */
  async #start(bytes: number, blobs: readonly { done: Deferred }[], task: () => Promise<void>): Promise<void> {
    let run: Awaited<ReturnType<Tasks["reserve"]>>;
    try {
      run = await this.#tasks.reserve(bytes);
    } catch (e) {
      for (const b of blobs) b.done.reject(e);
      throw e;
    }
    run(async () => {
      try {
        this.#check();
        await task();
        for (const b of blobs) b.done.resolve();
      } catch (e) {
        for (const b of blobs) b.done.reject(e);
        throw e;
      }
    });
  }

  /**
   * Part `k` of `dir`'s packs: its blobs from the source's part (each checked against its digest;
   * any the part lacks or has wrong are read on their own), the ones the target lacks put there,
   * and the part written to the target — as read if it was whole and right, else re-encoded.
   */
  async #copyPart(dir: Directory, parts: number, k: number, entries: readonly { digest: B3Digest; size: number }[], mine: readonly { node: FileNode }[]): Promise<void> {
    const digest = dir.digest();
    let raw: Uint8Array | null = null;
    let got = new Map<string, Uint8Array>();
    try {
      raw = this.#from.blobs.getPack ? await this.#from.blobs.getPack(digest, k) : null;
      if (raw !== null) {
        const pack = parsePack(raw);
        if (pack.parts === parts) got = verifiedPackBlobs(pack, entries);
        if (pack.parts !== parts || pack.count !== entries.length) raw = null;
      }
    } catch {
      raw = null; // unreadable or malformed: its blobs are read on their own
    }
    const loose = entries.filter((e) => !got.has(e.digest.toHex()));
    if (loose.length > 0) raw = null;
    await eachConcurrent(loose, LOOSE_WINDOW, async (e) => {
      got.set(e.digest.toHex(), await this.#readSmall(e.digest, e.size, dir));
    });
    await Promise.all(mine.map(async (o) => this.#counted(await this.#to.blobs.put(got.get(o.node.digest.toHex())!, { expectedDigest: o.node.digest }), o.node)));
    const pack = raw ?? encodePack(parts, entries.map((e) => ({ digest: e.digest, data: got.get(e.digest.toHex())! })));
    if (this.#to.blobs.putPack) {
      await this.#to.blobs.putPack(digest, k, pack);
      this.#moved(pack.length);
    }
  }

  async #readSmall(digest: B3Digest, size: number, dir: Directory): Promise<Uint8Array> {
    const src = await this.#from.blobs.read(digest, { sizeHint: size });
    if (src === null) throw new StoreError(Code.Internal, `inconsistent source store: blob ${digest}, named by directory ${dir.digest()}, is missing`);
    const data = await readAll(src);
    if (data.length !== size) throw wrongSize(digest, size, data.length);
    return data;
  }

  async #copyBlob(node: FileNode): Promise<void> {
    const size = Number(node.size);
    const src = await this.#from.blobs.read(node.digest, { sizeHint: size });
    if (src === null) throw notFound(`blob ${node.digest} is not in the source store`);
    // Small ones whole (put cuts them in place); large ones stream, verified as they are read.
    const r = await this.#to.blobs.put(size <= SMALL_BLOB ? await readAll(src) : src, { expectedDigest: node.digest });
    this.#counted(r, node);
  }

  #counted(r: PutResult, node: FileNode): void {
    if (r.size !== node.size) throw wrongSize(node.digest, Number(node.size), Number(r.size));
    this.#counts.chunks += r.chunksUploaded;
    this.#moved(r.bytesUploaded);
    this.#progress?.addFiles(1);
  }

  #moved(bytes: number): void {
    this.#counts.bytesMoved += bytes;
    this.#progress?.add(bytes);
  }
}

function wrongSize(digest: B3Digest, want: number, got: number): StoreError {
  return new StoreError(Code.Internal, `inconsistent source store: blob ${digest} has ${got} bytes, the file naming it says ${want}`);
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

function unique(ds: readonly B3Digest[]): B3Digest[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = d.toHex();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Path infos can only be put in dependency order if their references form no cycle (self-references aside). */
function checkAcyclic(infos: ReadonlyMap<string, PathInfo>): void {
  const state = new Map<string, "open" | "done">();
  for (const start of infos.keys()) {
    if (state.has(start)) continue;
    // Iterative depth-first search: closures can be deep.
    const stack: { key: string; refs: string[] }[] = [];
    const push = (key: string): void => {
      state.set(key, "open");
      const self = key;
      stack.push({ key, refs: infos.get(key)!.references.map((r) => hex(r.digest)).filter((k) => k !== self && infos.has(k)) });
    };
    push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top.refs.pop();
      if (next === undefined) {
        state.set(top.key, "done");
        stack.pop();
      } else if (state.get(next) === "open") {
        throw invalid(
          `the references of ${formatStorePath(infos.get(top.key)!.storePath)} and ${formatStorePath(infos.get(next)!.storePath)} form a cycle; ` +
            "path infos can only be copied in dependency order",
        );
      } else if (!state.has(next)) push(next);
    }
  }
}

// --- small concurrency helpers ------------------------------------------------------------------

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(e: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  quiet(promise);
  return { promise, resolve, reject };
}

/** A rejection someone may never wait for is not an unhandled one (whoever waits still sees it). */
function quiet(p: Promise<unknown>): void {
  p.catch(() => {});
}

/** Waits for every promise to settle, then throws the first failure: nothing keeps running behind a failure. */
async function all(ps: readonly Promise<unknown>[]): Promise<void> {
  const rs = await Promise.allSettled(ps);
  const failed = rs.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** At most `limit` calls at once; after a failure no new call starts; settles all started before throwing. */
async function eachConcurrent<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === null) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}

/** Outstanding work a caller waits for: how many are left, and the first failure. */
class Group {
  #left = 0;
  #failure: { error: unknown } | null = null;
  #waiters: (() => void)[] = [];

  add(p: Promise<unknown>): void {
    this.#left++;
    p.then(
      () => {},
      (error: unknown) => void (this.#failure ??= { error }),
    ).finally(() => {
      if (--this.#left === 0) {
        const w = this.#waiters;
        this.#waiters = [];
        for (const wake of w) wake();
      }
    });
  }

  /** Every piece settled: throws the first failure. */
  async wait(): Promise<void> {
    await this.settle();
    if (this.#failure !== null) throw this.#failure.error;
  }

  async settle(): Promise<void> {
    while (this.#left > 0) await new Promise<void>((r) => this.#waiters.push(r));
  }
}

/** At most `n` runs at once. */
class Slots {
  #free: number;
  readonly #queue: (() => void)[] = [];

  constructor(n: number) {
    this.#free = n;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((r) => this.#queue.push(r));
    try {
      return await fn();
    } finally {
      const wake = this.#queue.shift();
      if (wake) wake();
      else this.#free++;
    }
  }
}
