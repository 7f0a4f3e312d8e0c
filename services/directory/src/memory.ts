// The reference backend: validated directories in a Map.
import { Directory, type B3Digest, type EncodedDirectory } from "@castore/core";
import { StoreDirectoryService, writeLeavesToRoot, type DirectoryStore } from "./store.js";

export class MemoryDirectoryStore implements DirectoryStore {
  readonly #dirs = new Map<string, Directory>();

  async getMany(digests: readonly B3Digest[]): Promise<(Directory | null)[]> {
    return digests.map((d) => this.#dirs.get(d.toHex()) ?? null);
  }

  async putClosure(root: B3Digest, leavesToRoot: AsyncIterable<EncodedDirectory>): Promise<void> {
    await writeLeavesToRoot(root, leavesToRoot, 1, async (dir) => {
      this.#dirs.set(dir.digest().toHex(), dir instanceof Directory ? dir : Directory.decode(dir.encode()));
    });
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
