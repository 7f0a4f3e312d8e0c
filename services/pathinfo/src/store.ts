// PathInfoStore: what a backend provides (write-once records by hash with their signatures beside
// them, a paged listing, a NAR figures cache); StorePathInfoService adds the contract's policy once
// for all backends: validation, the checks that make the store sign only what it verified (content
// present and matching the NAR figures, references stored, CA matching the path), conflicts, and
// cached NAR calculation.
import { createHash } from "node:crypto";
import {
  Code,
  StoreError,
  anonymousNodeBytes,
  blake3,
  caStorePath,
  formatCaHash,
  formatStorePath,
  invalid,
  isStoreError,
  nixbase32Encode,
  pathInfoFingerprint,
  renameNode,
  validatePathInfo,
  type CaHash,
  type Node,
  type PathInfo,
  type Signature,
  type SigningKey,
} from "@castore/core";
import type { BlobService } from "@castore/blob";
import type { DirectoryService } from "@castore/directory";
import { calculateNar, renderNarFromStore } from "./nar.js";
import { checkListLimit, type NarFigures, type PathInfoPage, type PathInfoService } from "./service.js";

export type { PathInfoPage } from "./service.js";

/**
 * What a backend provides. A record is written once (create) and afterwards only gains
 * signatures, which are kept beside it: a record never moves, so a listing by storage order sees
 * each path exactly once even while paths are re-signed.
 */
export interface PathInfoStore {
  /** The record with its signatures merged in, or null. */
  get(hash: Uint8Array): Promise<PathInfo | null>;
  /** Writes a new record; false (and nothing written) if the hash already has one. */
  create(info: PathInfo): Promise<boolean>;
  /** Replaces the extra signatures of an existing record (the full set beyond its own). */
  setSignatures(hash: Uint8Array, signatures: readonly Signature[]): Promise<void>;
  /**
   * Up to `limit` entries after `cursor` (null: from the start), signatures merged. A cursor this
   * backend did not make is InvalidArgument.
   */
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
  readonly #rendering = new Map<string, Promise<NarFigures>>();

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

  /**
   * Stores a PathInfo only after checking it against the store: its content (the node's whole
   * closure) is present and renders to exactly the NAR hash and size it claims; every reference
   * but itself is a stored path; a CA field matches the store path. Only then is it signed.
   * A path already stored is not replaced: a put of the same path with the same facts adds its
   * signatures; anything else under that hash is a conflict (409).
   */
  async put(info: PathInfo): Promise<PathInfo> {
    validatePathInfo(info);
    const where = formatStorePath(info.storePath);
    const existing = await this.#store.get(info.storePath.digest);
    if (existing !== null) {
      const diff = differences(existing, info);
      if (diff !== null) throw new StoreError(Code.Conflict, `${where}: ${diff}; a stored path is never replaced`);
      return this.#addSignatures(existing, info.signatures);
    }
    if (this.#p.checkContent ?? true) await this.#checkContent(info, where);
    await this.#checkReferences(info, where);
    if (info.ca !== null) await this.#checkCa(info, where);
    const signed = this.#sign(info);
    if (!(await this.#store.create(signed))) {
      // Someone stored it meanwhile: the same rules as for a path found stored above.
      const now = (await this.#store.get(info.storePath.digest))!;
      const diff = differences(now, info);
      if (diff !== null) throw new StoreError(Code.Conflict, `${where}: ${diff}; a stored path is never replaced`);
      return this.#addSignatures(now, signed.signatures);
    }
    return signed;
  }

  #sign(info: PathInfo): PathInfo {
    const key = this.#p.signingKey;
    if (!key) return info;
    const sig = key.sign(pathInfoFingerprint(info));
    return { ...info, signatures: mergeSignatures(info.signatures, [sig]) };
  }

  async #addSignatures(existing: PathInfo, more: readonly Signature[]): Promise<PathInfo> {
    const merged = mergeSignatures(existing.signatures, more);
    if (merged.length === existing.signatures.length) return existing;
    await this.#store.setSignatures(existing.storePath.digest, merged);
    return { ...existing, signatures: merged };
  }

  /** The root is present with a fitting size, and the whole closure renders to the claimed NAR. */
  async #checkContent(info: PathInfo, where: string): Promise<void> {
    const n = info.node;
    if (n.type === "directory") {
      const d = await this.#p.dirs.get(n.digest);
      if (!d) throw invalid(`root directory ${n.digest} of ${where} is not in the store; upload it first`);
      if (!d.acceptsSize(n.size)) throw invalid(`root directory ${n.digest} of ${where} has size ${d.size()}, the node says ${n.size}`);
    } else if (n.type === "file") {
      const st = await this.#p.blobs.stat(n.digest);
      if (!st) throw invalid(`root blob ${n.digest} of ${where} is not in the store; upload it first`);
      if (st.size !== n.size) throw invalid(`root blob ${n.digest} of ${where} has ${st.size} bytes, the node says ${n.size}`);
    }
    let nar: NarFigures;
    try {
      nar = await this.calculateNar(renameNode(n, new Uint8Array(0)));
    } catch (e) {
      if (isStoreError(e) && (e.code === Code.NotFound || e.code === Code.InvalidArgument)) {
        throw invalid(`the content of ${where} is incomplete or inconsistent: ${e.message}; upload it first`, e);
      }
      throw e;
    }
    if (!Buffer.from(nar.narSha256).equals(info.narSha256)) {
      throw invalid(
        `${where}: NarHash sha256:${nixbase32Encode(info.narSha256)} does not match its content, whose NAR hashes to ` +
          `sha256:${nixbase32Encode(nar.narSha256)}; nothing stored`,
      );
    }
    if (nar.narSize !== info.narSize) {
      throw invalid(`${where}: NarSize ${info.narSize} does not match its content, whose NAR is ${nar.narSize} bytes; nothing stored`);
    }
  }

  async #checkReferences(info: PathInfo, where: string): Promise<void> {
    const self = Buffer.from(info.storePath.digest);
    const others = info.references.filter((r) => !self.equals(r.digest));
    const found = await Promise.all(others.map((r) => this.#store.get(r.digest)));
    const missing = others.findIndex((r, i) => found[i] === null || found[i]!.storePath.name !== r.name);
    if (missing >= 0) {
      throw invalid(`${where} refers to ${formatStorePath(others[missing]!)}, which is not in the store; store the paths it refers to first`);
    }
  }

  /** The CA field must give this store path; for flat and text hashes, the file's content must match. */
  async #checkCa(info: PathInfo, where: string): Promise<void> {
    const ca = info.ca!;
    const self = Buffer.from(info.storePath.digest);
    const refs = info.references.filter((r) => !self.equals(r.digest));
    const selfRef = refs.length !== info.references.length;
    let expected: string;
    try {
      expected = formatStorePath(caStorePath(ca, info.storePath.name, refs, selfRef));
    } catch (e) {
      throw invalid(`${where}: CA ${formatCaHash(ca)} cannot describe it: ${(e as Error).message}`, e);
    }
    if (expected !== where) throw invalid(`${where}: CA ${formatCaHash(ca)} gives the store path ${expected}, not this one; nothing stored`);
    const actual = await this.#contentHash(info, ca);
    if (!Buffer.from(actual).equals(ca.digest)) {
      throw invalid(`${where}: CA ${formatCaHash(ca)} does not match its content (${formatCaHash({ ...ca, digest: actual })}); nothing stored`);
    }
  }

  /** The digest a CA field claims: of the NAR (nar), or of the one file's contents (flat, text). */
  async #contentHash(info: PathInfo, ca: CaHash): Promise<Uint8Array> {
    if (ca.type === "nar" && ca.algo === "sha256") return info.narSha256; // checked against the content above
    const h = createHash(ca.algo);
    if (ca.type === "nar") {
      for await (const piece of renderNarFromStore(renameNode(info.node, new Uint8Array(0)), this.#p.blobs, this.#p.dirs)) h.update(piece);
      return h.digest();
    }
    const n = info.node;
    if (n.type !== "file") throw invalid(`${formatStorePath(info.storePath)}: a ${ca.type} content address needs a file, the node is a ${n.type}`);
    const stream = await this.#p.blobs.read(n.digest, { sizeHint: n.size });
    if (stream === null) throw invalid(`blob ${n.digest} of ${formatStorePath(info.storePath)} is not in the store`);
    for await (const piece of stream) h.update(piece as Uint8Array);
    return h.digest();
  }

  async listPage(cursor: Uint8Array | null, limit: number): Promise<PathInfoPage> {
    checkListLimit(limit);
    return this.#store.listPage(cursor, limit);
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
    // Concurrent calls for one node (many paths of the same content, retries) share one rendering.
    const running = this.#rendering.get(key);
    if (running) return running;
    const p = (async () => {
      const cached = await this.#store.getNarFigures(key);
      if (cached) return cached;
      const figures = await calculateNar(node, this.#p.blobs, this.#p.dirs);
      await this.#store.putNarFigures(key, figures);
      return figures;
    })().finally(() => this.#rendering.delete(key));
    this.#rendering.set(key, p);
    return p;
  }

  async close(): Promise<void> {
    await this.#store.close();
  }
}

/** Signatures of `a` then those of `b` not already there (by name and bytes). */
export function mergeSignatures(a: readonly Signature[], b: readonly Signature[]): Signature[] {
  const out = [...a];
  for (const s of b) if (!out.some((o) => o.name === s.name && Buffer.from(o.bytes).equals(s.bytes))) out.push(s);
  return out;
}

/** What differs between a stored path and a new put of the same hash, other than signatures; null if nothing. */
function differences(stored: PathInfo, put: PathInfo): string | null {
  if (stored.storePath.name !== put.storePath.name) {
    return `its hash part is already registered as ${formatStorePath(stored.storePath)}`;
  }
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(b);
  if (!same(anonymousNodeBytes(stored.node), anonymousNodeBytes(put.node))) return "already stored with different content (root node)";
  if (!same(stored.narSha256, put.narSha256) || stored.narSize !== put.narSize) return "already stored with a different NAR hash or size";
  const refs = (i: PathInfo) => i.references.map(formatStorePath).sort().join(" ");
  if (refs(stored) !== refs(put)) return "already stored with different references";
  const drv = (i: PathInfo) => (i.deriver ? formatStorePath(i.deriver) : "");
  if (put.deriver !== null && drv(stored) !== drv(put)) return "already stored with a different deriver";
  const ca = (i: PathInfo) => (i.ca ? formatCaHash(i.ca) : "");
  if (ca(stored) !== ca(put)) return "already stored with a different CA";
  return null;
}

/** The KV key of a PathInfo: the nixbase32 hash part of its store path. */
export const pathInfoKey = (hash: Uint8Array): string => nixbase32Encode(hash);
