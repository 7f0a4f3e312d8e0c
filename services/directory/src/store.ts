// DirectoryStore: what a backend must provide (batch get, and writing a validated closure);
// StoreDirectoryService builds the whole DirectoryService contract on it, once for all backends:
// verified gets, breadth-first recursive gets, and validated closure uploads.
import { B3Digest, Code, Directory, LeavesToRootValidator, RootToLeavesValidator, StoreError, invalid, type EncodedDirectory, type ValidatedUpload } from "@castore/core";
import { mapConcurrent } from "@castore/service-kit";
import { HeldDirectories } from "./held.js";
import type { DirectoryPutter, DirectoryService } from "./service.js";

export interface DirectoryStore {
  /**
   * The directories with these digests, in order (null where missing), each verified against its
   * digest. With `mustExist`, a miss is double-checked where the backend can (e.g. through the
   * stream leader) before it is reported as null.
   */
  getMany(digests: readonly B3Digest[], opts?: { mustExist?: boolean }): Promise<(Directory | null)[]>;

  /**
   * Writes a validated closure. `leavesToRoot` yields each of its directories once, children
   * before parents, and ends with `root`; it may throw part way (then the root must not be
   * written). The root becomes visible last: it is written only once everything else is and the
   * iterable has ended without error (see writeLeavesToRoot). A store that already has the root
   * has the whole closure and need not read the iterable.
   */
  putClosure(root: B3Digest, leavesToRoot: AsyncIterable<EncodedDirectory>): Promise<void>;

  /**
   * Renews the age of stored directories an upload refers to, for castore gc (stores without a gc
   * leave it out); returns those that are gone (a sweep took them since they were checked).
   */
  touchMany?(digests: readonly B3Digest[]): Promise<B3Digest[]>;

  close(): Promise<void>;
}

/**
 * The write order of putClosure: everything but the last directory, at most `concurrency` at
 * once, then the last, which must be `root`, once those are written and the iterable has ended.
 */
export async function writeLeavesToRoot(
  root: B3Digest,
  leavesToRoot: AsyncIterable<EncodedDirectory>,
  concurrency: number,
  write: (dir: EncodedDirectory) => Promise<void>,
): Promise<void> {
  let last: EncodedDirectory | null = null;
  async function* allButLast(): AsyncGenerator<EncodedDirectory> {
    for await (const dir of leavesToRoot) {
      if (last !== null) yield last;
      last = dir;
    }
  }
  await mapConcurrent(allButLast(), concurrency, write);
  const top = last as EncodedDirectory | null;
  if (top === null || !top.digest().equals(root)) {
    throw new StoreError(Code.Internal, `a closure to store ended with ${top?.digest() ?? "nothing"}, not its root ${root}`);
  }
  await write(top);
}

/** Checks the references an upload makes to stored directories: present, with fitting sizes. */
export async function checkExternal(store: DirectoryStore, upload: ValidatedUpload): Promise<void> {
  if (upload.external.length === 0) return;
  const found = await store.getMany(upload.external.map((e) => e.digest), { mustExist: true });
  upload.external.forEach((ext, i) => {
    const dir = found[i];
    if (!dir) throw invalid(`unknown directory was referenced: ${ext.digest} is neither in the upload nor in the store`);
    for (const size of ext.sizes) {
      if (!dir.acceptsSize(size)) {
        throw invalid(
          `wrong size: a directory refers to ${ext.digest} with size ${size}, but that directory has ` +
            `size ${dir.size()} (accepted up to ${dir.maxAcceptedSize()})`,
        );
      }
    }
  });
}

export interface StoreDirectoryOptions {
  /** Digests per batch get in a recursive walk. */
  readonly batch?: number;
  /** Batch gets in flight in a recursive walk. */
  readonly window?: number;
}

export class StoreDirectoryService implements DirectoryService {
  protected readonly store: DirectoryStore;
  readonly #batch: number;
  readonly #window: number;

  constructor(store: DirectoryStore, opts: StoreDirectoryOptions = {}) {
    this.store = store;
    this.#batch = opts.batch ?? 128;
    this.#window = opts.window ?? 8;
  }

  async get(digest: B3Digest): Promise<Directory | null> {
    return (await this.store.getMany([digest]))[0] ?? null;
  }

  async getMany(digests: readonly B3Digest[]): Promise<(Directory | null)[]> {
    const out: (Directory | null)[] = [];
    for (let i = 0; i < digests.length; i += this.#batch) out.push(...(await this.store.getMany(digests.slice(i, i + this.#batch))));
    return out;
  }

  async *getRecursive(root: B3Digest): AsyncGenerator<Directory> {
    const validator = new RootToLeavesValidator(root);
    const seen = new Set<string>([root.toHex()]);
    // A queue read from `head` on: splicing batches off its front would cost time quadratic in
    // the width of a level.
    let queue: B3Digest[] = [root];
    let head = 0;
    const pending: Promise<{ digests: B3Digest[]; dirs: (Directory | null)[] }>[] = [];
    let first = true;
    // Batches are fetched several at a time but consumed in request order, and children are
    // queued in the order their parents are consumed: that is exactly breadth-first order.
    while (head < queue.length || pending.length > 0) {
      while (pending.length < this.#window && head < queue.length) {
        const digests = queue.slice(head, head + this.#batch);
        head += digests.length;
        if (head === queue.length) {
          queue = [];
          head = 0;
        }
        const p = this.store.getMany(digests, { mustExist: !first }).then((dirs) => ({ digests, dirs }));
        p.catch(() => {});
        pending.push(p);
      }
      const { digests, dirs } = await pending.shift()!;
      for (let i = 0; i < digests.length; i++) {
        const dir = dirs[i];
        if (!dir) {
          if (first) return;
          throw new StoreError(Code.Internal, `inconsistent store: directory ${digests[i]} is referenced but missing`);
        }
        first = false;
        validator.add(dir);
        yield dir;
        for (const child of dir.directories) {
          const key = child.digest.toHex();
          if (seen.has(key)) continue;
          seen.add(key);
          queue.push(child.digest);
        }
      }
    }
    validator.finish();
  }

  async put(dir: Directory): Promise<B3Digest> {
    const p = this.putter();
    await p.put(dir);
    return p.close();
  }

  /**
   * Nothing may be stored before close() has validated the whole upload, so until then the
   * putter holds each new directory as its encoding (HeldDirectories: about the wire size, a
   * fraction of a decoded Directory), and the validator only a digest and sizes per directory.
   */
  putter(): DirectoryPutter {
    const validator = new LeavesToRootValidator({ allowExternal: true });
    const held = new HeldDirectories();
    const store = this.store;
    return {
      async put(dir) {
        if (validator.add(dir)) held.push(dir);
      },
      async close() {
        const upload = validator.finish();
        await checkExternal(store, upload);
        const gone = upload.external.length > 0 && store.touchMany ? await store.touchMany(upload.external.map((e) => e.digest)) : [];
        if (gone.length > 0) throw invalid(`unknown directory was referenced: ${gone[0]} was removed by castore gc while this upload ran; upload it again`);
        await store.putClosure(upload.root, upload.leavesToRoot(held));
        return upload.root;
      },
    };
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

/** Decodes stored or received bytes and checks they are the directory asked for. */
export function decodeVerified(digest: B3Digest, bytes: Uint8Array): Directory {
  const dir = Directory.decode(bytes);
  if (!dir.digest().equals(digest)) {
    throw new StoreError(Code.Internal, `directory ${digest}: stored bytes hash to ${dir.digest()}`);
  }
  return dir;
}
