// The JetStream backend. Buckets:
//   castore-pathinfo_<p>  nixbase32 store-path hash -> tvix.store.v1.PathInfo, written once
//                         (create-if-absent); a record never moves in its stream
//   castore-pathsigs_<p>  the same key -> the record's full signature set, one `name:base64` per
//                         line, once a later put added a signature (records are not rewritten)
//   castore-narcache_<p>  hex BLAKE3 of the anonymous root node -> CalculateNARResponse
// The listing pages by stream sequence with direct gets (next message on the bucket's subjects
// after the cursor), so any replica can serve any page and no consumer state is kept; since
// records are never rewritten, every path appears exactly once even while paths are re-signed.
// A cursor is the last sequence listed (8 bytes, big-endian) and a 4-byte check (BLAKE3 of the
// bucket name and the sequence), so a made-up cursor is refused; earlier 8-byte cursors are
// accepted when they lie within the stream.
import { blake3, bucketName, decodePathInfo, encodePathInfo, formatSignature, fromLong, invalid, parseSignature, toLong, type PathInfo, type Signature } from "@castore/core";
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
  readonly #sigs: KV;
  readonly #nar: KV;
  readonly #jsm: JetStreamManager;
  readonly #bucket: string;

  private constructor(infos: KV, sigs: KV, nar: KV, jsm: JetStreamManager, bucket: string) {
    this.#infos = infos;
    this.#sigs = sigs;
    this.#nar = nar;
    this.#jsm = jsm;
    this.#bucket = bucket;
  }

  static async open(nc: NatsConnection, opts: JetStreamPathInfoOptions): Promise<JetStreamPathInfoStore> {
    const jsOpts = opts.domain ? { domain: opts.domain } : {};
    const kvm = new Kvm(jetstream(nc, jsOpts));
    const base = { history: 1, replicas: opts.replicas ?? 1 };
    const bucket = bucketName(opts.prefix, "pathinfo");
    const [infos, sigs, nar] = await Promise.all([
      kvm.create(bucket, base),
      kvm.create(bucketName(opts.prefix, "pathsigs"), base),
      kvm.create(bucketName(opts.prefix, "narcache"), base),
    ]);
    return new JetStreamPathInfoStore(infos, sigs, nar, await jetstreamManager(nc, jsOpts), bucket);
  }

  async get(hash: Uint8Array): Promise<PathInfo | null> {
    const key = pathInfoKey(hash);
    const [e, s] = await Promise.all([this.#infos.get(key), this.#sigs.get(key)]);
    if (e?.operation !== "PUT") return null;
    return withSignatures(decodePathInfo(e.value), s?.operation === "PUT" ? s.value : null);
  }

  async create(info: PathInfo): Promise<boolean> {
    const key = pathInfoKey(info.storePath.digest);
    try {
      await this.#infos.create(key, encodePathInfo(info));
      return true;
    } catch (e) {
      if ((await this.#infos.get(key))?.operation === "PUT") return false;
      throw e;
    }
  }

  async setSignatures(hash: Uint8Array, signatures: readonly Signature[]): Promise<void> {
    await this.#sigs.put(pathInfoKey(hash), new TextEncoder().encode(signatures.map(formatSignature).join("\n")));
  }

  #check(seq: bigint): Buffer {
    return Buffer.from(blake3(Buffer.concat([Buffer.from(this.#bucket), bigEndian(seq)]))).subarray(0, 4);
  }

  async #cursorSeq(cursor: Uint8Array): Promise<number> {
    const bad = () => invalid(`list cursor of ${cursor.length} bytes is not one this service made`);
    if (cursor.length !== 8 && cursor.length !== 12) throw bad();
    const seq = Buffer.from(cursor).readBigUInt64BE(0);
    if (cursor.length === 12) {
      if (!this.#check(seq).equals(Buffer.from(cursor.subarray(8)))) throw bad();
    } else {
      const last = (await this.#jsm.streams.info(`KV_${this.#bucket}`)).state.last_seq;
      if (seq > BigInt(last)) throw bad();
    }
    return Number(seq);
  }

  async listPage(cursor: Uint8Array | null, limit: number): Promise<PathInfoPage> {
    let seq = cursor ? (await this.#cursorSeq(cursor)) + 1 : 1;
    const records: { info: PathInfo; key: string }[] = [];
    let last = 0;
    while (records.length < limit) {
      const m = await this.#jsm.direct.getMessage(`KV_${this.#bucket}`, { seq, next_by_subj: `$KV.${this.#bucket}.>` });
      if (!m) break;
      last = m.seq;
      seq = m.seq + 1;
      // Deletes and purges leave markers with no body.
      if (m.data.length > 0 && !m.header?.get("KV-Operation")) {
        records.push({ info: decodePathInfo(m.data), key: m.subject.slice(`$KV.${this.#bucket}.`.length) });
      }
    }
    const sigs = await Promise.all(records.map((r) => this.#sigs.get(r.key)));
    const infos = records.map((r, i) => withSignatures(r.info, sigs[i]?.operation === "PUT" ? sigs[i]!.value : null));
    if (records.length < limit || last === 0) return { infos, next: null };
    return { infos, next: Buffer.concat([bigEndian(BigInt(last)), this.#check(BigInt(last))]) };
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

  /** Every record's key (fsck). */
  async *keys(): AsyncGenerator<string> {
    for await (const k of await this.#infos.keys()) yield k;
  }

  /** Removes a record by its key, also one that does not decode (fsck repair). */
  async removeKey(key: string): Promise<void> {
    await Promise.all([this.#infos.delete(key), this.#sigs.delete(key)]);
  }

  /** Removes a record and its signatures (fsck repair, path-info delete). */
  async remove(hash: Uint8Array): Promise<void> {
    const key = pathInfoKey(hash);
    await Promise.all([this.#infos.delete(key), this.#sigs.delete(key)]);
  }

  async close(): Promise<void> {}
}

function bigEndian(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return b;
}

/** The record with the signature set kept beside it, if any. */
function withSignatures(info: PathInfo, sigs: Uint8Array | null): PathInfo {
  if (sigs === null) return info;
  const text = new TextDecoder().decode(sigs);
  return { ...info, signatures: text === "" ? [] : text.split("\n").map((l) => parseSignature(l)) };
}

