// @castore/core: the formats every castore service and tool shares. Test fixtures and the Nix
// test helpers are not part of it: they live in @castore/core/testing.

// Errors: the closed set of codes and the one error class
export {
  Code,
  StoreError,
  decodeOrInvalid,
  hasCode,
  invalid,
  isStoreError,
  isUpstreamUnavailable,
  notFound,
  showBytes,
  toStoreError,
  transientReason,
  upstreamUnavailable,
  viaUpstream,
  type Upstream,
} from "./errors.js";

// Hashing and chunking
export { blake3, blake3Backend, blake3Matches, createBlake3 } from "./blake3.js";
export type { Blake3Hasher } from "./blake3.js";
export { B3Digest, DIGEST_LENGTH, EMPTY_BLAKE3 } from "./digest.js";
export { FASTCDC_DEFAULTS, FastCdc, chunk, fastcdcBackend } from "./fastcdc.js";
export type { FastCdcOptions } from "./fastcdc.js";

// Packs: the small files of a directory stored together for locality
export { PACK_FILE_MAX, PACK_MAX_BYTES, PACK_PART_BYTES, PACK_PART_ENTRIES, checkPack, decodePack, encodePack, packLayout, parsePack, verifiedPackBlobs } from "./packs.js";
export type { DecodedPack, PackEntry, RawPack } from "./packs.js";

// Nodes, directories and directory closures
export { directoryNode, fileNode, renameNode, symlinkNode, validateNode } from "./nodes.js";
export type { DirectoryNode, FileNode, Node, SymlinkNode } from "./nodes.js";
export { Directory, decodeNode, encodeNode, fromLong, nodeFromProto, nodeToProto, toLong } from "./directory.js";
export type { EncodedDirectory } from "./directory.js";
export { LeavesToRootValidator, RootToLeavesValidator } from "./graph.js";
export type { ExternalReference, ValidatedUpload } from "./graph.js";

// NAR: render, parse, restore to disk, ingest into castore; hash a local path
export { NarFraming, joinPath, narOfPath, renderNar } from "./nar-writer.js";
export type { NarSources } from "./nar-writer.js";
export { readNar } from "./nar-parse.js";
export type { NarEvent, NarReader, NarSource, NarSummary } from "./nar-parse.js";
export { restoreNar } from "./nar-restore.js";
export { ingestNar } from "./nar-ingest.js";
export type { NarIngestResult, NarIngestSinks } from "./nar-ingest.js";
export { hashPath } from "./hash-path.js";
export type { FileInfo, FileSink, HashPathOptions, PathHash } from "./hash-path.js";

// Nix formats: nixbase32, content addresses, store paths, narinfo, signatures
export { nixbase32Decode, nixbase32Encode } from "./nixbase32.js";
export { caHash, formatCaHash, parseCaHash } from "./ca-hash.js";
export type { CaHash, CaHashAlgo, CaHashType } from "./ca-hash.js";
export {
  STORE_DIR,
  caStorePath,
  caStorePathFlat,
  caStorePathRecursive,
  formatStorePath,
  parseStorePath,
  parseStorePathWithSubpath,
  storePath,
  storePathBasename,
} from "./store-path.js";
export type { StorePath, StorePathForm, StorePathWithSubpath } from "./store-path.js";
export { parseNarInfo, renderNarInfo } from "./narinfo.js";
export type { NarInfo } from "./narinfo.js";
export { SigningKey, VerifyingKey, fingerprint, formatSignature, parseSignature } from "./signing.js";
export type { FingerprintInput, Signature } from "./signing.js";

// Path info
export {
  anonymousNodeBytes,
  decodePathInfo,
  encodePathInfo,
  makePathInfo,
  pathInfoFingerprint,
  pathInfoFromProto,
  pathInfoToProto,
  validatePathInfo,
} from "./path-info.js";
export type { PathInfo } from "./path-info.js";

// NATS plumbing shared by the services and their clients: subjects, request/reply with retries
export { DEFAULT_PREFIX, blobReplicaSubject, blobSubjects, bucketName, directorySubjects, pathInfoSubjects, validatePrefix } from "./subjects.js";
export { ATTEMPT_BASE_MS, ERROR_CODE_HEADER, ERROR_HEADER, UPSTREAM_HEADER, attemptTimeout, requestWithRetry } from "./rpc.js";
export type { Requester, RequestOptions, RetryOptions, RpcMsg } from "./rpc.js";
export { REQUEST_ID_HEADER, currentRequestId, newRequestId, validRequestId, withRequestId } from "./request-id.js";

// Small helpers: reading a byte stream whole
export { readAll } from "./streams.js";

