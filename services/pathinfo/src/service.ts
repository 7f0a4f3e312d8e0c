// The PathInfoService contract: Nix store-path metadata bound to castore root nodes.
import type { Node, PathInfo } from "@castore/core";

export interface NarFigures {
  readonly narSize: bigint;
  readonly narSha256: Uint8Array;
}

export interface PathInfoService {
  /** The PathInfo of the store path whose nixbase32-decoded hash part is `hash` (20 bytes), or null. */
  get(hash: Uint8Array): Promise<PathInfo | null>;

  /**
   * Validates and stores a PathInfo (by default also that its root content exists) and returns
   * what was stored, which may carry an extra signature from the store's key. Returns only after
   * the write is durable.
   */
  put(info: PathInfo): Promise<PathInfo>;

  /** Every PathInfo, pulled page by page. */
  list(): AsyncIterable<PathInfo>;

  /**
   * NAR size and SHA-256 of an anonymous node rendered from the store's blobs and directories;
   * cached by node. Missing content is NotFound naming what is missing.
   */
  calculateNar(node: Node): Promise<NarFigures>;

  close(): Promise<void>;
}
