// What a tree REF names (DESIGN §7): a digest is looked up as a directory first, then as a blob
// (a plain, non-executable file); a subpath then walks down from there, entry by entry.
import { Code, StoreError, directoryNode, fileNode, notFound, showBytes, type Directory, type Node } from "@castore/core";
import type { OpenStore } from "./store.js";
import type { TreeRef } from "./ref.js";

export interface Resolved {
  /** The node the REF names: anonymous for a bare digest, else named by its last component. */
  readonly node: Node;
  /** The node's Directory if it is one (already fetched, so callers need not ask again). */
  readonly dir: Directory | null;
}

export async function resolveRef(store: Pick<OpenStore, "blobs" | "dirs">, ref: TreeRef, text: string): Promise<Resolved> {
  let dir = await store.dirs.get(ref.digest);
  let node: Node;
  if (dir !== null) {
    node = directoryNode("", ref.digest, dir.size());
  } else {
    const st = await store.blobs.stat(ref.digest);
    if (st === null) throw notFound(`${text}: not found (no directory or blob ${ref.digest.toHex()})`);
    node = fileNode("", ref.digest, st.size, false);
  }
  const walked: Buffer[] = [];
  for (const name of ref.subpath) {
    if (dir === null) {
      const at = walked.length === 0 ? ref.digest.toHex() : showBytes(relPath(walked));
      throw notFound(`${text}: not found (${at} is a ${node.type}, not a directory)`);
    }
    const child = dir.get(name);
    if (child === null) throw notFound(`${text}: not found (no entry ${showBytes(name)})`);
    walked.push(name);
    node = child;
    dir = null;
    if (child.type === "directory") {
      dir = await store.dirs.get(child.digest);
      if (dir === null) {
        throw new StoreError(Code.Internal, `inconsistent store: directory ${child.digest} is referenced but missing`);
      }
    }
  }
  return { node, dir };
}

const SLASH = Buffer.from("/");

/** Components joined with "/" as bytes (names need not be UTF-8). */
export function relPath(parts: readonly Uint8Array[]): Buffer {
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [SLASH, p])));
}
