// REF arguments (DESIGN §7). Today only digests name something; store paths need the path-info
// service, so they are recognised and refused with a clear message rather than misread.
import { B3Digest, invalid } from "@castore/core";
import { UsageError } from "./args.js";

const STORE_PATH = /^(\/nix\/store\/)?[0-9a-df-np-sv-z]{32}-[^/]+/;

function refuseStorePath(text: string, what: string): void {
  if (STORE_PATH.test(text)) {
    throw new UsageError(`${text}: store paths need the path-info service, which is not available yet; give a ${what} digest`);
  }
}

/** A REF that must name a blob (`cat`, `blob stat`). */
export function parseBlobRef(text: string): B3Digest {
  const d = B3Digest.tryParse(text);
  if (d !== null) return d;
  refuseStorePath(text, "blob");
  return B3Digest.parse(text);
}

/** A REF naming a node (`ls`, `export`, `nar`): a digest, optionally followed by `/sub/path`. */
export interface TreeRef {
  readonly digest: B3Digest;
  /** Components below the digest's node, as bytes (empty: the node itself). */
  readonly subpath: readonly Buffer[];
}

export function parseTreeRef(text: string): TreeRef {
  refuseStorePath(text, "directory or blob");
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
