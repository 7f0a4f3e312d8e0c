// REF arguments (DESIGN §7): a digest (64 hex, `b3:<base64>` or `blake3-<base64>`) or a store
// path (`/nix/store/<hash>-<name>` or `<hash>-<name>`), either optionally followed by a subpath.
// Store paths are resolved through the path-info service (see tree.ts).
import { B3Digest, STORE_DIR, invalid, parseStorePathWithSubpath, type StorePath } from "@castore/core";

const STORE_PATH = /^(\/nix\/store\/)?[0-9a-df-np-sv-z]{32}-[^/]+/;

/** Whether `text` has the shape of a store path (it may still be an invalid one). */
export function looksLikeStorePath(text: string): boolean {
  return STORE_PATH.test(text);
}

/** A REF naming a node: a digest or a store path, optionally followed by `/sub/path`. */
export type TreeRef =
  | {
      readonly digest: B3Digest;
      readonly storePath?: undefined;
      /** Components below the named node, as bytes (empty: the node itself). */
      readonly subpath: readonly Buffer[];
    }
  | {
      readonly digest?: undefined;
      readonly storePath: StorePath;
      readonly subpath: readonly Buffer[];
    };

/** A REF that must name a blob (`blob stat`): a digest only. */
export function parseBlobRef(text: string): B3Digest {
  const d = B3Digest.tryParse(text);
  if (d !== null) return d;
  if (looksLikeStorePath(text)) throw invalid(`${text}: give a blob digest, not a store path`);
  return B3Digest.parse(text);
}

export function parseTreeRef(text: string): TreeRef {
  // Anything under the store directory is meant as a store path: a malformed one is named as
  // such, not reported as a digest it never tried to be.
  if (looksLikeStorePath(text) || text.startsWith(`${STORE_DIR}/`)) {
    const { storePath, subpath } = parseStorePathWithSubpath(text);
    return { storePath, subpath: subpath.map((c) => Buffer.from(c)) };
  }
  // Base64 digests may contain "/" themselves: the digest is cut off by its known length.
  const len = text.startsWith("b3:") ? 3 + 44 : text.startsWith("blake3-") ? 7 + 44 : 64;
  const rest = text.slice(len);
  if (rest !== "" && !rest.startsWith("/")) B3Digest.parse(text); // throws: not a digest
  const digest = B3Digest.parse(text.slice(0, len));
  const subpath: Buffer[] = [];
  if (rest !== "") {
    for (const c of rest.slice(1).split("/")) {
      // "a//b" and "a/./b" mean a/b, as in a file system; ".." could only escape the tree.
      if (c === "" || c === ".") continue;
      if (c === "..") throw invalid(`${text}: ".." is not allowed in a path inside a tree`);
      subpath.push(Buffer.from(c));
    }
  }
  return { digest, subpath };
}
