// PathInfo: a Nix store path bound to its castore root node, with the narinfo metadata.
// Validation follows tvix store/src/proto/mod.rs and path_info.rs (reference §1.7); the proto
// form is tvix.store.v1.PathInfo, whose deriver name omits ".drv" (the domain form keeps it, as
// narinfo does).
import { tvix } from "@castore/proto";
import { caHashFromProto, caHashToProto, type CaHash } from "./ca-hash.js";
import { encodeNode, fromLong, nodeFromProto, nodeToProto, toLong } from "./directory.js";
import { decodeOrInvalid, invalid } from "./errors.js";
import { renameNode, validateNode, type Node } from "./nodes.js";
import { SIGNATURE_LENGTH, fingerprint, type Signature } from "./signing.js";
import {
  STORE_PATH_DIGEST_LENGTH,
  formatStorePath,
  parseStorePath,
  storePath,
  storePathBasename,
  type StorePath,
} from "./store-path.js";

const pb = tvix.store.v1;

export interface PathInfo {
  readonly storePath: StorePath;
  /** The root node, named with the store path's basename. */
  readonly node: Node;
  readonly references: readonly StorePath[];
  readonly narSize: bigint;
  readonly narSha256: Uint8Array;
  readonly signatures: readonly Signature[];
  /** The derivation, with its ".drv" suffix. */
  readonly deriver: StorePath | null;
  readonly ca: CaHash | null;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Builds and validates a PathInfo; the node is renamed to the store path's basename. */
export function makePathInfo(p: Omit<PathInfo, "node"> & { node: Node }): PathInfo {
  const info: PathInfo = { ...p, node: renameNode(p.node, new TextEncoder().encode(storePathBasename(p.storePath))) };
  validatePathInfo(info);
  return info;
}

/** Throws InvalidArgument unless every rule of reference §1.7 holds. */
export function validatePathInfo(info: PathInfo): void {
  validateNode(info.node);
  const fromNode = parseNodeName(info.node.name);
  if (formatStorePath(fromNode) !== formatStorePath(info.storePath)) {
    throw invalid(`root node name ${storePathBasename(fromNode)} does not match store path ${formatStorePath(info.storePath)}`);
  }
  if (info.narSha256.length !== 32) throw invalid(`nar_sha256 must be 32 bytes, got ${info.narSha256.length}`);
  if (info.narSize < 0n || info.narSize > 2n ** 64n - 1n) throw invalid(`nar_size ${info.narSize} is not a u64`);
  info.signatures.forEach((s, i) => {
    if (s.bytes.length !== SIGNATURE_LENGTH) throw invalid(`signature ${i} (${s.name}) must be ${SIGNATURE_LENGTH} bytes, got ${s.bytes.length}`);
  });
  if (info.deriver && !info.deriver.name.endsWith(".drv")) {
    throw invalid(`deriver ${formatStorePath(info.deriver)} does not end in .drv`);
  }
}

function parseNodeName(name: Uint8Array): StorePath {
  let text: string;
  try {
    text = utf8.decode(name);
  } catch {
    throw invalid("root node name is not a store path basename: not UTF-8");
  }
  try {
    return parseStorePath(text, "basename");
  } catch (e) {
    throw invalid(`root node name ${JSON.stringify(text)} is not a store path basename: ${(e as Error).message}`, e);
  }
}

export function pathInfoToProto(info: PathInfo): tvix.store.v1.IPathInfo {
  const narinfo: tvix.store.v1.INARInfo = {
    narSize: toLong(info.narSize),
    narSha256: info.narSha256,
    signatures: info.signatures.map((s) => ({ name: s.name, data: s.bytes })),
    referenceNames: info.references.map(storePathBasename),
  };
  if (info.deriver) narinfo.deriver = { name: info.deriver.name.slice(0, -".drv".length), digest: info.deriver.digest };
  if (info.ca) narinfo.ca = caHashToProto(info.ca);
  return { node: nodeToProto(info.node), references: info.references.map((r) => r.digest), narinfo };
}

export function encodePathInfo(info: PathInfo): Uint8Array {
  return pb.PathInfo.encode(pathInfoToProto(info)).finish();
}

/** Decodes and validates a PathInfo message (every rule of reference §1.7). */
export function pathInfoFromProto(m: tvix.store.v1.IPathInfo): PathInfo {
  if (!m.narinfo) throw invalid("narinfo is missing");
  if (!m.node) throw invalid("node is missing");
  const node = nodeFromProto(m.node);
  validateNode(node);
  const sp = parseNodeName(node.name);
  const refs = m.references ?? [];
  const names = m.narinfo.referenceNames ?? [];
  refs.forEach((r, i) => {
    if (r.length !== STORE_PATH_DIGEST_LENGTH) throw invalid(`reference ${i} must be ${STORE_PATH_DIGEST_LENGTH} bytes, got ${r.length}`);
  });
  if (refs.length !== names.length) {
    throw invalid(`${refs.length} references but ${names.length} reference names`);
  }
  const references = names.map((n, i) => {
    let p: StorePath;
    try {
      p = parseStorePath(n, "basename");
    } catch (e) {
      throw invalid(`reference name ${i} ${JSON.stringify(n)} is not a store path basename: ${(e as Error).message}`, e);
    }
    if (!Buffer.from(p.digest).equals(refs[i]!)) throw invalid(`reference name ${i} ${JSON.stringify(n)} does not match reference digest ${i}`);
    return p;
  });
  const sha = m.narinfo.narSha256 ?? new Uint8Array(0);
  if (sha.length !== 32) throw invalid(`nar_sha256 must be 32 bytes, got ${sha.length}`);
  const signatures = (m.narinfo.signatures ?? []).map((s, i) => {
    const bytes = s.data ?? new Uint8Array(0);
    if (bytes.length !== SIGNATURE_LENGTH) throw invalid(`signature ${i} must be ${SIGNATURE_LENGTH} bytes, got ${bytes.length}`);
    return { name: s.name ?? "", bytes };
  });
  let deriver: StorePath | null = null;
  if (m.narinfo.deriver) {
    const d = m.narinfo.deriver;
    const digest = d.digest ?? new Uint8Array(0);
    if (digest.length !== STORE_PATH_DIGEST_LENGTH) throw invalid(`deriver digest must be ${STORE_PATH_DIGEST_LENGTH} bytes, got ${digest.length}`);
    try {
      deriver = storePath(digest, `${d.name ?? ""}.drv`);
    } catch (e) {
      throw invalid(`deriver name ${JSON.stringify(d.name)} is not valid: ${(e as Error).message}`, e);
    }
  }
  let ca: CaHash | null = null;
  if (m.narinfo.ca) ca = caHashFromProto(m.narinfo.ca);
  return {
    storePath: sp,
    node,
    references,
    narSize: fromLong(m.narinfo.narSize as never),
    narSha256: sha,
    signatures,
    deriver,
    ca,
  };
}

export function decodePathInfo(bytes: Uint8Array): PathInfo {
  return pathInfoFromProto(decodeOrInvalid("PathInfo", (b) => pb.PathInfo.decode(b), bytes));
}

/** The Nix fingerprint a signature covers. */
export function pathInfoFingerprint(info: PathInfo): string {
  return fingerprint({ storePath: info.storePath, narSha256: info.narSha256, narSize: info.narSize, references: info.references });
}

/** The root node without its name (how CalculateNAR and nar-bridge URLs carry it). */
export function anonymousNodeBytes(node: Node): Uint8Array {
  return encodeNode(renameNode(node, new Uint8Array(0)));
}
