// Validation of directory closures in both directions (tvix directory_graph.rs,
// order_validator.rs). Uploads arrive leaves to root and are checked edge by edge before
// anything becomes visible; recursive reads arrive root to leaves and every directory must be
// one the reader was told to expect, exactly once.
import { B3Digest } from "./digest.js";
import type { Directory, EncodedDirectory } from "./directory.js";
import { Code, StoreError, invalid } from "./errors.js";

/** A reference from an uploaded directory to one the upload did not contain. */
export interface ExternalReference {
  readonly digest: B3Digest;
  /** Every size claimed for it by edges in the upload (each must be checked). */
  readonly sizes: readonly bigint[];
}

export interface ValidatedUpload {
  readonly root: B3Digest;
  /** Number of distinct directories in the upload. */
  readonly count: number;
  /** References to directories not in the upload; empty unless allowExternal. */
  readonly external: readonly ExternalReference[];
  /** Whether the upload contains the directory with this digest. */
  has(digest: B3Digest): boolean;
  /**
   * The upload in storage order, from a second pass over it (the same directories in the same
   * order as they were validated): each directory once, duplicates dropped, children before
   * parents, the root last. The upload order is such an order already (that is what was
   * validated), and every directory in it is in the root's closure (a single root was checked).
   * Anything the first pass did not see, or a pass that ends early, is an Internal error. The
   * root comes last, so a store that writes it once the pass has ended without error (as
   * putClosure must) never makes a pass that differs visible.
   */
  leavesToRoot<D extends EncodedDirectory>(again: Iterable<D> | AsyncIterable<D>): AsyncGenerator<D>;
}

function sizeMismatch(parent: B3Digest, child: string, size: bigint, childSize: bigint, childMax: bigint): Error {
  return invalid(
    `wrong size: directory ${parent} refers to ${child} with size ${size}, ` +
      `but that directory has size ${childSize} (accepted up to ${childMax})`,
  );
}

// Map keys for digests: the 32 bytes as a one-byte string, half the size of the hex form.
function keyOf(d: B3Digest): string {
  return Buffer.from(d.bytes.buffer, d.bytes.byteOffset, d.bytes.byteLength).toString("latin1");
}

function hexOf(key: string): string {
  return Buffer.from(key, "latin1").toString("hex");
}

/**
 * Checks a closure uploaded leaves to root. A directory may refer only to directories sent
 * before it, unless `allowExternal` is set: then unknown references are collected in
 * `external` for the caller to check against the store (castore allows uploads that build on
 * directories the store already has; tvix does not). Sending a directory twice is a no-op.
 *
 * No Directory is kept: per distinct directory only what later edges are checked against (its
 * size, the largest size accepted for it) and whether an edge pointed to it, about 100 bytes
 * each, so memory grows with the number of directories, not with their entries. The caller
 * keeps the upload (or can read it again) and stores it through `leavesToRoot`.
 */
export class LeavesToRootValidator {
  readonly #allowExternal: boolean;
  // Digest key -> arrival number of a distinct directory, which indexes the arrays below.
  readonly #index = new Map<string, number>();
  #sizes = new BigUint64Array(256);
  // The entry count, so that maxAcceptedSize = size + entries (a u64 sum may exceed u64).
  #entries = new Float64Array(256);
  #referenced = new Uint8Array(256);
  readonly #external = new Map<string, { digest: B3Digest; sizes: bigint[]; by: B3Digest }>();

  constructor(opts: { allowExternal?: boolean } = {}) {
    this.#allowExternal = opts.allowExternal ?? false;
  }

  /** Number of distinct directories received. */
  get size(): number {
    return this.#index.size;
  }

  /** Adds one directory; returns false if it was already received (and is dropped). */
  add(dir: Directory): boolean {
    const digest = dir.digest();
    const key = keyOf(digest);
    if (this.#index.has(key)) return false;
    for (const child of dir.directories) {
      const ckey = keyOf(child.digest);
      const known = this.#index.get(ckey);
      if (known !== undefined) {
        const size = this.#sizes[known]!;
        const max = size + BigInt(this.#entries[known]!);
        if (child.size < size || child.size > max) throw sizeMismatch(digest, child.digest.toHex(), child.size, size, max);
        this.#referenced[known] = 1;
      } else if (this.#allowExternal) {
        const ext = this.#external.get(ckey);
        if (ext) ext.sizes.push(child.size);
        else this.#external.set(ckey, { digest: child.digest, sizes: [child.size], by: digest });
      } else {
        throw invalid(
          `unknown directory was referenced: ${digest} refers to ${child.digest} ` +
            "which was not sent before it (uploads go leaves to root)",
        );
      }
    }
    // A directory referenced before it was sent breaks the leaves-to-root order (its parent
    // would become visible first); tvix refuses it too.
    const ext = this.#external.get(key);
    if (ext) {
      throw invalid(
        `directory ${digest} was sent after ${ext.by} which refers to it (uploads go leaves to root)`,
      );
    }
    const i = this.#index.size;
    if (i === this.#sizes.length) this.#grow();
    this.#sizes[i] = dir.size();
    this.#entries[i] = dir.length;
    this.#index.set(key, i);
    return true;
  }

  #grow(): void {
    const n = this.#sizes.length * 2;
    const sizes = new BigUint64Array(n);
    sizes.set(this.#sizes);
    const entries = new Float64Array(n);
    entries.set(this.#entries);
    const referenced = new Uint8Array(n);
    referenced.set(this.#referenced);
    this.#sizes = sizes;
    this.#entries = entries;
    this.#referenced = referenced;
  }

  /** Checks the upload is one connected closure and returns its root and how to store it. */
  finish(): ValidatedUpload {
    const count = this.#index.size;
    if (count === 0) throw invalid("got no directories");
    let roots = 0;
    const shown: string[] = [];
    for (const [key, i] of this.#index) {
      if (this.#referenced[i]) continue;
      roots++;
      if (shown.length < 3) shown.push(key);
    }
    if (roots !== 1) {
      throw invalid(
        `graph has disconnected roots: ${roots} directories are referenced by no other ` +
          `(${shown.map(hexOf).join(", ")}${roots > 3 ? ", …" : ""})`,
      );
    }
    const index = this.#index;
    return {
      root: B3Digest.fromBytes(Buffer.from(shown[0]!, "latin1")),
      count,
      external: [...this.#external.values()],
      has: (digest) => index.has(keyOf(digest)),
      async *leavesToRoot(again) {
        let next = 0;
        for await (const dir of again) {
          const i = index.get(keyOf(dir.digest()));
          if (i === undefined || i > next) {
            throw new StoreError(
              Code.Internal,
              `directory ${dir.digest()} ${i === undefined ? "is not in" : "comes earlier than in"} the upload as validated`,
            );
          }
          if (i < next) continue; // sent again
          next++;
          yield dir;
        }
        if (next !== count) {
          throw new StoreError(Code.Internal, `the upload as read again ended after ${next} of its ${count} directories`);
        }
      },
    };
  }
}

/**
 * Checks a closure read root to leaves: the first directory must be the root, every later one
 * must be referenced by one received before it and not yet received, and edge sizes must fit.
 * `expects` allows checking a digest before decoding the bytes.
 */
export class RootToLeavesValidator {
  // Expected but not yet received: digest -> sizes claimed by edges so far.
  readonly #expected = new Map<string, bigint[]>();
  // Received: digest -> its size and the largest size an edge may claim for it (for checking
  // later edges that point to it). Not the directory: a reader of a million-file closure
  // (getRecursive, an export) must not keep every directory it has passed on.
  readonly #received = new Map<string, { size: bigint; max: bigint }>();

  constructor(root: B3Digest) {
    this.#expected.set(root.toHex(), []);
  }

  /** Whether a directory with this digest may come next. */
  expects(digest: B3Digest): boolean {
    return this.#expected.has(digest.toHex());
  }

  get received(): number {
    return this.#received.size;
  }

  add(dir: Directory): void {
    const key = dir.digest().toHex();
    const sizes = this.#expected.get(key);
    if (sizes === undefined) {
      throw invalid(
        this.#received.has(key)
          ? `directory ${key} was sent twice`
          : `unexpected directory ${key}: no directory received so far refers to it`,
      );
    }
    for (const size of sizes) {
      if (!dir.acceptsSize(size)) {
        throw invalid(
          `wrong size: a directory refers to ${key} with size ${size}, but that directory ` +
            `has size ${dir.size()} (accepted up to ${dir.maxAcceptedSize()})`,
        );
      }
    }
    this.#expected.delete(key);
    this.#received.set(key, { size: dir.size(), max: dir.maxAcceptedSize() });
    for (const child of dir.directories) {
      const ckey = child.digest.toHex();
      const got = this.#received.get(ckey);
      if (got) {
        if (child.size < got.size || child.size > got.max) throw sizeMismatch(dir.digest(), ckey, child.size, got.size, got.max);
        continue;
      }
      const exp = this.#expected.get(ckey);
      if (exp) exp.push(child.size);
      else this.#expected.set(ckey, [child.size]);
    }
  }

  /** Throws if directories are still expected ("premature end"). */
  finish(): void {
    if (this.#expected.size > 0) {
      const first = this.#expected.keys().next().value as string;
      throw invalid(
        `premature end: ${this.#expected.size} referenced directories were not received (e.g. ${first})`,
      );
    }
  }
}
