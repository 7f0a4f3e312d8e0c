// The PathInfoService contract: Nix store-path metadata bound to castore root nodes.
import { invalid, type Node, type PathInfo } from "@castore/core";
import { PATHINFO_LIMITS } from "@castore/service-kit";

export interface NarFigures {
  readonly narSize: bigint;
  readonly narSha256: Uint8Array;
}

/** One page of the listing. */
export interface PathInfoPage {
  readonly infos: PathInfo[];
  /** Pass back for the next page; null after the last. */
  readonly next: Uint8Array | null;
}

/**
 * The contract's rule for `listPage`'s limit — 1 to PATHINFO_LIMITS.pageLimit (1000), the
 * protocol's — checked by every implementation before it asks.
 */
export function checkListLimit(limit: number): void {
  const max = PATHINFO_LIMITS.pageLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw invalid(`list page limit must be a whole number from 1 to ${max}, got ${limit}`);
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

  /** Every PathInfo, pulled page by page (listPage until `next` is null). */
  list(): AsyncIterable<PathInfo>;

  /**
   * One page of the listing: at most `limit` PathInfos (1 to 1000, else InvalidArgument)
   * after `cursor` (null: from the start), in the backend's listing order — stable, so a walk by
   * cursor sees every path stored before it began exactly once, also while paths are re-signed
   * (memory: by the hash's nixbase32 text; JetStream: by time of first storing). A page may hold fewer than `limit`
   * entries, even none, while more follow (a reply must fit one message): only `next === null`
   * ends the listing. A cursor is opaque and only one this service returned is valid; any other
   * is InvalidArgument. Nothing is held between pages, so any replica serves any page.
   */
  listPage(cursor: Uint8Array | null, limit: number): Promise<PathInfoPage>;

  /**
   * NAR size and SHA-256 of an anonymous node rendered from the store's blobs and directories;
   * cached by node. Missing content is NotFound naming what is missing.
   */
  calculateNar(node: Node): Promise<NarFigures>;

  close(): Promise<void>;
}
