// The reference backend: PathInfos and NAR figures in Maps, listed in key order (a cursor is
// the last key listed, which must be a nixbase32 store-path hash).
import { invalid, type PathInfo, type Signature } from "@castore/core";
import type { NarFigures } from "./service.js";
import { pathInfoKey, type PathInfoPage, type PathInfoStore } from "./store.js";

const KEY = /^[0-9a-df-np-sv-z]{32}$/;

export class MemoryPathInfoStore implements PathInfoStore {
  readonly #infos = new Map<string, PathInfo>();
  readonly #nar = new Map<string, NarFigures>();

  async get(hash: Uint8Array): Promise<PathInfo | null> {
    return this.#infos.get(pathInfoKey(hash)) ?? null;
  }

  async create(info: PathInfo): Promise<boolean> {
    const key = pathInfoKey(info.storePath.digest);
    if (this.#infos.has(key)) return false;
    this.#infos.set(key, info);
    return true;
  }

  async setSignatures(hash: Uint8Array, signatures: readonly Signature[]): Promise<void> {
    const key = pathInfoKey(hash);
    const info = this.#infos.get(key);
    if (info) this.#infos.set(key, { ...info, signatures: [...signatures] });
  }

  async listPage(cursor: Uint8Array | null, limit: number): Promise<PathInfoPage> {
    const after = cursor ? Buffer.from(cursor).toString() : "";
    if (cursor && !KEY.test(after)) throw invalid(`list cursor of ${cursor.length} bytes is not one this service made`);
    const keys = [...this.#infos.keys()].filter((k) => k > after).sort().slice(0, limit);
    const last = keys[keys.length - 1];
    return {
      infos: keys.map((k) => this.#infos.get(k)!),
      next: keys.length === limit && last !== undefined ? Buffer.from(last) : null,
    };
  }

  async getNarFigures(key: string): Promise<NarFigures | null> {
    return this.#nar.get(key) ?? null;
  }

  async putNarFigures(key: string, figures: NarFigures): Promise<void> {
    this.#nar.set(key, figures);
  }

  /** Removes a record (fsck repair, path-info delete). */
  async remove(hash: Uint8Array): Promise<void> {
    this.#infos.delete(pathInfoKey(hash));
  }

  async close(): Promise<void> {}
}
