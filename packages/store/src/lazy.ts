// Services that open on first use. A command that only reads blobs should not pay for opening the
// directory and path-info buckets (each a few JetStream API calls), and with nats:// a service's
// availability is checked (fail fast, with what to do about it) only when it is first needed.
// A failed open is not remembered: the next call tries again.
import type { B3Digest, Directory, Node, PathInfo } from "@castore/core";
import type { BlobService } from "@castore/blob";
import type { DirectoryPutter, DirectoryService } from "@castore/directory";
import type { PathInfoService } from "@castore/pathinfo";

export class Lazy<T extends { close(): Promise<void> }> {
  readonly #open: () => Promise<T>;
  #p: Promise<T> | null = null;

  constructor(open: () => Promise<T>) {
    this.#open = open;
  }

  get(): Promise<T> {
    if (this.#p === null) {
      const p = this.#open();
      this.#p = p;
      p.catch(() => {
        if (this.#p === p) this.#p = null;
      });
    }
    return this.#p;
  }

  /** Closes the service if it was opened. */
  async close(): Promise<void> {
    const p = this.#p;
    this.#p = null;
    if (p === null) return;
    let svc: T;
    try {
      svc = await p;
    } catch {
      return; // never opened
    }
    await svc.close();
  }
}

export function lazyBlobs(l: Lazy<BlobService>): BlobService {
  return {
    has: async (d) => (await l.get()).has(d),
    missing: async (ds, o) => (await l.get()).missing(ds, o),
    stat: async (d) => (await l.get()).stat(d),
    read: async (d, o) => (await l.get()).read(d, o),
    put: async (s, o) => (await l.get()).put(s, o),
    putPack: async (dir, part, pack) => {
      const s = await l.get();
      if (s.putPack) await s.putPack(dir, part, pack);
    },
    getPack: async (dir, part) => {
      const s = await l.get();
      return s.getPack ? s.getPack(dir, part) : null;
    },
    close: () => l.close(),
  };
}

export function lazyDirectories(l: Lazy<DirectoryService>): DirectoryService {
  return {
    get: async (d: B3Digest) => (await l.get()).get(d),
    getMany: async (ds: readonly B3Digest[]) => {
      const s = await l.get();
      return s.getMany ? s.getMany(ds) : Promise.all(ds.map((d) => s.get(d)));
    },
    async *getRecursive(root: B3Digest): AsyncGenerator<Directory> {
      yield* (await l.get()).getRecursive(root);
    },
    put: async (dir: Directory) => (await l.get()).put(dir),
    putter(): DirectoryPutter {
      const inner = l.get().then((s) => s.putter());
      inner.catch(() => {}); // reported by the first put/close
      return {
        put: async (dir) => (await inner).put(dir),
        close: async () => (await inner).close(),
      };
    },
    close: () => l.close(),
  };
}

export function lazyPathInfos(l: Lazy<PathInfoService>): PathInfoService {
  return {
    get: async (hash: Uint8Array) => (await l.get()).get(hash),
    put: async (info: PathInfo) => (await l.get()).put(info),
    async *list(): AsyncGenerator<PathInfo> {
      yield* (await l.get()).list();
    },
    listPage: async (cursor: Uint8Array | null, limit: number) => (await l.get()).listPage(cursor, limit),
    calculateNar: async (node: Node) => (await l.get()).calculateNar(node),
    close: () => l.close(),
  };
}
