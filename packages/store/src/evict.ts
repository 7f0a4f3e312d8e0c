// Eviction of a bounded near store (`castore serve --upstream URL --max-bytes N`): when the store's
// buckets outgrow the bound, the least recently read path infos are dropped and castore gc's sweep
// (gc.ts, its compare-and-delete protocol, with a short grace) takes what only they reached. The
// upstream has everything, so a later read of something evicted falls through to it again.
//
// Recency: each replica notes the path infos it answers and, every cycle, writes their keys to
// `castore-reads_<p>` (empty values; a record's server timestamp is its last read). The evictor
// reads those timestamps headers-only. One replica evicts at a time: the cycle that finds the store
// over its bound takes the store's gc lease, or skips if a gc, an fsck or another replica holds it.
import { Code, StoreError, bucketName } from "@castore/core";
import type { Logger } from "@castore/service-kit";
import type { JetStreamParams } from "@castore/service-kit";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { gc, scanBucket, takeLease, type GcReport } from "./gc.js";

export interface EvictorOptions {
  /** The bound, in bytes of the store's JetStream streams. */
  readonly maxBytes: number;
  /**
   * What was written or relied on more recently than this is never evicted: fills in flight, and
   * uploads through the edge until their path info is written (default 1 min).
   */
  readonly graceMs?: number;
  /** How often the size is looked at (default: half the grace, between 250 ms and 10 s). */
  readonly intervalMs?: number;
  /** A cycle evicts down to this fraction of maxBytes (default 0.8), so it does not run at every look. */
  readonly lowWater?: number;
  /** Whether the upstream holds the path with this hash: only such path infos are evicted. */
  readonly farHas: (hash: Uint8Array) => Promise<boolean>;
  readonly logger?: Logger;
}

/** The buckets whose streams make up a store's size (all of a store's own). */
const KINDS = ["chunks", "chunksizes", "blobs", "trees", "packs", "dirs", "pathinfo", "pathsigs", "narcache", "commits", "dirpages", "pins", "reads"] as const;

export const DEFAULT_EVICT_GRACE_MS = 60_000;

/** The bytes of a store's JetStream streams (KV buckets) now. */
export async function storeBytes(nc: NatsConnection, params: JetStreamParams): Promise<number> {
  const jsm = await jetstreamManager(nc, params.domain ? { domain: params.domain } : {});
  const sizes = await Promise.all(KINDS.map((k) => jsm.streams.info(`KV_${bucketName(params.prefix, k)}`).then((i) => i.state.bytes, () => 0)));
  return sizes.reduce((a, b) => a + b, 0);
}

export class Evictor {
  readonly #nc: NatsConnection;
  readonly #params: JetStreamParams;
  readonly #o: EvictorOptions;
  readonly #graceMs: number;
  readonly #intervalMs: number;
  #reads = new Set<string>();
  #kv: Promise<KV> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #cycle: Promise<unknown> | null = null;
  #stopped = false;

  constructor(nc: NatsConnection, params: JetStreamParams, opts: EvictorOptions) {
    if (!(opts.maxBytes > 0)) throw new StoreError(Code.InvalidArgument, `the bound must be a positive number of bytes, got ${opts.maxBytes}`);
    this.#nc = nc;
    this.#params = params;
    this.#o = opts;
    this.#graceMs = opts.graceMs ?? DEFAULT_EVICT_GRACE_MS;
    this.#intervalMs = opts.intervalMs ?? Math.min(10_000, Math.max(250, this.#graceMs / 2));
  }

  /** Notes a read of the path info with this key (nixbase32 hash); written at the next cycle. */
  read(key: string): void {
    this.#reads.add(key);
  }

  start(): void {
    const next = (): void => {
      if (this.#stopped) return;
      this.#timer = setTimeout(() => {
        this.#cycle = this.cycle()
          .catch((e) => this.#o.logger?.warn({ err: e }, "eviction cycle failed"))
          .finally(() => {
            this.#cycle = null;
            next();
          });
      }, this.#intervalMs);
      this.#timer.unref();
    };
    next();
  }

  #bucket(): Promise<KV> {
    this.#kv ??= new Kvm(jetstream(this.#nc, this.#params.domain ? { domain: this.#params.domain } : {})).create(bucketName(this.#params.prefix, "reads"), {
      history: 1,
      replicas: this.#params.replicas ?? 1,
    });
    return this.#kv;
  }

  /** Writes the reads noted since the last flush (their records' timestamps are the read times). */
  async flush(): Promise<void> {
    if (this.#reads.size === 0) return;
    const keys = [...this.#reads];
    this.#reads = new Set();
    const kv = await this.#bucket();
    for (let i = 0; i < keys.length; i += 256) await Promise.all(keys.slice(i, i + 256).map((k) => kv.put(k, new Uint8Array(0))));
  }

  /**
   * One look: flushes the reads; if the store is over its bound, takes the gc lease (or returns
   * null if it is held) and evicts down to the low-water mark. The report, or null if nothing ran.
   */
  async cycle(): Promise<(GcReport & { bytesBefore: number; bytesAfter: number }) | null> {
    await this.flush();
    const before = await storeBytes(this.#nc, this.#params);
    if (before <= this.#o.maxBytes) return null;
    let lease;
    try {
      lease = await takeLease(this.#nc, this.#params, { what: "eviction" });
    } catch (e) {
      if (e instanceof StoreError && e.code === Code.Conflict) return null; // another replica, a gc or an fsck
      throw e;
    }
    try {
      const t0 = Date.now();
      let lastPhase = "";
      const lastRead = await this.#lastReads();
      const reads = await this.#bucket();
      const report = await gc(this.#nc, this.#params, {
        graceMs: this.#graceMs,
        lease,
        onProgress: (phase, n) => {
          if (phase !== lastPhase) this.#o.logger?.debug({ phase, n, ms: Date.now() - t0 }, "eviction phase");
          lastPhase = phase;
        },
        evict: {
          targetBytes: this.#o.maxBytes * (this.#o.lowWater ?? 0.8),
          lastRead,
          farHas: this.#o.farHas,
          onEvict: (key) => reads.purge(key).catch(() => {}),
        },
      });
      const after = await storeBytes(this.#nc, this.#params);
      this.#o.logger?.info({ bytesBefore: before, bytesAfter: after, maxBytes: this.#o.maxBytes, evicted: report.evicted, freed: report.freed, spared: report.spared }, "evicted");
      return { ...report, bytesBefore: before, bytesAfter: after };
    } finally {
      await lease.release();
    }
  }

  /** Last read per path-info key: the server timestamps of the reads bucket, headers only. */
  async #lastReads(): Promise<Map<string, number>> {
    await this.#bucket();
    const jsOpts = this.#params.domain ? { domain: this.#params.domain } : {};
    const scan = await scanBucket(jetstream(this.#nc, jsOpts), await jetstreamManager(this.#nc, jsOpts), bucketName(this.#params.prefix, "reads"));
    return new Map([...scan].map(([k, r]) => [k, r.ts]));
  }

  /** Stops looking (after a cycle in progress has ended) and writes the reads noted. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#cycle;
    await this.flush().catch(() => {});
  }
}
