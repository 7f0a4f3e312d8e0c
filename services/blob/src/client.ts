// The NATS client of the blob service. NatsChunkStore speaks the protocol of docs/PROTOCOL.md
// (retries, paging, coalescing of small calls); NatsBlobService puts the shared chunked pipeline
// on top, so uploads send only missing chunks and reads are windowed and verified client-side.
import {
  B3Digest,
  Code,
  EMPTY_BLAKE3,
  StoreError,
  attemptTimeout,
  bucketName,
  isStoreError,
  blobSubjects,
  hasCode,
  requestWithRetry,
  type RetryOptions,
} from "@castore/core";
import { castore, tvix } from "@castore/proto";
import { createInbox, type Msg, type NatsConnection, type Subscription } from "@nats-io/nats-core";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { BLOB_LIMITS as LIMITS, Batcher, requestHeaders, usablePayload } from "@castore/service-kit";
import { ChunkedBlobService, type ChunkedOptions } from "./chunked.js";
import { chunkBySeq } from "./jetstream.js";
import type { ChunkHealth, ChunkStore, PutChunkResult, PutSession, StoredBlob } from "./chunk-store.js";
import { chunkMetaFromProto, chunkMetaToProto, digestField, withSeqs } from "./codec.js";
import type { ChunkMeta } from "./service.js";

const pb = castore.nats.v1;

export interface NatsBlobOptions extends RetryOptions {
  readonly prefix: string;
  /**
   * Direct-read mode: fetch chunks straight from the store's chunk bucket with JetStream direct
   * gets, skipping the service hop (everything is verified here anyway). Needs the NATS
   * permission to publish to `$JS.API.DIRECT.GET.KV_castore-chunks_<p>`; without it the first read
   * fails saying so. The service stays the default path.
   */
  readonly directRead?: boolean;
  /**
   * Relayed reads (default on): the service has JetStream send chunks straight to this client
   * (PROTOCOL.md "Relayed reads"); false asks the service's `chunk` for every chunk.
   */
  readonly relayReads?: boolean;
  /** JetStream domain of the buckets, for direct reads. */
  readonly domain?: string;
}

/**
 * Reads chunks with JetStream direct gets on the chunk bucket's stream (no stream info, no KV
 * handle: a reader needs only the direct-get permission). The first use checks the permission.
 */
class DirectChunks {
  readonly #jsm: Promise<JetStreamManager>;
  readonly #stream: string;
  readonly #bucket: string;
  #checked: Promise<void> | null = null;

  constructor(nc: NatsConnection, prefix: string, domain: string | undefined) {
    this.#bucket = bucketName(prefix, "chunks");
    this.#stream = `KV_${this.#bucket}`;
    this.#jsm = jetstreamManager(nc, { checkAPI: false, ...(domain ? { domain } : {}) });
  }

  async get(digest: B3Digest, seq?: number): Promise<Uint8Array | null> {
    this.#checked ??= this.#check();
    await this.#checked;
    const jsm = await this.#jsm;
    if (seq) {
      const hinted = await chunkBySeq(jsm, this.#bucket, digest, seq);
      if (hinted !== null) return hinted;
    }
    const m = await jsm.direct.getMessage(this.#stream, { last_by_subj: `$KV.${this.#bucket}.${digest.toHex()}` });
    if (m === null || m.data.length === 0) return null;
    const op = m.header?.get("KV-Operation");
    return op === "DEL" || op === "PURGE" ? null : m.data;
  }

  async #check(): Promise<void> {
    const jsm = await this.#jsm;
    try {
      await jsm.direct.getMessage(this.#stream, { last_by_subj: `$KV.${this.#bucket}.probe` });
    } catch (e) {
      this.#checked = null;
      const msg = (e as Error).message ?? String(e);
      throw new StoreError(
        Code.InvalidArgument,
        `direct reads of the chunk bucket ${this.#bucket} are not possible with this NATS user (${msg}); ` +
          `grant publish on $JS.API.DIRECT.GET.${this.#stream}, or read through the blob service (the default)`,
        { cause: e },
      );
    }
  }
}

/**
 * Relayed reads (PROTOCOL.md): the client names chunks to the service, the service has JetStream
 * send them straight here, one direct-get reply per chunk on `<inbox>.<token>`. Half the bytes of
 * a read through the service cross nats-server, and the service touches none of them. Anything
 * that does not come (a stale replica's 404, a lost reply, an older service) resolves `undefined`:
 * the caller then asks the service's `chunk`, which answers authoritatively. The bytes are verified
 * by the caller like any others.
 */
class RelayReader {
  readonly #nc: NatsConnection;
  readonly #subject: string;
  readonly #timeoutMs: number;
  readonly #batcher: Batcher<{ digest: B3Digest; seq: number }, Uint8Array | undefined>;
  #sub: Subscription | null = null;
  #inbox = "";
  #next = 0;
  readonly #pending = new Map<number, { hex: string; done: (d: Uint8Array | undefined) => void }>();
  /** Until when relaying is off (the service has no relay, or refused it). */
  #offUntil = 0;

  constructor(nc: NatsConnection, subject: string, timeoutMs: number) {
    this.#nc = nc;
    this.#subject = subject;
    this.#timeoutMs = timeoutMs;
    this.#batcher = new Batcher((ds) => this.#send(ds), { maxItems: LIMITS.relayChunks });
  }

  get(digest: B3Digest, seq = 0): Promise<Uint8Array | undefined> {
    if (Date.now() < this.#offUntil) return Promise.resolve(undefined);
    return this.#batcher.add([{ digest, seq }]).then((r) => r[0]);
  }

  #subscribe(): void {
    if (this.#sub && !this.#sub.isClosed()) return;
    this.#inbox = createInbox();
    this.#sub = this.#nc.subscribe(`${this.#inbox}.*`, { callback: (err, m) => (err ? this.#failAll() : this.#receive(m)) });
  }

  #receive(m: Msg): void {
    const token = Number(m.subject.slice(this.#inbox.length + 1));
    const p = this.#pending.get(token);
    if (!p) return; // timed out already; the service's `chunk` answered it
    this.#pending.delete(token);
    const h = m.headers;
    const op = h?.get("KV-Operation");
    // The reply must be the chunk asked for (its key in Nats-Subject) and a value, not a status.
    const ok = m.data.length > 0 && !h?.hasError && op !== "DEL" && op !== "PURGE" && h?.get("Nats-Subject").endsWith(`.${p.hex}`);
    p.done(ok ? m.data : undefined);
  }

  #failAll(): void {
    for (const [, p] of this.#pending) p.done(undefined);
    this.#pending.clear();
    this.#sub = null;
  }

  async #send(items: { digest: B3Digest; seq: number }[]): Promise<(Uint8Array | undefined)[]> {
    const digests = items.map((it) => it.digest);
    const seqs = items.some((it) => it.seq > 0) ? items.map((it) => it.seq) : [];
    this.#subscribe();
    const first = this.#next;
    this.#next += digests.length;
    const results = digests.map(
      (d, i) =>
        new Promise<Uint8Array | undefined>((resolve) => {
          this.#pending.set(first + i, { hex: d.toHex(), done: resolve });
        }),
    );
    const giveUp = () => {
      for (let i = 0; i < digests.length; i++) {
        const p = this.#pending.get(first + i);
        if (p) {
          this.#pending.delete(first + i);
          p.done(undefined);
        }
      }
    };
    const timer = setTimeout(giveUp, this.#timeoutMs);
    const req = pb.RelayChunksRequest.encode({ digests: digests.map((d) => d.bytes), replyPrefix: this.#inbox, firstToken: first, seqs }).finish();
    try {
      await requestWithRetry(this.#nc, this.#subject, req, { maxAttempts: 1, timeoutMs: this.#timeoutMs, headers: requestHeaders() });
    } catch {
      // No relay here (an older service, another store backend, a refusal, a lost request): these
      // chunks and the next minute's go to `chunk`, which has its own retries.
      this.#offUntil = Date.now() + 60_000;
      giveUp();
    }
    try {
      return await Promise.all(results);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.#failAll();
    this.#sub?.unsubscribe();
  }
}

export class NatsChunkStore implements ChunkStore {
  readonly #nc: NatsConnection;
  readonly #subjects: ReturnType<typeof blobSubjects>;
  readonly #retry: RetryOptions;
  readonly #missing: Batcher<{ digest: B3Digest; hint: number }, boolean>;
  readonly #puts: Batcher<Uint8Array, PutChunkResult>;

  readonly #direct: DirectChunks | null;
  readonly #relay: RelayReader | null;

  constructor(nc: NatsConnection, opts: NatsBlobOptions) {
    this.#nc = nc;
    this.#subjects = blobSubjects(opts.prefix);
    this.#retry = opts;
    this.#direct = opts.directRead ? new DirectChunks(nc, opts.prefix, opts.domain) : null;
    // Inboxes under a custom prefix cannot be relayed to (the service sends only to `_INBOX.`).
    const inboxOk = createInbox().startsWith("_INBOX.") && !(nc as { options?: { inboxPrefix?: string } }).options?.inboxPrefix;
    this.#relay = !this.#direct && opts.relayReads !== false && inboxOk ? new RelayReader(nc, this.#subjects.relay, opts.timeoutMs ?? 10_000) : null;

    this.#missing = new Batcher((ds) => this.#sendMissing(ds), { maxItems: LIMITS.digestsPerQuery });
    this.#puts = new Batcher((cs) => this.#sendPut(cs), {
      maxItems: 1024,
      maxBytes: usablePayload(nc),
      sizeOf: (c) => c.length + 8,
    });
  }

  #request(subject: string, payload: Uint8Array, extra: RetryOptions = {}): Promise<Uint8Array> {
    return requestWithRetry(this.#nc, subject, payload, { ...this.#retry, ...extra, headers: requestHeaders() });
  }

  async #sendMissing(items: { digest: B3Digest; hint: number }[]): Promise<boolean[]> {
    const reply = await this.#request(
      this.#subjects.missing,
      pb.MissingChunksRequest.encode({ digests: items.map((q) => q.digest.bytes), sizeHints: items.map((q) => q.hint) }).finish(),
    );
    const missing = new Set(pb.MissingChunksResponse.decode(reply).missing.map((b) => Buffer.from(b).toString("hex")));
    return items.map((q) => missing.has(q.digest.toHex()));
  }

  async #sendPut(chunks: Uint8Array[]): Promise<PutChunkResult[]> {
    const reply = pb.PutChunksResponse.decode(await this.#request(this.#subjects.putChunks, pb.PutChunksRequest.encode({ chunks }).finish()));
    if (reply.digests.length !== chunks.length) {
      throw new StoreError(Code.Internal, `put_chunks answered ${reply.digests.length} digests for ${chunks.length} chunks`);
    }
    return reply.digests.map((d, i) => ({ digest: digestField(d, `digest ${i}`), existed: reply.existed[i] ?? false }));
  }

  async missingChunks(digests: readonly B3Digest[], sizeHints?: readonly (number | undefined)[]): Promise<B3Digest[]> {
    const flags = await this.#missing.add(digests.map((digest, i) => ({ digest, hint: sizeHints?.[i] ?? 0 })));
    return digests.filter((_, i) => flags[i]);
  }

  putChunks(chunks: readonly Uint8Array[]): Promise<PutChunkResult[]> {
    return this.#puts.add(chunks);
  }

  /**
   * Whether the service answers the operations newer than the first v1 set (chunk, tree): probed
   * with one attempt, so a client talking to an older service falls back at once (and asks again
   * after a minute: a rolling upgrade may bring them).
   */
  #newOpsUntil = 0;
  #newOps = true;

  async #tryNewOp(subject: string, payload: Uint8Array): Promise<Uint8Array | "unsupported"> {
    if (!this.#newOps && Date.now() < this.#newOpsUntil) return "unsupported";
    try {
      const r = await this.#request(subject, payload, { maxAttempts: 1 });
      this.#newOps = true;
      return r;
    } catch (e) {
      if (isStoreError(e) && /no castore blob service answers/.test(e.message)) {
        this.#newOps = false;
        this.#newOpsUntil = Date.now() + 60_000;
        return "unsupported";
      }
      if (hasCode(e, Code.Unavailable)) return this.#request(subject, payload); // a transient failure: retry as usual
      throw e;
    }
  }

  async getChunk(digest: B3Digest, seq?: number): Promise<Uint8Array | null> {
    if (this.#direct) return this.#direct.get(digest, seq);
    if (this.#relay) {
      const relayed = await this.#relay.get(digest, seq);
      if (relayed !== undefined) return relayed;
    }
    const req = tvix.castore.v1.ReadBlobRequest.encode({ digest: digest.bytes }).finish();
    try {
      // The raw reply (no protobuf framing to decode and copy); v1 get_chunk for older services.
      const raw = await this.#tryNewOp(this.#subjects.chunk, req);
      if (raw !== "unsupported") return raw;
      return tvix.castore.v1.BlobChunk.decode(await this.#request(this.#subjects.getChunk, req)).data;
    } catch (e) {
      if (hasCode(e, Code.NotFound)) return null;
      throw e;
    }
  }

  async treePages(digest: B3Digest, level: number, first: number, count: number): Promise<Uint8Array | null | "unsupported"> {
    try {
      return await this.#tryNewOp(this.#subjects.tree, pb.TreePageRequest.encode({ digest: digest.bytes, level, page: first, count }).finish());
    } catch (e) {
      if (hasCode(e, Code.NotFound)) return null;
      throw e;
    }
  }

  /** A put session on the replica that answers (sessions.ts), or null if the service has none. */
  async openSession(): Promise<PutSession | null> {
    let reply: Uint8Array | "unsupported";
    try {
      reply = await this.#tryNewOp(this.#subjects.session, new Uint8Array(0));
    } catch {
      return null; // no session: the plain way works everywhere
    }
    if (reply === "unsupported") return null;
    const { session, subject } = pb.SessionOpenResponse.decode(reply);
    // The replica's own subjects: one attempt each — if it is gone, the caller falls back.
    const once = (s: string, payload: Uint8Array, workBytes = 0) =>
      this.#request(s, payload, { maxAttempts: 1, timeoutMs: attemptTimeout(payload.length, workBytes) });
    return {
      put: async (firstIndex, items) => {
        // Cut into requests that fit a message; the replica takes them in index order anyway.
        const budget = usablePayload(this.#nc);
        const parts: { first: number; items: typeof items }[] = [];
        let start = 0;
        let bytes = 0;
        items.forEach((it, i) => {
          const size = "data" in it ? it.data.length + 16 : 64;
          if (i > start && bytes + size > budget) {
            parts.push({ first: firstIndex + start, items: items.slice(start, i) });
            start = i;
            bytes = 0;
          }
          bytes += size;
        });
        parts.push({ first: firstIndex + start, items: items.slice(start) });
        const replies = await Promise.all(
          parts.map(async (part) => {
            const payload = pb.SessionPutRequest.encode({
              session,
              firstIndex: part.first,
              items: part.items.map((it) => ("data" in it ? { data: it.data } : { meta: chunkMetaToProto(it.meta) })),
            }).finish();
            // Chunks the store has are read back there: allow for that.
            const readBack = part.items.reduce((a, it) => a + ("meta" in it ? it.meta.size : 0), 0);
            return pb.PutChunksResponse.decode(await once(`${subject}.put`, payload, readBack));
          }),
        );
        return replies.flatMap((reply) => reply.digests.map((d, i) => ({ digest: digestField(d, `digest ${i}`), existed: reply.existed[i] ?? false })));
      },
      commit: async (digest, totalChunks) => {
        await once(`${subject}.commit`, pb.SessionCommitRequest.encode({ session, digest: digest.bytes, totalChunks }).finish());
      },
    };
  }

  async putPack(key: string, part: number, pack: Uint8Array): Promise<void> {
    const directory = Buffer.from(key.slice(0, key.indexOf(".")), "hex");
    await this.#request(this.#subjects.packPut, pb.PackPutRequest.encode({ directory, part, pack }).finish());
  }

  async getPack(key: string): Promise<Uint8Array | null> {
    const [hex, part] = key.split(".");
    try {
      const r = await this.#tryNewOp(this.#subjects.packGet, pb.PackGetRequest.encode({ directory: Buffer.from(hex!, "hex"), part: Number(part) }).finish());
      return r === "unsupported" ? null : r;
    } catch (e) {
      if (hasCode(e, Code.NotFound)) return null;
      throw e;
    }
  }

  /** The service builds a missing tree when it is asked for one (tree). */
  async buildTree(): Promise<boolean> {
    return true;
  }

  async recheckChunk(digest: B3Digest): Promise<ChunkHealth> {
    const r = pb.RecheckChunkResponse.decode(
      await this.#request(this.#subjects.recheck, tvix.castore.v1.ReadBlobRequest.encode({ digest: digest.bytes }).finish()),
    );
    return r.ok ? "ok" : r.repaired ? "repaired" : "absent";
  }

  async statBlob(digest: B3Digest): Promise<StoredBlob | null> {
    const chunks: ChunkMeta[] = [];
    let size = 0n;
    let total = 0;
    do {
      let reply: Uint8Array;
      try {
        reply = await this.#request(
          this.#subjects.stat,
          pb.StatBlobPageRequest.encode({ digest: digest.bytes, chunkOffset: chunks.length }).finish(),
        );
      } catch (e) {
        if (hasCode(e, Code.NotFound)) return null;
        throw e;
      }
      const page = pb.StatBlobPage.decode(reply);
      size = BigInt(page.size.toString());
      total = page.totalChunks;
      if (page.chunks.length === 0 && chunks.length < total) {
        throw new StoreError(Code.Internal, `stat of ${digest}: empty page at chunk ${chunks.length} of ${total}`);
      }
      chunks.push(...withSeqs(page.chunks.map((c, i) => chunkMetaFromProto(c, chunks.length + i)), page.chunkSeqs));
    } while (chunks.length < total);
    return { size, chunks };
  }

  async commitBlob(digest: B3Digest, chunks: readonly ChunkMeta[]): Promise<void> {
    const per = LIMITS.chunksPerPage;
    const pages = Math.max(1, Math.ceil(chunks.length / per));
    const page = (p: number): Uint8Array =>
      pb.CommitBlobRequest.encode({
        digest: digest.bytes,
        chunks: chunks.slice(p * per, (p + 1) * per).map(chunkMetaToProto),
        page: p,
        pages,
      }).finish();
    // Staged pages may go to any replica; the last page triggers verification, which reads
    // every chunk back on the server: give it time in proportion to the blob.
    await Promise.all(Array.from({ length: pages - 1 }, (_, p) => this.#request(this.#subjects.commit, page(p))));
    const last = page(pages - 1);
    const blobBytes = chunks.reduce((a, c) => a + c.size, 0);
    await this.#request(this.#subjects.commit, last, { timeoutMs: this.#retry.timeoutMs ?? attemptTimeout(last.length, blobBytes) });
  }

  async close(): Promise<void> {
    this.#relay?.close();
  }
}

/** BlobService over NATS: any number of service replicas behind `<prefix>.blob.v1.*`. */
export class NatsBlobService extends ChunkedBlobService {
  constructor(nc: NatsConnection, opts: NatsBlobOptions & ChunkedOptions) {
    super(new NatsChunkStore(nc, opts), { readWindow: 64, putWindow: 8, batchChunks: 16, ...opts });
  }
}

/** Whether any blob service answers on `prefix` (a cheap stat of the empty blob). */
export async function blobServiceAvailable(nc: NatsConnection, prefix: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    await nc.request(blobSubjects(prefix).stat, pb.StatBlobPageRequest.encode({ digest: EMPTY_BLAKE3.bytes }).finish(), {
      timeout: timeoutMs,
    });
    return true;
  } catch {
    return false;
  }
}
