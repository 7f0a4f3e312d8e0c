// The reference backend: validated directories in a Map.
import type { B3Digest, Directory, ValidatedUpload } from "@castore/core";
import { StoreDirectoryService, type DirectoryStore } from "./store.js";

export class MemoryDirectoryStore implements DirectoryStore {
  readonly #dirs = new Map<string, Directory>();

  async getMany(digests: readonly B3Digest[]): Promise<(Directory | null)[]> {
    return digests.map((d) => this.#dirs.get(d.toHex()) ?? null);
  }

  async putClosure(upload: ValidatedUpload): Promise<void> {
    for (const dir of upload.leavesToRoot) this.#dirs.set(dir.digest().toHex(), dir);
  }

  /** How many directories are stored (for tests: "nothing stored"). */
  get count(): number {
    return this.#dirs.size;
  }

  async close(): Promise<void> {}
}

export function memoryDirectoryService(): StoreDirectoryService {
  return new StoreDirectoryService(new MemoryDirectoryStore());
}
