// Protobuf <-> domain conversions for the blob protocol. Decoding validates lengths and raises
// InvalidArgument with the offending value, so handlers never see malformed data.
import { B3Digest, fromLong, invalid, toLong } from "@castore/core";
import type { tvix } from "@castore/proto";
import { MAX_CHUNK_SIZE } from "./chunk-store.js";
import type { ChunkMeta } from "./service.js";

type ChunkMetaProto = tvix.castore.v1.StatBlobResponse.IChunkMeta;

export function chunkMetaToProto(c: ChunkMeta): ChunkMetaProto {
  return { digest: c.digest.bytes, size: toLong(BigInt(c.size)) };
}

export function chunkMetaFromProto(m: ChunkMetaProto, i = 0): ChunkMeta {
  const digest = B3Digest.fromBytes(m.digest ?? new Uint8Array(0), `chunk ${i}: digest`);
  const size = fromLong(m.size as never);
  if (size > BigInt(MAX_CHUNK_SIZE)) throw invalid(`chunk ${i} (${digest}): size ${size} exceeds ${MAX_CHUNK_SIZE}`);
  return { digest, size: Number(size) };
}

export function digestField(bytes: Uint8Array | null | undefined, what = "digest"): B3Digest {
  return B3Digest.fromBytes(bytes ?? new Uint8Array(0), what);
}

/** Sequence hints parallel to `chunks` (0 = none), or [] if none is known. */
export function seqsToProto(chunks: readonly ChunkMeta[]): number[] {
  return chunks.some((c) => c.seq) ? chunks.map((c) => c.seq ?? 0) : [];
}

/** Attaches sequence hints (a parallel list, possibly empty or of Longs) to decoded chunks. */
export function withSeqs(chunks: ChunkMeta[], seqs: readonly unknown[] | null | undefined): ChunkMeta[] {
  if (!seqs || seqs.length !== chunks.length) return chunks;
  return chunks.map((c, i) => {
    const n = Number(seqs[i] as number);
    return Number.isSafeInteger(n) && n > 0 ? { ...c, seq: n } : c;
  });
}
