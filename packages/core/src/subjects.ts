// Every NATS subject and JetStream bucket name castore uses is built here, from the store's
// subject prefix (default "castore"). The prefix is how several stores or tenants share one
// NATS, and how permissions are written: `<prefix>.<service>.v1.<operation>`.
import { invalid } from "./errors.js";

export const DEFAULT_PREFIX = "castore";

const PREFIX = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Throws InvalidArgument unless `prefix` is one or more plain subject tokens. */
export function validatePrefix(prefix: string): string {
  if (!PREFIX.test(prefix) || prefix.length > 128) {
    throw invalid(
      `invalid subject prefix ${JSON.stringify(prefix)}: use dot-separated tokens of letters, digits, "_" and "-"`,
    );
  }
  return prefix;
}

export function blobSubjects(prefix: string) {
  const p = `${validatePrefix(prefix)}.blob.v1`;
  return {
    /** StatBlobPageRequest -> StatBlobPage */
    stat: `${p}.stat`,
    /** MissingChunksRequest -> MissingChunksResponse */
    missing: `${p}.missing`,
    /** PutChunksRequest -> PutChunksResponse */
    putChunks: `${p}.put_chunks`,
    /** ReadBlobRequest -> BlobChunk (one whole chunk) */
    getChunk: `${p}.get_chunk`,
    /** CommitBlobRequest -> CommitBlobResponse */
    commit: `${p}.commit`,
    /** ReadBlobRequest (a chunk digest) -> RecheckChunkResponse: self-repair after a bad read */
    recheck: `${p}.recheck`,
    /** TreePageRequest -> raw page of chaining values (verified ranges) */
    tree: `${p}.tree`,
    /** ReadBlobRequest -> the chunk's bytes, raw (no protobuf framing or copy) */
    chunk: `${p}.chunk`,
    /** (empty) -> SessionOpenResponse: a put session on the replica that answers */
    session: `${p}.session`,
    /** RelayChunksRequest -> (empty): JetStream sends the chunks straight to the client's inbox */
    relay: `${p}.relay`,
    /** PackPutRequest -> (empty): store a checked pack part */
    packPut: `${p}.pack_put`,
    /** PackGetRequest -> the pack part, raw */
    packGet: `${p}.pack_get`,
  } as const;
}

/** The subjects of one blob-service replica's put sessions: `<this>.put`, `<this>.commit`. */
export function blobReplicaSubject(prefix: string, replicaId: string): string {
  return `${validatePrefix(prefix)}.blob.v1.replica.${replicaId}`;
}

/**
 * The JetStream KV bucket of `kind` for a store. Kind comes first and contains no "_", and the
 * prefix is escaped injectively ("_" -> "__", "." -> "_d"), so two prefixes never share a bucket.
 */
export function bucketName(prefix: string, kind: string): string {
  const enc = validatePrefix(prefix).replaceAll("_", "__").replaceAll(".", "_d");
  return `castore-${kind}_${enc}`;
}

export function directorySubjects(prefix: string) {
  const p = `${validatePrefix(prefix)}.directory.v1`;
  return {
    /** GetDirectoriesRequest -> GetDirectoriesResponse (batch get; recursion is client-side) */
    get: `${p}.get`,
    /** PutDirectoriesRequest -> PutDirectoriesResponse (paged closure upload) */
    put: `${p}.put`,
  } as const;
}

export function pathInfoSubjects(prefix: string) {
  const p = `${validatePrefix(prefix)}.pathinfo.v1`;
  return {
    /** tvix.store.v1.GetPathInfoRequest -> tvix.store.v1.PathInfo */
    get: `${p}.get`,
    /** tvix.store.v1.PathInfo -> tvix.store.v1.PathInfo (as stored) */
    put: `${p}.put`,
    /** castore.nats.v1.ListPathInfoPageRequest -> castore.nats.v1.PathInfoPage */
    list: `${p}.list`,
    /** tvix.castore.v1.Node (anonymous) -> tvix.store.v1.CalculateNARResponse */
    calculateNar: `${p}.calculate_nar`,
  } as const;
}
