// The JetStream backend: one KV record per directory (every subtree addressable, stored once).
//   castore-dirs_<p>  directory digest hex -> canonical encoding, or the one byte 0x00 for a
//                     directory whose encoding exceeds 256 KiB: its encoding is then a blob in the
//                     blob service under the same digest (both are BLAKE3 of the encoding).
// A canonical encoding never starts with 0x00 (its first byte is a field tag), so the marker is
// unambiguous. Closures are written children first and the root last, so a visible directory's
// whole closure is always present.
import { B3Digest, Code, StoreError, bucketName, type Directory, type EncodedDirectory } from "@castore/core";
import { casRewrite, touchAtLeader, type BlobService } from "@castore/blob";
import { kvGet, mapConcurrent } from "@castore/service-kit";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { LARGE_DIRECTORY_BYTES, readFully } from "./codec.js";
import { decodeVerified, writeLeavesToRoot, type DirectoryStore } from "./store.js";
const IN_BLOB_STORE = Uint8Array.of(0);
const WRITE_CONCURRENCY = 64;

export interface JetStreamDirectoryOptions {
  readonly prefix: string;
  readonly replicas?: number;
  readonly domain?: string;
  /** Where directories too large for a KV value go (the store's blob service). */
  readonly blobs: BlobService;
}

export class JetStreamDirectoryStore implements DirectoryStore {
  readonly #kv: KV;
  readonly #jsm: JetStreamManager;
  readonly #bucket: string;
  readonly #blobs: BlobService;

  private constructor(kv: KV, jsm: JetStreamManager, bucket: string, blobs: BlobService) {
    this.#kv = kv;
    this.#jsm = jsm;
    this.#bucket = bucket;
    this.#blobs = blobs;
  }

  static async open(nc: NatsConnection, opts: JetStreamDirectoryOptions): Promise<JetStreamDirectoryStore> {
    const jsOpts = opts.domain ? { domain: opts.domain } : {};
    const bucket = bucketName(opts.prefix, "dirs");
    const kv = await new Kvm(jetstream(nc, jsOpts)).create(bucket, {
      history: 1,
      replicas: opts.replicas ?? 1,
      maxValueSize: LARGE_DIRECTORY_BYTES + 4096,
    });
    return new JetStreamDirectoryStore(kv, await jetstreamManager(nc, jsOpts), bucket, opts.blobs);
  }

  #raw(digest: B3Digest, mustExist: boolean): Promise<Uint8Array | null> {
    // A child named by a stored parent must exist: a miss is confirmed by the stream leader
    // (a lagging replica may have answered); a timeout stays an error, never "missing".
    return kvGet({ kv: this.#kv, jsm: this.#jsm, bucket: this.#bucket }, digest.toHex(), mustExist);
  }

  async getMany(digests: readonly B3Digest[], opts: { mustExist?: boolean } = {}): Promise<(Directory | null)[]> {
    // A batch (up to 1024) goes out at once: direct gets are cheap and pipelined on one connection.
    return mapConcurrent(digests, 1024, async (digest) => {
      const raw = await this.#raw(digest, opts.mustExist ?? false);
      if (raw === null) return null;
      if (raw.length === 1 && raw[0] === 0) {
        const bytes = await readFully(this.#blobs, digest);
        if (bytes === null) throw new StoreError(Code.Internal, `directory ${digest} is marked as a blob, but the blob is missing`);
        return decodeVerified(digest, bytes);
      }
      return decodeVerified(digest, raw);
    });
  }

  async putClosure(root: B3Digest, leavesToRoot: AsyncIterable<EncodedDirectory>): Promise<void> {
    // A stored directory's closure is complete (roots are written last): only touched, for castore
    // gc. If a sweep took it meanwhile, the closure is written again (also after a replica's stale
    // miss: harmless, so no leader is asked here).
    if (await this.#touchDirect(root.toHex())) return;
    await writeLeavesToRoot(root, leavesToRoot, WRITE_CONCURRENCY, (dir) => this.#write(dir));
  }

  /**
   * Renews a stored directory's age for castore gc with a compare-and-set rewrite of its record (a
   * young directory keeps its whole closure; a sweep that saw the old revision cannot remove it);
   * false if it is not stored (any more).
   */
  async touch(hex: string): Promise<boolean> {
    if (await this.#touchDirect(hex)) return true;
    // A direct get may come from a replica that is not yet current: only the leader says "gone".
    return touchAtLeader({ kv: this.#kv, jsm: this.#jsm, bucket: this.#bucket }, hex);
  }

  /** The touch on what a direct get shows: true if it landed; false may be a stale replica's answer. */
  async #touchDirect(hex: string): Promise<boolean> {
    const e = await this.#kv.get(hex);
    return e?.operation === "PUT" && (await casRewrite(this.#kv, hex, e.value, e.revision));
  }

  async touchMany(digests: readonly B3Digest[]): Promise<B3Digest[]> {
    const gone: B3Digest[] = [];
    await mapConcurrent(digests, 64, async (d) => {
      if (!(await this.touch(d.toHex()))) gone.push(d);
    });
    return gone;
  }

  async #write(dir: EncodedDirectory): Promise<void> {
    const enc = dir.encode();
    if (enc.length <= LARGE_DIRECTORY_BYTES) {
      await this.#kv.put(dir.digest().toHex(), enc);
      return;
    }
    const r = await this.#blobs.put(enc);
    if (!r.digest.equals(dir.digest())) throw new StoreError(Code.Internal, `blob digest ${r.digest} != directory ${dir.digest()}`);
    await this.#kv.put(dir.digest().toHex(), IN_BLOB_STORE);
  }

  // Maintenance (castore fsck): every record as stored, and removal of broken ones.

  async *keys(): AsyncGenerator<string> {
    for await (const k of await this.#kv.keys()) yield k;
  }

  /**
   * A record as stored, unverified: the canonical encoding, or for a directory kept in the blob
   * service `{ inBlobStore: true }`; null if absent.
   */
  async raw(hex: string): Promise<Uint8Array | { inBlobStore: true } | null> {
    const e = await this.#kv.get(hex);
    if (e?.operation !== "PUT") return null;
    return e.value.length === 1 && e.value[0] === 0 ? { inBlobStore: true } : e.value;
  }

  async remove(hex: string): Promise<void> {
    await this.#kv.purge(hex);
  }

  /** Test hook: overwrite a stored record behind castore's back. */
  async tamper(digest: B3Digest, bytes: Uint8Array): Promise<void> {
    await this.#kv.put(digest.toHex(), bytes);
  }

  async close(): Promise<void> {}
}
