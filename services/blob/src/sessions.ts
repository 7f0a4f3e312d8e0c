// Put sessions: uploads at wire speed. A session lives on the one replica that opened it; the
// client sends every batch of a blob to that replica's own subject. The replica stores the chunks
// it is sent (as put_chunks does) and hashes the blob's tree in chunk order as batches arrive —
// batches are taken in order of their first index (a later one waits its turn; the client's window
// bounds how many wait), and chunks the client did not send (the store had them) are read back
// from the store. At commit the tree's root is compared with the digest and the blob becomes
// visible without reading it back. Bounded: a few sessions per replica, each closed after a minute
// without traffic; a session that is gone makes the client fall back to put_chunks + commit.
import { randomBytes } from "node:crypto";
import { B3Digest, Code, StoreError, blake3, invalid, notFound } from "@castore/core";
import { TreeHasher } from "@castore/blake3-tree";
import { checkChunkSize, type ChunkStore, type PutChunkResult } from "./chunk-store.js";
import { checkChunkBounds } from "./chunked.js";
import type { ChunkMeta } from "./service.js";

export type SessionItem = { readonly data: Uint8Array } | { readonly meta: ChunkMeta };

const MAX_SESSIONS = 16;
const IDLE_MS = 60_000;

interface Session {
  readonly tree: TreeHasher;
  readonly metas: ChunkMeta[];
  size: bigint;
  /** Index of the next chunk to hash. */
  next: number;
  wake: (() => void)[];
  lastActive: number;
  failed: StoreError | null;
}

export class PutSessions {
  readonly #store: ChunkStore;
  readonly #sessions = new Map<string, Session>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(store: ChunkStore) {
    this.#store = store;
    this.#sweeper = setInterval(() => this.#sweep(), IDLE_MS / 4);
    this.#sweeper.unref();
  }

  open(): Uint8Array {
    this.#sweep();
    if (this.#sessions.size >= MAX_SESSIONS) throw new StoreError(Code.Unavailable, `this replica has ${MAX_SESSIONS} put sessions open; put without one`);
    const id = randomBytes(16);
    this.#sessions.set(id.toString("hex"), { tree: new TreeHasher(), metas: [], size: 0n, next: 0, wake: [], lastActive: Date.now(), failed: null });
    return id;
  }

  #get(id: Uint8Array): Session {
    const s = this.#sessions.get(Buffer.from(id).toString("hex"));
    if (!s) throw notFound("put session not found (it expired, or another replica opened it); put without one");
    if (s.failed) throw s.failed;
    s.lastActive = Date.now();
    return s;
  }

  async #turn(s: Session, index: number): Promise<void> {
    while (s.next !== index) {
      if (s.failed) throw s.failed;
      if (s.next > index) throw invalid(`put session: chunk ${index} was already received`);
      await new Promise<void>((r) => s.wake.push(r));
    }
  }

  #advance(s: Session, to: number): void {
    s.next = to;
    const w = s.wake;
    s.wake = [];
    for (const f of w) f();
  }

  /** Stores the data items and, in chunk order, hashes every item into the session's tree. */
  async put(id: Uint8Array, first: number, items: readonly SessionItem[]): Promise<PutChunkResult[]> {
    const s = this.#get(id);
    const datas = items.filter((i): i is { data: Uint8Array } => "data" in i).map((i) => i.data);
    datas.forEach((d, k) => checkChunkSize(d.length, `chunk ${k}`));
    // Stored at once (in parallel with other batches); hashed in order below.
    const results = datas.length > 0 ? await this.#store.putChunks(datas) : [];
    await this.#turn(s, first);
    try {
      let k = 0;
      for (const item of items) {
        let data: Uint8Array;
        let meta: ChunkMeta;
        if ("data" in item) {
          data = item.data;
          const r = results[k++]!;
          meta = r.seq ? { digest: r.digest, size: data.length, seq: r.seq } : { digest: r.digest, size: data.length };
        } else {
          meta = item.meta;
          const back = await this.#store.getChunk(meta.digest);
          if (back === null || back.length !== meta.size || !meta.digest.equals(blake3(back))) {
            throw invalid(`put session: chunk ${meta.digest} (${meta.size} bytes) was not sent and the store does not have it as such`);
          }
          data = back;
        }
        s.tree.update(data);
        s.size += BigInt(data.length);
        s.metas.push(meta);
      }
      this.#advance(s, first + items.length);
      return results;
    } catch (e) {
      s.failed = e instanceof StoreError ? e : new StoreError(Code.Internal, "put session failed", { cause: e });
      this.#advance(s, s.next);
      throw e;
    }
  }

  /** Waits for every batch, checks the root against `digest`, and makes the blob visible. */
  async commit(id: Uint8Array, digest: B3Digest, total: number): Promise<bigint> {
    const s = this.#get(id);
    await this.#turn(s, total);
    this.#sessions.delete(Buffer.from(id).toString("hex"));
    checkChunkBounds(s.metas);
    const { root, levels } = s.tree.finish();
    const actual = B3Digest.fromBytes(root);
    if (!actual.equals(digest)) throw invalid(`blob digest mismatch: the commit claims ${digest}, the chunks hash to ${actual}`);
    await this.#store.commitVerified!(digest, s.metas, s.size, levels);
    return s.size;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [k, s] of this.#sessions) {
      if (now - s.lastActive < IDLE_MS) continue;
      s.failed = new StoreError(Code.NotFound, "put session expired; put without one");
      this.#advance(s, s.next);
      this.#sessions.delete(k);
    }
  }

  close(): void {
    clearInterval(this.#sweeper);
  }
}
