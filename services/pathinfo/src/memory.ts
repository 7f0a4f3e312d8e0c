// The reference backend: PathInfos and NAR figures in Maps, listed in key order.
import type { PathInfo } from "@castore/core";
import type { NarFigures } from "./service.js";
import { pathInfoKey, type PathInfoPage, type PathInfoStore } from "./store.js";

export class MemoryPathInfoStore implements PathInfoStore {
  readonly #infos = new Map<string, PathInfo>();
  readonly #nar = new Map<string, NarFigures>();

  async get(hash: Uint8Array): Promise<PathInfo | null> {
    return this.#infos.get(pathInfoKey(hash)) ?? null;
  }

  async put(info: PathInfo): Promise<void> {
    this.#infos.set(pathInfoKey(info.storePath.digest), info);
  }

  async listPage(cursor: Uint8Array | null, limit: number): Promise<PathInfoPage> {
    const after = cursor ? Buffer.from(cursor).toString() : "";
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

  async close(): Promise<void> {}
}
