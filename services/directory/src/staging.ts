// Where the pages of a multi-page closure upload wait until the last page arrives: a KV bucket
// shared by every replica (entries expire after an hour), or a Map in tests.
import { bucketName } from "@castore/core";
import { jetstream } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";

export interface PageStaging {
  put(uploadId: string, sequence: number, page: Uint8Array): Promise<void>;
  get(uploadId: string, sequence: number): Promise<Uint8Array | null>;
  delete(uploadId: string, pages: number): Promise<void>;
}

export class MemoryPageStaging implements PageStaging {
  readonly #m = new Map<string, Uint8Array>();
  async put(id: string, seq: number, page: Uint8Array): Promise<void> {
    this.#m.set(`${id}.${seq}`, page);
  }
  async get(id: string, seq: number): Promise<Uint8Array | null> {
    return this.#m.get(`${id}.${seq}`) ?? null;
  }
  async delete(id: string, pages: number): Promise<void> {
    for (let s = 0; s < pages; s++) this.#m.delete(`${id}.${s}`);
  }
}

export class JetStreamPageStaging implements PageStaging {
  readonly #kv: KV;
  private constructor(kv: KV) {
    this.#kv = kv;
  }
  static async open(nc: NatsConnection, opts: { prefix: string; replicas?: number; domain?: string }): Promise<JetStreamPageStaging> {
    const kv = await new Kvm(jetstream(nc, opts.domain ? { domain: opts.domain } : {})).create(bucketName(opts.prefix, "dirpages"), {
      history: 1,
      replicas: opts.replicas ?? 1,
      ttl: 60 * 60 * 1000,
    });
    return new JetStreamPageStaging(kv);
  }
  async put(id: string, seq: number, page: Uint8Array): Promise<void> {
    await this.#kv.put(`${id}.${seq}`, page);
  }
  async get(id: string, seq: number): Promise<Uint8Array | null> {
    const e = await this.#kv.get(`${id}.${seq}`);
    return e?.operation === "PUT" ? e.value : null;
  }
  async delete(id: string, pages: number): Promise<void> {
    for (let s = 0; s < pages; s++) await this.#kv.purge(`${id}.${s}`);
  }
}
