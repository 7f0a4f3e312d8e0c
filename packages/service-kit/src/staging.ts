// Where the pages of a multi-page request wait until its last page arrives: blob commits with
// long chunk lists, directory uploads with many directories. Any service replica may receive any
// page, so in production this is a KV bucket all replicas share; entries expire after an hour,
// so an abandoned upload leaves nothing behind.
import { bucketName } from "@castore/core";
import { jetstream } from "@nats-io/jetstream";
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
}

export class JetStreamPageStaging implements PageStaging {
  readonly #kv: KV;

  private constructor(kv: KV) {
    this.#kv = kv;
  }

  static async open(nc: NatsConnection, opts: JetStreamPageStagingOptions): Promise<JetStreamPageStaging> {
    const kv = await new Kvm(jetstream(nc, opts.domain ? { domain: opts.domain } : {})).create(bucketName(opts.prefix, opts.kind), {
      history: 1,
      replicas: opts.replicas ?? 1,
      ttl: 60 * 60 * 1000,
    });
    return new JetStreamPageStaging(kv);
  }

  async put(upload: string, page: number, bytes: Uint8Array): Promise<void> {
    await this.#kv.put(`${upload}.${page}`, bytes);
  }

  async get(upload: string, page: number): Promise<Uint8Array | null> {
    const e = await this.#kv.get(`${upload}.${page}`);
    return e?.operation === "PUT" ? e.value : null;
  }

  async delete(upload: string, count: number): Promise<void> {
    for (let p = 0; p < count; p++) await this.#kv.purge(`${upload}.${p}`);
  }
}
