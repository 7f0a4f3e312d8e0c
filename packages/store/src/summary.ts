// The plain-object views of nodes, imports and path infos that `castore … --json` prints and the
// library returns (DESIGN §7): names and targets that are not UTF-8 are shown with U+FFFD and given
// exactly in a sibling `…B64` field; sizes are bigint (exact). No NATS here: `castore hash` loads
// this entry (`@castore/store/summary`) without paying for a connection library at start-up.
import { basename, resolve } from "node:path";
import {
  caStorePathRecursive,
  formatCaHash,
  formatSignature,
  formatStorePath,
  nixbase32Encode,
  type Node,
  type PathHash,
  type PathInfo,
} from "@castore/core";

export type Json = string | number | bigint | boolean | null | Json[] | { [k: string]: Json | undefined };
export type JsonObject = Record<string, Json | undefined>;

const utf8 = new TextDecoder("utf-8", { fatal: true });
const lossy = new TextDecoder("utf-8");

/** Adds `field` (lossy UTF-8) and, if the bytes are not valid UTF-8, `fieldB64` (exact). */
export function bytesField(out: JsonObject, field: string, bytes: Uint8Array): void {
  try {
    out[field] = utf8.decode(bytes);
  } catch {
    out[field] = lossy.decode(bytes);
    out[`${field}B64`] = Buffer.from(bytes).toString("base64");
  }
}

/** The node fields of DESIGN §7: type, then digest/size/executable or target. */
export function nodeJson(node: Node): JsonObject {
  const out: JsonObject = { type: node.type };
  if (node.type === "symlink") {
    bytesField(out, "target", node.target);
  } else {
    out["digest"] = node.digest.toHex();
    out["size"] = node.size;
    if (node.type === "file") out["executable"] = node.executable;
  }
  return out;
}

/** The store path name of PATH (`name`, else its base name), checked before a tree is read. */
export function storePathName(path: string, name: string | undefined): string {
  const n = name ?? basename(resolve(path));
  caStorePathRecursive(new Uint8Array(32), n);
  return n;
}

/** What `castore hash --json` prints: the root node, NAR hash and size, and the CA store path. */
export function pathSummary(r: Pick<PathHash, "node" | "narSha256" | "narSize">, name: string): JsonObject {
  return {
    ...nodeJson(r.node),
    narHash: `sha256:${nixbase32Encode(r.narSha256)}`,
    narSize: r.narSize,
    storePath: formatStorePath(caStorePathRecursive(r.narSha256, name)),
  };
}

/** The JSON of a PathInfo (DESIGN §7). */
export function pathInfoJson(info: PathInfo): JsonObject {
  return {
    storePath: formatStorePath(info.storePath),
    narHash: `sha256:${nixbase32Encode(info.narSha256)}`,
    narSize: info.narSize,
    references: info.references.map(formatStorePath),
    signatures: info.signatures.map(formatSignature),
    deriver: info.deriver === null ? undefined : formatStorePath(info.deriver),
    ca: info.ca === null ? undefined : formatCaHash(info.ca),
    node: nodeJson(info.node),
  };
}
