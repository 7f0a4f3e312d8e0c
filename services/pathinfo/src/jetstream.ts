// The JetStream backend. Buckets:
//   castore-pathinfo_<p>  nixbase32 store-path hash -> tvix.store.v1.PathInfo
//   castore-narcache_<p>  hex BLAKE3 of the anonymous root node -> CalculateNARResponse
// The listing pages by stream sequence with direct gets (next message on the bucket's subjects
// after the cursor), so any replica can serve any page and no consumer state is kept.
import { bucketName, decodePathInfo, encodePathInfo, fromLong, toLong, type PathInfo } from "@castore/core";
import { tvix } from "@castore/proto";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import type { NarFigures } from "./service.js";
import { pathInfoKey, type PathInfoPage, type PathInfoStore } from "./store.js";

export interface JetStreamPathInfoOptions {
  readonly prefix: string;
  readonly replicas?: number;
  readonly domain?: string;
}

export class JetStreamPathInfoStore implements PathInfoStore {
  readonly #infos: KV;
  readonly #nar: KV;
  readonly #jsm: JetStreamManager;
  readonly #bucket: string;

  private constructor(infos: KV, nar: KV, jsm: JetStreamManager, bucket: string) {
    this.#infos = infos;
    this.#nar = nar;
    this.#jsm = jsm;
    this.#bucket = bucket;
  }

  static async open(nc: NatsConnection, opts: JetStreamPathInfoOptions): Promise<JetStreamPathInfoStore> {
    const jsOpts = opts.domain ? { domain: opts.domain } : {};
    const kvm = new Kvm(jetstream(nc, jsOpts));
    const base = { history: 1, replicas: opts.replicas ?? 1 };
    const bucket = bucketName(opts.prefix, "pathinfo");
    const [infos, nar] = await Promise.all([kvm.create(bucket, base), kvm.create(bucketName(opts.prefix, "narcache"), base)]);
    return new JetStreamPathInfoStore(infos, nar, await jetstreamManager(nc, jsOpts), bucket);
  }

  async get(hash: Uint8Array): Promise<PathInfo | null> {
    const e = await this.#infos.get(pathInfoKey(hash));
    return e?.operation === "PUT" ? decodePathInfo(e.value) : null;
  }

  async put(info: PathInfo): Promise<void> {
    await this.#infos.put(pathInfoKey(info.storePath.digest), encodePathInfo(info));
  }

  async listPage(cursor: Uint8Array | null, limit: number): Promise<PathInfoPage> {
    let seq = cursor ? Number(Buffer.from(cursor).readBigUInt64BE(0)) + 1 : 1;
    const infos: PathInfo[] = [];
    let last = 0;
    while (infos.length < limit) {
      const m = await this.#jsm.direct.getMessage(`KV_${this.#bucket}`, { seq, next_by_subj: `$KV.${this.#bucket}.>` });
      if (!m) break;
      last = m.seq;
      seq = m.seq + 1;
      // Deletes and purges leave markers with no body.
      if (m.data.length > 0 && !m.header?.get("KV-Operation")) infos.push(decodePathInfo(m.data));
    }
    if (infos.length < limit || last === 0) return { infos, next: null };
    const next = Buffer.alloc(8);
    next.writeBigUInt64BE(BigInt(last));
    return { infos, next };
  }

  async getNarFigures(key: string): Promise<NarFigures | null> {
    const e = await this.#nar.get(key);
    if (e?.operation !== "PUT") return null;
    const r = tvix.store.v1.CalculateNARResponse.decode(e.value);
    return { narSize: fromLong(r.narSize as never), narSha256: r.narSha256 };
  }

  async putNarFigures(key: string, f: NarFigures): Promise<void> {
    await this.#nar.put(key, tvix.store.v1.CalculateNARResponse.encode({ narSize: toLong(f.narSize), narSha256: f.narSha256 }).finish());
  }

  async close(): Promise<void> {}
}
