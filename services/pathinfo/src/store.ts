// PathInfoStore: what a backend provides (records by hash, a paged listing, a NAR figures cache);
// StorePathInfoService adds the contract's policy once for all backends: validation, the root
// content check, signing with the store's key, and cached NAR calculation.
import {
  anonymousNodeBytes,
  blake3,
  formatStorePath,
  invalid,
  nixbase32Encode,
  pathInfoFingerprint,
  validatePathInfo,
  type Node,
  type PathInfo,
  type SigningKey,
} from "@castore/core";
import type { BlobService } from "@castore/blob";
import type { DirectoryService } from "@castore/directory";
import { calculateNar } from "./nar.js";
import type { NarFigures, PathInfoService } from "./service.js";

export interface PathInfoPage {
  readonly infos: PathInfo[];
  /** Pass back for the next page; null after the last. */
  readonly next: Uint8Array | null;
}

export interface PathInfoStore {
  get(hash: Uint8Array): Promise<PathInfo | null>;
  put(info: PathInfo): Promise<void>;
  /** Up to `limit` entries after `cursor` (null: from the start). */
  listPage(cursor: Uint8Array | null, limit: number): Promise<PathInfoPage>;
  getNarFigures(key: string): Promise<NarFigures | null>;
  putNarFigures(key: string, figures: NarFigures): Promise<void>;
  close(): Promise<void>;
}

export interface PathInfoPolicy {
  readonly blobs: BlobService;
  readonly dirs: DirectoryService;
  /** Refuse a PathInfo whose root directory or blob is not in the store (default true). */
  readonly checkContent?: boolean;
  /** Signs every PathInfo on put with this Nix key (`nix-store --generate-binary-cache-key`). */
  readonly signingKey?: SigningKey | null;
}

/** The cache key of a node's NAR figures: its anonymous encoding, hashed. */
export function narCacheKey(node: Node): string {
  return Buffer.from(blake3(anonymousNodeBytes(node))).toString("hex");
}

export class StorePathInfoService implements PathInfoService {
  readonly #store: PathInfoStore;
  readonly #p: PathInfoPolicy;

  constructor(store: PathInfoStore, policy: PathInfoPolicy) {
    this.#store = store;
    this.#p = policy;
  }

  get store(): PathInfoStore {
    return this.#store;
  }

  async get(hash: Uint8Array): Promise<PathInfo | null> {
    if (hash.length !== 20) throw invalid(`store path hash must be 20 bytes, got ${hash.length}`);
    return this.#store.get(hash);
  }

  async put(info: PathInfo): Promise<PathInfo> {
    validatePathInfo(info);
    if (this.#p.checkContent ?? true) await this.#checkContent(info);
    let stored = info;
    const key = this.#p.signingKey;
    if (key) {
      const sig = key.sign(pathInfoFingerprint(info));
      // ed25519 is deterministic: the same key over the same fingerprint gives the same bytes.
      const dup = info.signatures.some((s) => s.name === sig.name && Buffer.from(s.bytes).equals(sig.bytes));
      if (!dup) stored = { ...info, signatures: [...info.signatures, sig] };
    }
    await this.#store.put(stored);
    return stored;
  }

  async #checkContent(info: PathInfo): Promise<void> {
    const n = info.node;
    const where = formatStorePath(info.storePath);
    if (n.type === "directory") {
      const d = await this.#p.dirs.get(n.digest);
      if (!d) throw invalid(`root directory ${n.digest} of ${where} is not in the store; upload it first`);
      if (!d.acceptsSize(n.size)) throw invalid(`root directory ${n.digest} of ${where} has size ${d.size()}, the node says ${n.size}`);
    } else if (n.type === "file") {
      const st = await this.#p.blobs.stat(n.digest);
      if (!st) throw invalid(`root blob ${n.digest} of ${where} is not in the store; upload it first`);
      if (st.size !== n.size) throw invalid(`root blob ${n.digest} of ${where} has ${st.size} bytes, the node says ${n.size}`);
    }
  }

  async *list(): AsyncGenerator<PathInfo> {
    let cursor: Uint8Array | null = null;
    do {
      const page: PathInfoPage = await this.#store.listPage(cursor, 500);
      yield* page.infos;
      cursor = page.next;
    } while (cursor !== null);
  }

  async calculateNar(node: Node): Promise<NarFigures> {
    if (node.name.length !== 0) throw invalid("calculateNar takes an anonymous node (empty name)");
    const key = narCacheKey(node);
    const cached = await this.#store.getNarFigures(key);
    if (cached) return cached;
    const figures = await calculateNar(node, this.#p.blobs, this.#p.dirs);
    await this.#store.putNarFigures(key, figures);
    return figures;
  }

  async close(): Promise<void> {
    await this.#store.close();
  }
}

/** The KV key of a PathInfo: the nixbase32 hash part of its store path. */
export const pathInfoKey = (hash: Uint8Array): string => nixbase32Encode(hash);
