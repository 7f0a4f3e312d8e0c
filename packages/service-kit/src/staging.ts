// Where the pages of a multi-page request wait until its last page arrives: blob commits with
// long chunk lists, directory uploads with many directories. Any service replica may receive any
// page, so in production this is a KV bucket all replicas share. It is bounded, because anyone who
// may publish to a service's subjects can stage pages: entries expire after STAGING_LIMITS.ttlMs
// (an abandoned upload leaves nothing behind for long), the bucket holds at most its byte limit
// (past it a page is refused with 503 until older pages expire), and each upload has a page limit
// (checked by the handlers).
import { Code, StoreError, bucketName } from "@castore/core";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { STAGING_LIMITS } from "./limits.js";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";

export interface PageStaging {
  put(upload: string, page: number, bytes: Uint8Array): Promise<void>;
  get(upload: string, page: number): Promise<Uint8Array | null>;
  /** Removes pages 0 .. count-1 of `upload`. */
  delete(upload: string, count: number): Promise<void>;
}

export class MemoryPageStaging implements PageStaging {
  readonly #m = new Map<string, Uint8Array>();
  async put(upload: string, page: number, bytes: Uint8Array): Promise<void> {
    this.#m.set(`${upload}.${page}`, bytes);
  }
  async get(upload: string, page: number): Promise<Uint8Array | null> {
    return this.#m.get(`${upload}.${page}`) ?? null;
  }
  async delete(upload: string, count: number): Promise<void> {
    for (let p = 0; p < count; p++) this.#m.delete(`${upload}.${p}`);
  }
}

export interface JetStreamPageStagingOptions {
  readonly prefix: string;
  /** The bucket kind: `castore-<kind>_<prefix>` (e.g. "commits", "dirpages"). */
  readonly kind: string;
  readonly replicas?: number;
  readonly domain?: string;
  /** Bytes the bucket may hold (default STAGING_LIMITS.maxBytes). */
  readonly maxBytes?: number;
}

export class JetStreamPageStaging implements PageStaging {
  readonly #kv: KV;

  private constructor(kv: KV) {
    this.#kv = kv;
  }

  static async open(nc: NatsConnection, opts: JetStreamPageStagingOptions): Promise<JetStreamPageStaging> {
    const jsOpts = opts.domain ? { domain: opts.domain } : {};
    const bucket = bucketName(opts.prefix, opts.kind);
    const maxBytes = opts.maxBytes ?? STAGING_LIMITS.maxBytes;
    const kv = await new Kvm(jetstream(nc, jsOpts)).create(bucket, {
      history: 1,
      replicas: opts.replicas ?? 1,
      ttl: STAGING_LIMITS.ttlMs,
      max_bytes: maxBytes,
    });
    // A bucket made by an earlier version (1 h, unbounded) gets today's limits.
    const jsm = await jetstreamManager(nc, jsOpts);
    const info = await jsm.streams.info(`KV_${bucket}`);
    const ttlNanos = STAGING_LIMITS.ttlMs * 1_000_000;
    if (info.config.max_age !== ttlNanos || info.config.max_bytes !== maxBytes) {
      await jsm.streams.update(`KV_${bucket}`, { ...info.config, max_age: ttlNanos, max_bytes: maxBytes });
    }
    return new JetStreamPageStaging(kv);
  }

  async put(upload: string, page: number, bytes: Uint8Array): Promise<void> {
    try {
      await this.#kv.put(`${upload}.${page}`, bytes);
    } catch (e) {
      if (/maximum bytes|insufficient resources|resource limits/i.test((e as Error).message ?? "")) {
        throw new StoreError(
          Code.Unavailable,
          `the staging area for multi-page uploads is full; try again once abandoned uploads expire (after ${STAGING_LIMITS.ttlMs / 60_000} min)`,
          { cause: e },
        );
      }
      throw e;
    }
  }

  async get(upload: string, page: number): Promise<Uint8Array | null> {
    const e = await this.#kv.get(`${upload}.${page}`);
    return e?.operation === "PUT" ? e.value : null;
  }

  async delete(upload: string, count: number): Promise<void> {
    for (let p = 0; p < count; p++) await this.#kv.purge(`${upload}.${p}`);
  }
}
