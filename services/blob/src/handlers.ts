// Blob protocol handlers: request bytes in, reply bytes out, no NATS connection (server.ts binds
// them to subjects). Every input is decoded and validated here; a handler throws StoreError and
// the binding turns it into the service-error headers.
import { Code, EMPTY_BLAKE3, StoreError, decodeOrInvalid, invalid, notFound, toLong, type B3Digest } from "@castore/core";
import { castore, tvix } from "@castore/proto";
import { checkChunkSize, type ChunkStore } from "./chunk-store.js";
import { checkSameChunks } from "./chunked.js";
import type { PutSessions } from "./sessions.js";
import { levelCounts } from "@castore/blake3-tree";
import { TREE_PAGES_PER_REQUEST, TREE_PAGE_CVS } from "./tree.js";
import { chunkMetaFromProto, chunkMetaToProto, digestField, seqsToProto } from "./codec.js";
import type { ChunkMeta } from "./service.js";
import { BLOB_LIMITS as LIMITS, type Handler, type PageStaging } from "@castore/service-kit";

const pb = castore.nats.v1;

export interface BlobHandlers {
  stat: Handler;
  missing: Handler;
  putChunks: Handler;
  getChunk: Handler;
  commit: Handler;
  recheck: Handler;
  tree: Handler;
  chunk: Handler;
  session: Handler;
  sessionPut: Handler;
  sessionCommit: Handler;
  relay: Handler;
  packPut: Handler;
  packGet: Handler;
}

/** Only inboxes: JetStream sends chunk bytes there, so any other subject would make this service a confused deputy. */
const RELAY_PREFIX = /^_INBOX\.[A-Za-z0-9_-]{1,64}(\.[A-Za-z0-9_-]{1,64}){0,3}$/;

export function blobHandlers(store: ChunkStore, staging: PageStaging, sessions?: { sessions: PutSessions; subject: string }): BlobHandlers {
  const noSessions = (): never => {
    throw new StoreError(Code.Unavailable, "this blob service keeps no put sessions; put without one");
  };
  return {
    async session(request) {
      if (request.length > 0) throw invalid(`session takes an empty request, got ${request.length} bytes`);
      if (!sessions) return noSessions();
      return pb.SessionOpenResponse.encode({ session: sessions.sessions.open(), subject: sessions.subject }).finish();
    },

    async sessionPut(request) {
      if (!sessions) return noSessions();
      const req = decodeOrInvalid("SessionPutRequest", (b) => pb.SessionPutRequest.decode(b), request);
      const items = req.items.map((it, i) =>
        it.data && it.data.length > 0 ? { data: it.data } : { meta: chunkMetaFromProto(it.meta ?? {}, req.firstIndex + i) },
      );
      const results = await sessions.sessions.put(req.session, req.firstIndex, items);
      return pb.PutChunksResponse.encode({ digests: results.map((r) => r.digest.bytes), existed: results.map((r) => r.existed) }).finish();
    },

    async sessionCommit(request) {
      if (!sessions) return noSessions();
      const req = decodeOrInvalid("SessionCommitRequest", (b) => pb.SessionCommitRequest.decode(b), request);
      const size = await sessions.sessions.commit(req.session, digestField(req.digest), req.totalChunks);
      return pb.CommitBlobResponse.encode({ committed: true, size: toLong(size) }).finish();
    },

    async relay(request) {
      const req = decodeOrInvalid("RelayChunksRequest", (b) => pb.RelayChunksRequest.decode(b), request);
      if (!store.relayChunks) throw new StoreError(Code.Unavailable, "this blob service's store cannot relay reads; ask chunk");
      if (req.digests.length > LIMITS.relayChunks) {
        throw new StoreError(Code.TooLarge, `${req.digests.length} chunks in one relay request; at most ${LIMITS.relayChunks}`);
      }
      if (!RELAY_PREFIX.test(req.replyPrefix)) {
        throw invalid(`relay reply_prefix ${JSON.stringify(req.replyPrefix.slice(0, 100))} is not an inbox (_INBOX.<token>[.<token>]…)`);
      }
      const seqs = req.seqs.length === req.digests.length ? req.seqs.map((s) => Math.max(0, Number(s))) : [];
      store.relayChunks(
        req.digests.map((d, i) => digestField(d, `digest ${i}`)),
        seqs.every((s) => Number.isSafeInteger(s)) ? seqs : [],
        req.replyPrefix,
        req.firstToken,
      );
      return new Uint8Array(0);
    },

    async packPut(request) {
      const req = decodeOrInvalid("PackPutRequest", (b) => pb.PackPutRequest.decode(b), request);
      const dir = digestField(req.directory, "directory");
      if (!store.putPack) throw new StoreError(Code.Unavailable, "this blob service's store keeps no packs");
      await store.putPack(`${dir.toHex()}.${req.part}`, req.part, req.pack);
      return new Uint8Array(0);
    },

    async packGet(request) {
      const req = decodeOrInvalid("PackGetRequest", (b) => pb.PackGetRequest.decode(b), request);
      const dir = digestField(req.directory, "directory");
      const pack = store.getPack ? await store.getPack(`${dir.toHex()}.${req.part}`) : null;
      if (pack === null) throw notFound(`no pack part ${req.part} for directory ${dir}`);
      return pack;
    },

    async stat(request) {
      const req = decodeOrInvalid("StatBlobPageRequest", (b) => pb.StatBlobPageRequest.decode(b), request);
      const digest = digestField(req.digest);
      if (digest.equals(EMPTY_BLAKE3)) return pb.StatBlobPage.encode({}).finish();
      const st = await store.statBlob(digest);
      if (st === null) throw notFound(`blob ${digest} not found`);
      if (req.chunkOffset > st.chunks.length) {
        throw invalid(`chunk_offset ${req.chunkOffset} is past the ${st.chunks.length} chunks of blob ${digest}`);
      }
      const page = st.chunks.slice(req.chunkOffset, req.chunkOffset + LIMITS.chunksPerPage);
      return pb.StatBlobPage.encode({
        size: toLong(st.size),
        totalChunks: st.chunks.length,
        chunks: page.map(chunkMetaToProto),
        chunkSeqs: seqsToProto(page),
      }).finish();
    },

    async missing(request) {
      const req = decodeOrInvalid("MissingChunksRequest", (b) => pb.MissingChunksRequest.decode(b), request);
      if (req.digests.length > LIMITS.digestsPerQuery) {
        throw new StoreError(Code.TooLarge, `${req.digests.length} digests in one query; at most ${LIMITS.digestsPerQuery}`);
      }
      const digests = req.digests.map((d, i) => digestField(d, `digest ${i}`));
      const hints = req.sizeHints.length === digests.length ? req.sizeHints.map((h) => h || undefined) : undefined;
      const missing = await store.missingChunks(digests, hints);
      return pb.MissingChunksResponse.encode({ missing: missing.map((d) => d.bytes) }).finish();
    },

    async putChunks(request) {
      const req = decodeOrInvalid("PutChunksRequest", (b) => pb.PutChunksRequest.decode(b), request);
      req.chunks.forEach((c, i) => checkChunkSize(c.length, `chunk ${i}`));
      const results = await store.putChunks(req.chunks);
      return pb.PutChunksResponse.encode({ digests: results.map((r) => r.digest.bytes), existed: results.map((r) => r.existed) }).finish();
    },

    async getChunk(request) {
      const req = decodeOrInvalid("ReadBlobRequest", (b) => tvix.castore.v1.ReadBlobRequest.decode(b), request);
      const digest = digestField(req.digest);
      const data = await store.getChunk(digest);
      if (data === null) throw notFound(`chunk ${digest} not found`);
      return tvix.castore.v1.BlobChunk.encode({ data }).finish();
    },

    async tree(request) {
      const req = decodeOrInvalid("TreePageRequest", (b) => pb.TreePageRequest.decode(b), request);
      const digest = digestField(req.digest);
      const count = Math.max(1, req.count);
      if (count > TREE_PAGES_PER_REQUEST) throw new StoreError(Code.TooLarge, `${count} tree pages in one request; at most ${TREE_PAGES_PER_REQUEST}`);
      let pages = await store.treePages(digest, req.level, req.page, count);
      if (pages === "unsupported") throw new StoreError(Code.Unavailable, "this blob service's store cannot give trees");
      if (pages === null) {
        // No tree (yet): a blob committed before trees existed gets it now, verified on the way.
        const st = await store.statBlob(digest);
        if (st === null) throw notFound(`blob ${digest} not found`);
        if (st.chunks.length === 0) throw invalid(`blob ${digest} is a single chunk and has no tree: its chunk digest is the blob digest`);
        const counts = levelCounts(st.size);
        if (req.level >= counts.length || req.page * TREE_PAGE_CVS >= counts[req.level]!) {
          throw invalid(`blob ${digest} has no tree page ${req.page} at level ${req.level} (${counts.length} levels)`);
        }
        await store.buildTree(digest);
        pages = await store.treePages(digest, req.level, req.page, count);
        if (pages === null || pages === "unsupported") throw invalid(`blob ${digest} has no tree page ${req.page} at level ${req.level}`);
      }
      return pages;
    },

    async chunk(request) {
      const req = decodeOrInvalid("ReadBlobRequest", (b) => tvix.castore.v1.ReadBlobRequest.decode(b), request);
      const digest = digestField(req.digest);
      const data = await store.getChunk(digest);
      if (data === null) throw notFound(`chunk ${digest} not found`);
      return data;
    },

    async recheck(request) {
      const req = decodeOrInvalid("ReadBlobRequest", (b) => tvix.castore.v1.ReadBlobRequest.decode(b), request);
      const health = await store.recheckChunk(digestField(req.digest));
      return pb.RecheckChunkResponse.encode({ ok: health === "ok", repaired: health === "repaired" }).finish();
    },

    async commit(request) {
      const req = decodeOrInvalid("CommitBlobRequest", (b) => pb.CommitBlobRequest.decode(b), request);
      const digest = digestField(req.digest);
      const pages = Math.max(1, req.pages);
      if (pages > LIMITS.commitPages) throw new StoreError(Code.TooLarge, `${pages} commit pages; at most ${LIMITS.commitPages}`);
      if (req.page >= pages) throw invalid(`commit page ${req.page} of ${pages} does not exist`);
      if (req.chunks.length > LIMITS.chunksPerPage) {
        throw new StoreError(Code.TooLarge, `${req.chunks.length} chunks in one commit page; at most ${LIMITS.chunksPerPage}`);
      }
      const chunks: ChunkMeta[] = req.chunks.map((c, i) => chunkMetaFromProto(c, req.page * LIMITS.chunksPerPage + i));
      if (req.page < pages - 1) {
        if (chunks.length !== LIMITS.chunksPerPage) {
          throw invalid(`commit page ${req.page} of ${pages} has ${chunks.length} chunks; all but the last page have ${LIMITS.chunksPerPage}`);
        }
        // A page for a blob that is already visible must match its index (its last page is answered
        // from the index too); any other page is worth keeping only if its chunks are all stored: a
        // commit naming chunks never uploaded is refused now, not after it filled the staging bucket.
        const visible = await store.statBlob(digest);
        if (visible !== null && visible.chunks.length > 0) {
          const from = req.page * LIMITS.chunksPerPage;
          checkSameChunks(digest, visible.chunks.slice(from, from + LIMITS.chunksPerPage), chunks);
          return pb.CommitBlobResponse.encode({ committed: false }).finish();
        }
        await requirePresent(store, digest, chunks, req.page * LIMITS.chunksPerPage);
        await staging.put(`${digest}.${pages}`, req.page, request);
        return pb.CommitBlobResponse.encode({ committed: false }).finish();
      }
      // A commit of a blob that is already visible (a retry whose reply was lost, or a repeat)
      // is answered from its index: its staged pages may be gone, but this page must match.
      const stored = pages > 1 ? await store.statBlob(digest) : null;
      if (stored !== null && stored.chunks.length > 0) {
        const from = (pages - 1) * LIMITS.chunksPerPage;
        if (stored.chunks.length !== from + chunks.length) {
          throw invalid(`blob ${digest} is already stored with ${stored.chunks.length} chunks; this commit names ${from + chunks.length}`);
        }
        checkSameChunks(digest, stored.chunks.slice(from), chunks);
        return pb.CommitBlobResponse.encode({ committed: true, size: toLong(stored.size) }).finish();
      }
      const all: ChunkMeta[] = [];
      for (let p = 0; p < pages - 1; p++) {
        const staged = await staging.get(`${digest}.${pages}`, p);
        if (staged === null) throw invalid(`commit page ${p} of ${pages} for blob ${digest} was not received; send it again`);
        all.push(...pb.CommitBlobRequest.decode(staged).chunks.map((c, i) => chunkMetaFromProto(c, p * LIMITS.chunksPerPage + i)));
      }
      all.push(...chunks);
      await store.commitBlob(digest, all);
      if (pages > 1) await staging.delete(`${digest}.${pages}`, pages - 1);
      const size = all.reduce((a, c) => a + BigInt(c.size), 0n);
      return pb.CommitBlobResponse.encode({ committed: true, size: toLong(size) }).finish();
    },
  };
}

/** Refuses (400) a commit page naming a chunk the store does not have, with its index. */
async function requirePresent(store: ChunkStore, blob: B3Digest, chunks: readonly ChunkMeta[], first: number): Promise<void> {
  const missing = await store.missingChunks(
    chunks.map((c) => c.digest),
    chunks.map((c) => c.size),
  );
  if (missing.length === 0) return;
  const i = chunks.findIndex((c) => c.digest.equals(missing[0]!));
  throw invalid(
    `commit of blob ${blob} names ${missing.length} chunk(s) the store does not have, first chunk ${first + i} (${missing[0]}); upload chunks before committing`,
  );
}
