// What a tree REF names (DESIGN §7): a digest is looked up as a directory first, then as a blob
// (a plain, non-executable file); a subpath then walks down from there, entry by entry.
import {
  Code,
  StoreError,
  directoryNode,
  fileNode,
  formatStorePath,
  notFound,
  showBytes,
  type Directory,
  type Node,
  type PathInfo,
} from "@castore/core";
import { parseTreeRef, type TreeRef } from "./ref.js";
import type { Services } from "./services.js";

export interface Resolved {
  /** The node the REF names: anonymous for a bare digest, else named by its last component. */
  readonly node: Node;
  /** The node's Directory if it is one (already fetched, so callers need not ask again). */
  readonly dir: Directory | null;
  /** The PathInfo when the REF is a store path without a subpath (its NAR size, for one). */
  readonly pathInfo: PathInfo | null;
}

/** Whether resolving `ref` needs the path-info service. */
export const needsPathInfo = (ref: TreeRef): boolean => ref.storePath !== undefined;

/** What a REF (text, or parsed) names in the store; "not found" errors name the REF. */
export function resolve(store: Services, ref: string | TreeRef): Promise<Resolved> {
  return typeof ref === "string" ? resolveRef(store, parseTreeRef(ref), ref) : resolveRef(store, ref, showRef(ref));
}

function showRef(ref: TreeRef): string {
  const top = ref.storePath !== undefined ? formatStorePath(ref.storePath) : ref.digest.toHex();
  return ref.subpath.length === 0 ? top : `${top}/${showBytes(relPath(ref.subpath))}`;
}

export async function resolveRef(store: Services, ref: TreeRef, text: string): Promise<Resolved> {
  let dir: Directory | null;
  let node: Node;
  let top: string;
  let pathInfo: PathInfo | null = null;
  if (ref.storePath !== undefined) {
    // A store path names its PathInfo's root node (named with the store path's basename).
    top = formatStorePath(ref.storePath);
    const info = await store.pathInfos.get(ref.storePath.digest);
    if (info === null) throw notFound(`${text}: not found (no path info for ${top})`);
    if (ref.subpath.length === 0) pathInfo = info;
    node = info.node;
    dir = null;
    if (node.type === "directory") {
      dir = await store.directories.get(node.digest);
      if (dir === null) throw new StoreError(Code.Internal, `inconsistent store: root directory ${node.digest} of ${top} is missing`);
    }
  } else {
    top = ref.digest.toHex();
    dir = await store.directories.get(ref.digest);
    if (dir !== null) {
      node = directoryNode("", ref.digest, dir.size());
    } else {
      const st = await store.blobs.stat(ref.digest);
      if (st === null) throw notFound(`${text}: not found (no directory or blob ${ref.digest.toHex()})`);
      node = fileNode("", ref.digest, st.size, false);
    }
  }
  const walked: Buffer[] = [];
  for (const name of ref.subpath) {
    if (dir === null) {
      const at = walked.length === 0 ? top : showBytes(relPath(walked));
      throw notFound(`${text}: not found (${at} is a ${node.type}, not a directory)`);
    }
    const child = dir.get(name);
    if (child === null) throw notFound(`${text}: not found (no entry ${showBytes(name)})`);
    walked.push(name);
    node = child;
    dir = null;
    if (child.type === "directory") {
      dir = await store.directories.get(child.digest);
      if (dir === null) {
        throw new StoreError(Code.Internal, `inconsistent store: directory ${child.digest} is referenced but missing`);
      }
    }
  }
  return { node, dir, pathInfo };
}

const SLASH = Buffer.from("/");

/** Components joined with "/" as bytes (names need not be UTF-8). */
export function relPath(parts: readonly Uint8Array[]): Buffer {
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [SLASH, p])));
}
