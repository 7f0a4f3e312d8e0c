// castore gc: reachability garbage collection of a store kept in JetStream (docs/PROTOCOL.md,
// "Garbage collection"). Mark: everything reachable from path infos, pins and every record younger
// than the grace period. Sweep, top-down (directories, blob indexes with their trees, packs,
// chunks), only what is unmarked and older than the grace, each with a compare-and-delete on the
// revision the scan saw: a record an upload touched meanwhile survives, with its whole closure.
import { hostname } from "node:os";
import { B3Digest, Code, Directory, StoreError, bucketName, nixbase32Decode, nixbase32Encode, readAll, type Node } from "@castore/core";
import { ChunkedBlobService, JetStreamChunkStore, isWrongLastSequence } from "@castore/blob";
import { JetStreamDirectoryStore } from "@castore/directory";
import { JetStreamPathInfoStore, narCacheKey } from "@castore/pathinfo";
import type { JetStreamParams } from "@castore/service-kit";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { openPins, type PinRecord } from "./pins.js";

/** A gc lease not renewed for this long belongs to a gc that died; another may take it over. */
const LEASE_STALE_MS = 2 * 60 * 1000;
const LEASE_RENEW_MS = 20 * 1000;

export const GC_KINDS = ["chunks", "blobIndexes", "treePages", "directories", "packs", "staged", "narCache"] as const;
export type GcKind = (typeof GC_KINDS)[number];

export interface GcFreed {
  readonly count: number;
  readonly bytes: number;
}

export interface GcReport {
  readonly dryRun: boolean;
  readonly graceMs: number;
  /** Roots the mark started from. */
  readonly pathInfos: number;
  readonly pins: number;
  /** Per kind: records removed (or, in a dry run, that would be) and their value bytes. */
  readonly freed: Record<GcKind, GcFreed>;
  /** Records the sweep meant to remove but an upload touched meanwhile (kept, with their closures). */
  readonly spared: number;
  /** Eviction (a bounded near store): path infos removed as least recently read. */
  readonly evicted: number;
}

/**
 * Eviction of a bounded near store (evict.ts): before the mark, the least recently read path infos
 * are dropped until what the rest reaches (with everything young and pinned) fits `targetBytes`.
 */
export interface EvictionPlan {
  /** What the store should hold after the sweep, in stream bytes. */
  readonly targetBytes: number;
  /** When each path info (by key) was last read, ms since the epoch; else its record's age counts. */
  readonly lastRead: ReadonlyMap<string, number>;
  /** Whether the upstream holds this path (by its 20-byte hash): only such path infos are dropped. */
  readonly farHas: (hash: Uint8Array) => Promise<boolean>;
  /** Called with each path info key dropped. */
  readonly onEvict?: (key: string) => Promise<void>;
}

export interface GcOptions {
  /** Records younger than this (by the server's timestamp of their last write) are kept. */
  readonly graceMs: number;
  readonly dryRun?: boolean;
  /** Called as the collection moves on: the phase and a running count within it. */
  readonly onProgress?: (phase: string, n: number) => void;
  /**
   * Test hook: called after the mark and the second look at the roots, just before the sweep
   * removes anything (a race test starts its upload here).
   */
  readonly beforeSweep?: () => Promise<void>;
  /** Evict least recently read path infos first (a bounded near store); see EvictionPlan. */
  readonly evict?: EvictionPlan;
  /** The store's gc lease, taken by the caller (takeLease) and released by it; else gc takes its own. */
  readonly lease?: Lease;
}

/** The store's gc lease: the server time it was taken (the start of a collection) and its release. */
export interface Lease {
  readonly startedMs: number;
  release(): Promise<void>;
}

/** A live record as a scan saw it. */
export interface Rec {
  readonly seq: number;
  /** Server timestamp of its last write, ms since the epoch. */
  readonly ts: number;
  readonly size: number;
}

export type Scan = Map<string, Rec>;

/** What the scans saw besides live records: stream totals, and delete and purge markers. */
interface ScanStats {
  bytes: number;
  messages: number;
  readonly markers: { stream: string; subject: string; seq: number; ts: number }[];
}

/**
 * Every live key of a KV bucket with the revision, server timestamp and value size of its last
 * write, read with a headers-only ordered consumer (no values travel). The scan ends at the last
 * message, or when a fetch finds nothing more (the last message may be removed while it runs).
 */
export async function scanBucket(js: JetStreamClient, jsm: JetStreamManager, bucket: string, stats?: ScanStats): Promise<Scan> {
  const out: Scan = new Map();
  const stream = `KV_${bucket}`;
  const info = await jsm.streams.info(stream).catch(() => null);
  if (info !== null && stats) {
    stats.bytes += info.state.bytes;
    stats.messages += info.state.messages;
  }
  if (info === null || info.state.messages === 0) return out;
  const last = info.state.last_seq;
  const prefix = `$KV.${bucket}.`;
  const consumer = await js.consumers.get(stream, { headers_only: true });
  for (let done = false; !done; ) {
    const batch = await consumer.fetch({ max_messages: 4096, expires: 1000 });
    let got = 0;
    for await (const m of batch) {
      got++;
      const key = m.subject.slice(prefix.length);
      const op = m.headers?.get("KV-Operation");
      if (op === "DEL" || op === "PURGE") {
        out.delete(key);
        stats?.markers.push({ stream, subject: m.subject, seq: m.seq, ts: Number(m.timestampNanos / 1_000_000n) });
      } else out.set(key, { seq: m.seq, ts: Number(m.timestampNanos / 1_000_000n), size: Number(m.headers?.get("Nats-Msg-Size") || 0) });
      if (m.info.pending === 0 || m.seq >= last) {
        done = true;
        batch.stop();
        break;
      }
    }
    if (got === 0) done = true;
  }
  return out;
}

/** Removes a record if it is still at the revision the scan saw; false if it changed (touched). */
async function casPurge(kv: KV, key: string, seq: number): Promise<boolean> {
  try {
    await kv.purge(key, { previousSeq: seq });
    return true;
  } catch (e) {
    if (isWrongLastSequence(e)) return false;
    throw e;
  }
}

/**
 * Takes the store's gc lease (one gc, eviction or near-store fsck at a time); returns the server
 * time it was taken and a release. Held by another: Conflict, or with `waitMs` tried again until then.
 */
export async function takeLease(
  nc: NatsConnection,
  params: JetStreamParams,
  opts: { waitMs?: number; what?: string } = {},
): Promise<Lease> {
  const deadline = Date.now() + (opts.waitMs ?? 0);
  const kvm = new Kvm(jetstream(nc, params.domain ? { domain: params.domain } : {}));
  for (;;) {
    try {
      return await tryLease(kvm, params, opts.what ?? "castore gc");
    } catch (e) {
      if (!(e instanceof StoreError && e.code === Code.Conflict) || Date.now() >= deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function tryLease(kvm: Kvm, params: JetStreamParams, what: string): Promise<Lease> {
  const kv = await kvm.create(bucketName(params.prefix, "gc"), { history: 1, replicas: params.replicas ?? 1 });
  const me = new TextEncoder().encode(JSON.stringify({ host: hostname(), pid: process.pid, what }));
  try {
    await kv.create("lease", me);
  } catch {
    const e = await kv.get("lease");
    if (e?.operation === "PUT" && Date.now() - e.created.getTime() < LEASE_STALE_MS) {
      const who = (() => {
        try {
          const j = JSON.parse(new TextDecoder().decode(e.value)) as { host?: string; pid?: number; what?: string };
          return `${j.host ?? "?"} (pid ${j.pid ?? "?"}${j.what ? `, ${j.what}` : ""})`;
        } catch {
          return "another process";
        }
      })();
      throw new StoreError(Code.Conflict, `another castore gc is running on this store, on ${who}; try again when it has finished`);
    }
    // A lease left by a gc that died (not renewed for LEASE_STALE_MS), or just released.
    if (e?.operation === "PUT") await kv.update("lease", me, e.revision);
    else await kv.put("lease", me);
  }
  const taken = await kv.get("lease");
  if (taken?.operation !== "PUT") throw new StoreError(Code.Unavailable, "the gc lease vanished as it was taken; try again");
  const timer = setInterval(() => void kv.put("lease", me).catch(() => {}), LEASE_RENEW_MS);
  timer.unref();
  return {
    startedMs: taken.created.getTime(),
    release: async () => {
      clearInterval(timer);
      await kv.purge("lease").catch(() => {});
    },
  };
}

export async function gc(nc: NatsConnection, params: JetStreamParams, opts: GcOptions): Promise<GcReport> {
  const dryRun = opts.dryRun === true;
  const jsOpts = params.domain ? { domain: params.domain } : {};
  const js = jetstream(nc, jsOpts);
  const jsm = await jetstreamManager(nc, jsOpts);
  const kvm = new Kvm(js);
  const chunkStore = await JetStreamChunkStore.open(nc, params);
  const blobService = new ChunkedBlobService(chunkStore);
  const dirStore = await JetStreamDirectoryStore.open(nc, { ...params, blobs: blobService });
  const infos = await JetStreamPathInfoStore.open(nc, params);
  const pins = await openPins(nc, params);
  const base = { history: 1, replicas: params.replicas ?? 1 };
  const open = (kind: string): Promise<KV> => kvm.create(bucketName(params.prefix, kind), base);
  const kv = {
    chunks: await kvm.open(bucketName(params.prefix, "chunks")),
    sizes: await open("chunksizes"),
    blobs: await open("blobs"),
    trees: await open("trees"),
    packs: await kvm.open(bucketName(params.prefix, "packs")),
    dirs: await kvm.open(bucketName(params.prefix, "dirs")),
    narcache: await open("narcache"),
    pathinfo: await open("pathinfo"),
    pathsigs: await open("pathsigs"),
  };
  const bucket = (kind: string): string => bucketName(params.prefix, kind);
  const progress = (phase: string, n: number): void => opts.onProgress?.(phase, n);

  const lease = opts.lease ?? (await takeLease(nc, params));
  try {
    const cutoff = lease.startedMs - opts.graceMs;
    const young = (r: Rec | undefined): boolean => r !== undefined && r.ts >= cutoff;

    // Scan: every record's revision, age and size. Roots first: anything written after their scan
    // is younger than the cutoff anyway.
    progress("scan", 0);
    const stats: ScanStats = { bytes: 0, messages: 0, markers: [] };
    const scan = async (kind: string): Promise<Scan> => {
      const s = await scanBucket(js, jsm, bucket(kind), stats);
      progress("scan", s.size);
      return s;
    };
    const infoScan = await scan("pathinfo");
    const pinScan = await scan("pins");
    const dirs = await scan("dirs");
    const blobs = await scan("blobs");
    const trees = await scan("trees");
    const packs = await scan("packs");
    const chunks = await scan("chunks");
    const sizes = await scan("chunksizes");
    const commits = await scan("commits");
    const dirpages = await scan("dirpages");
    const narcache = await scan("narcache");

    // Mark. With an eviction plan, the bytes of what is marked are added up as it is marked.
    const plan = opts.evict;
    // A record's share of its stream beyond its value: subject, headers, index (markers included).
    const values = [infoScan, pinScan, dirs, blobs, trees, packs, chunks, sizes, commits, dirpages, narcache].reduce((a, s) => a + [...s.values()].reduce((b, r) => b + r.size, 0), 0);
    const ovh = stats.messages === 0 ? 0 : Math.max(0, (stats.bytes - values) / stats.messages);
    const sumOf = (scan: Scan, group: (k: string) => string): Map<string, number> => {
      const m = new Map<string, number>();
      for (const [k, r] of scan) m.set(group(k), (m.get(group(k)) ?? 0) + r.size + ovh);
      return m;
    };
    const before = (k: string): string => (k.includes(".") ? k.slice(0, k.indexOf(".")) : k);
    const indexBytes = plan ? sumOf(blobs, before) : new Map<string, number>();
    for (const [k, n] of plan ? sumOf(trees, before) : []) indexBytes.set(k, (indexBytes.get(k) ?? 0) + n);
    const packBytes = plan ? sumOf(packs, before) : new Map<string, number>();
    let keptBytes = 0;
    const markedDirs = new Set<string>();
    const markedBlobs = new Set<string>();
    const markedChunks = new Set<string>();
    const liveNarKeys = new Set<string>();
    const markChunk = (hex: string): void => {
      if (markedChunks.has(hex)) return;
      markedChunks.add(hex);
      if (!plan) return;
      const c = chunks.get(hex);
      const p = sizes.get(hex);
      keptBytes += (c ? c.size + ovh : 0) + (p ? p.size + ovh : 0);
    };
    const markDir = (hex: string): void => {
      markedDirs.add(hex);
      if (plan) keptBytes += (dirs.has(hex) ? dirs.get(hex)!.size + ovh : 0) + (packBytes.get(hex) ?? 0);
    };
    let marked = 0;
    const markBlob = async (hex: string): Promise<void> => {
      if (markedBlobs.has(hex)) return;
      markedBlobs.add(hex);
      keptBytes += indexBytes.get(hex) ?? 0;
      if (++marked % 1000 === 0) progress("mark", marked);
      let index = null;
      try {
        index = await chunkStore.blobIndex(hex);
      } catch {
        // An unreadable index (fsck's business): keep what it may name by keeping the record.
      }
      if (index === null) {
        markChunk(hex); // a blob of one chunk is that chunk
        return;
      }
      for (const c of index.chunks) markChunk(c.digest.toHex());
    };
    /** Marks directories (and everything below them), reading each once; digests only are kept. */
    const markDirs = async (roots: readonly string[]): Promise<void> => {
      const queue = roots.filter((h) => !markedDirs.has(h));
      for (const h of queue) markDir(h);
      while (queue.length > 0) {
        const batch = queue.splice(0, 256);
        const read = await Promise.all(batch.map((h) => readDirectory(dirStore, blobService, h)));
        for (let i = 0; i < batch.length; i++) {
          const r = read[i]!;
          if (r.inBlob) await markBlob(batch[i]!);
          if (r.dir === null) continue; // gone or broken: fsck's business
          if (++marked % 1000 === 0) progress("mark", marked);
          for (const c of r.dir.directories) {
            const k = c.digest.toHex();
            if (markedDirs.has(k)) continue;
            markDir(k);
            queue.push(k);
          }
          for (const f of r.dir.files) if (f.size > 0n) await markBlob(f.digest.toHex());
        }
      }
    };
    const markNode = async (node: Node): Promise<void> => {
      if (node.type === "directory") await markDirs([node.digest.toHex()]);
      else if (node.type === "file" && node.size > 0n) await markBlob(node.digest.toHex());
    };
    const seenInfos = new Set<string>();
    const seenPins = new Set<string>();
    const markRoots = async (infoKeys: Iterable<string>, pinKeys: Iterable<string>): Promise<void> => {
      for (const key of infoKeys) {
        if (seenInfos.has(key)) continue;
        seenInfos.add(key);
        const hash = pathInfoHash(key);
        const info = hash === null ? null : await infos.get(hash).catch(() => null);
        if (info === null) continue;
        liveNarKeys.add(narCacheKey(info.node));
        await markNode(info.node);
      }
      for (const key of pinKeys) {
        if (seenPins.has(key)) continue;
        seenPins.add(key);
        const pin = await pins.get(key);
        if (pin !== null) await markPin(pin);
      }
    };
    const markPin = async (pin: PinRecord): Promise<void> => {
      if (pin.type === "directory") await markDirs([pin.digest]);
      else await markBlob(pin.digest);
    };
    progress("mark", 0);
    let evicted = 0;
    if (plan) {
      // Pins and young records first; then path infos, the most recently read first, until what
      // is kept reaches the target; older ones are dropped (if the upstream has them) before the
      // sweep, and what only they reached goes with them.
      keptBytes += [infoScan, pinScan, narcache, commits, dirpages].reduce((a, s) => a + [...s.values()].reduce((b, r) => b + r.size + ovh, 0), 0);
      await markRoots([], pinScan.keys());
      await markDirs([...dirs].filter(([, r]) => young(r)).map(([k]) => k));
      for (const [k, r] of blobs) if (!k.includes(".") && young(r)) await markBlob(k);
      const byRecency = [...infoScan].map(([k, r]) => ({ k, r, at: Math.max(r.ts, plan.lastRead.get(k) ?? 0) })).sort((a, b) => b.at - a.at);
      const drop: { k: string; r: Rec }[] = [];
      for (const { k, r } of byRecency) {
        const hash = pathInfoHash(k);
        const evictable = keptBytes > plan.targetBytes && !young(r) && hash !== null && (await plan.farHas(hash).catch(() => false));
        if (evictable) drop.push({ k, r });
        else await markRoots([k], []);
      }
      // The path infos first (compare-and-delete: one rewritten meanwhile stays a root), so no
      // visible path info ever names content the sweep removes.
      for (const { k, r } of drop) {
        if (dryRun || (await casPurge(kv.pathinfo, k, r.seq))) {
          evicted++;
          if (dryRun) seenInfos.add(k); // not looked at again below
          if (!dryRun) {
            await kv.pathsigs.purge(k).catch(() => {});
            await plan.onEvict?.(k);
          }
        } else await markRoots([k], []);
      }
    } else {
      await markRoots(infoScan.keys(), pinScan.keys());
      // Young records are roots too: an upload in flight keeps what it wrote and what it touched.
      await markDirs([...dirs].filter(([, r]) => young(r)).map(([k]) => k));
      for (const [k, r] of blobs) if (!k.includes(".") && young(r)) await markBlob(k);
    }

    // A second look at the roots, just before sweeping: a path info or pin stored since the scan
    // (whose content may be older than the grace) is kept with its closure.
    await markRoots((await scanBucket(js, jsm, bucket("pathinfo"))).keys(), (await scanBucket(js, jsm, bucket("pins"))).keys());
    await opts.beforeSweep?.();

    const freed = Object.fromEntries(GC_KINDS.map((k) => [k, { count: 0, bytes: 0 }])) as Record<GcKind, { count: number; bytes: number }>;
    let spared = 0;
    const count = (kind: GcKind, r: Rec): void => {
      freed[kind].count++;
      freed[kind].bytes += r.size;
      const n = GC_KINDS.reduce((a, k) => a + freed[k].count, 0);
      if (n % 1000 === 0) progress(dryRun ? "count" : "sweep", n);
    };
    /** Removes `key` of `store` at the scanned revision (or counts it, dry); false if it was touched. */
    const remove = async (kind: GcKind, store: KV, key: string, r: Rec): Promise<boolean> => {
      if (!dryRun && !(await casPurge(store, key, r.seq))) return false;
      count(kind, r);
      return true;
    };

    // 1. Directories, parents before children: a directory an upload touches after the scan fails
    //    its compare-and-delete before anything below it is removed, and is spared with its closure.
    const garbageDirs = [...dirs].filter(([k, r]) => !markedDirs.has(k) && !young(r)).map(([k]) => k);
    const deletedDirs = new Set<string>();
    if (dryRun) {
      for (const k of garbageDirs) {
        deletedDirs.add(k);
        count("directories", dirs.get(k)!);
      }
    } else {
      const garbage = new Set(garbageDirs);
      const children = new Map<string, string[]>();
      const indegree = new Map<string, number>(garbageDirs.map((k) => [k, 0]));
      for (const k of garbageDirs) {
        const r = await readDirectory(dirStore, blobService, k);
        const cs = r.dir === null ? [] : [...new Set(r.dir.directories.map((c) => c.digest.toHex()).filter((c) => garbage.has(c)))];
        children.set(k, cs);
        for (const c of cs) indegree.set(c, indegree.get(c)! + 1);
      }
      const ready = garbageDirs.filter((k) => indegree.get(k) === 0);
      while (ready.length > 0) {
        const k = ready.pop()!;
        const cs = children.get(k) ?? [];
        children.delete(k);
        if (!markedDirs.has(k)) {
          if (await remove("directories", kv.dirs, k, dirs.get(k)!)) deletedDirs.add(k);
          else {
            spared++;
            await markDirs([k]);
          }
        }
        for (const c of cs) {
          const d = indegree.get(c)! - 1;
          indegree.set(c, d);
          if (d === 0) ready.push(c);
        }
      }
    }

    // 2. Blob indexes (the head first, then its parts) and their trees.
    const deletedHeads = new Set<string>();
    for (const [k, r] of blobs) {
      if (k.includes(".") || markedBlobs.has(k) || young(r)) continue;
      if (await remove("blobIndexes", kv.blobs, k, r)) deletedHeads.add(k);
      else {
        spared++;
        markedBlobs.delete(k);
        await markBlob(k);
      }
    }
    for (const [k, r] of blobs) {
      if (!k.includes(".")) continue;
      const head = k.slice(0, k.indexOf("."));
      // A part goes with its head; a part without one (an interrupted commit) once it is old.
      if (deletedHeads.has(head) || (!blobs.has(head) && !young(r))) await remove("blobIndexes", kv.blobs, k, r);
    }
    for (const [k, r] of trees) {
      const head = k.slice(0, k.indexOf("."));
      if (deletedHeads.has(head) || (!blobs.has(head) && !young(r))) await remove("treePages", kv.trees, k, r);
    }

    // 3. Packs: copies that go with their directory; those of no directory once they are old.
    for (const [k, r] of packs) {
      const dir = k.slice(0, k.indexOf("."));
      if (deletedDirs.has(dir) || (!dirs.has(dir) && !young(r))) await remove("packs", kv.packs, k, r);
    }

    // 4. Chunks: presence entry first, then the chunk (a touch rewrites one of them, so one of the
    //    compare-and-deletes fails and the chunk stays; a presence entry removed is put back).
    for (const [k, r] of chunks) {
      const p = sizes.get(k);
      if (markedChunks.has(k) || young(r) || young(p)) continue;
      if (dryRun) {
        count("chunks", { ...r, size: r.size + (p?.size ?? 0) });
        continue;
      }
      if (p !== undefined && !(await casPurge(kv.sizes, k, p.seq))) {
        spared++;
        continue;
      }
      if (await casPurge(kv.chunks, k, r.seq)) count("chunks", { ...r, size: r.size + (p?.size ?? 0) });
      else {
        spared++;
        if (p !== undefined) await kv.sizes.put(k, String(r.size)).catch(() => {});
      }
    }
    // Presence entries of chunks that are not stored (their chunk was lost, or removed without them).
    for (const [k, p] of sizes) if (!chunks.has(k) && !young(p)) await remove("chunks", kv.sizes, k, { ...p, size: 0 });

    // 5. Staged pages of uploads that never finished (they also expire on their own).
    for (const [kind, staged] of [["commits", commits], ["dirpages", dirpages]] as const) {
      const old = [...staged].filter(([, r]) => !young(r));
      const store = old.length > 0 && !dryRun ? await kvm.open(bucket(kind)) : null;
      for (const [k, r] of old) await remove("staged", store!, k, r);
    }

    // 6. NAR figures cached for nodes that are no path info's root: a cache, kept only for roots
    //    (so it never vouches for content the sweep took).
    for (const [k, r] of narcache) if (!liveNarKeys.has(k)) await remove("narCache", kv.narcache, k, r);

    // 7. Delete and purge markers older than the cutoff (a purge keeps one per key): each removed
    //    with a purge of its subject below the next sequence, so a write after it stays.
    if (!dryRun) {
      for (const m of stats.markers) if (m.ts < cutoff) await jsm.streams.purge(m.stream, { filter: m.subject, seq: m.seq + 1 }).catch(() => {});
    }

    progress("done", 0);
    return { dryRun, graceMs: opts.graceMs, pathInfos: seenInfos.size, pins: seenPins.size, freed, spared, evicted };
  } finally {
    if (opts.lease === undefined) await lease.release();
  }
}

/** A stored directory (null if gone or broken) and whether its record points into the blob store. */
async function readDirectory(dirs: JetStreamDirectoryStore, blobs: ChunkedBlobService, hex: string): Promise<{ dir: Directory | null; inBlob: boolean }> {
  const raw = await dirs.raw(hex);
  if (raw === null) return { dir: null, inBlob: false };
  const inBlob = !(raw instanceof Uint8Array);
  try {
    let bytes: Uint8Array;
    if (raw instanceof Uint8Array) bytes = raw;
    else {
      const s = await blobs.read(B3Digest.parse(hex));
      if (s === null) return { dir: null, inBlob };
      bytes = await readAll(s);
    }
    return { dir: Directory.decode(bytes), inBlob };
  } catch {
    return { dir: null, inBlob };
  }
}

/** The 20-byte hash a path-info key (nixbase32) stands for, or null if it is not one. */
function pathInfoHash(key: string): Uint8Array | null {
  try {
    const h = nixbase32Decode(key);
    return h.length === 20 && nixbase32Encode(h) === key ? h : null;
  } catch {
    return null;
  }
}
