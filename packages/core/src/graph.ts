// Validation of directory closures in both directions (tvix directory_graph.rs,
// order_validator.rs). Uploads arrive leaves to root and are checked edge by edge before
// anything becomes visible; recursive reads arrive root to leaves and every directory must be
// one the reader was told to expect, exactly once.
import type { B3Digest } from "./digest.js";
import type { Directory } from "./directory.js";
import { invalid } from "./errors.js";

/** A reference from an uploaded directory to one the upload did not contain. */
export interface ExternalReference {
  readonly digest: B3Digest;
  /** Every size claimed for it by edges in the upload (each must be checked). */
  readonly sizes: readonly bigint[];
}

export interface ValidatedUpload {
  readonly root: Directory;
  /** Every uploaded directory, each once, children before parents (DFS post-order). */
  readonly leavesToRoot: readonly Directory[];
  /** References to directories not in the upload; empty unless allowExternal. */
  readonly external: readonly ExternalReference[];
}

function sizeMismatch(parent: Directory, child: Directory, size: bigint): Error {
  return invalid(
    `wrong size: directory ${parent.digest()} refers to ${child.digest()} with size ${size}, ` +
      `but that directory has size ${child.size()} (accepted up to ${child.maxAcceptedSize()})`,
  );
}

/**
 * Checks a closure uploaded leaves to root. A directory may refer only to directories sent
 * before it, unless `allowExternal` is set: then unknown references are collected in
 * `external` for the caller to check against the store (castore allows uploads that build on
 * directories the store already has; tvix does not). Sending a directory twice is a no-op.
 */
export class LeavesToRootValidator {
  readonly #allowExternal: boolean;
  readonly #dirs = new Map<string, { dir: Directory; referenced: boolean }>();
  readonly #external = new Map<string, { digest: B3Digest; sizes: bigint[]; by: B3Digest }>();

  constructor(opts: { allowExternal?: boolean } = {}) {
    this.#allowExternal = opts.allowExternal ?? false;
  }

  /** Number of distinct directories received. */
  get size(): number {
    return this.#dirs.size;
  }

  /** Adds one directory; returns false if it was already received (and is dropped). */
  add(dir: Directory): boolean {
    const key = dir.digest().toHex();
    if (this.#dirs.has(key)) return false;
    for (const child of dir.directories) {
      const ckey = child.digest.toHex();
      const known = this.#dirs.get(ckey);
      if (known) {
        if (!known.dir.acceptsSize(child.size)) throw sizeMismatch(dir, known.dir, child.size);
        known.referenced = true;
      } else if (this.#allowExternal) {
        const ext = this.#external.get(ckey);
        if (ext) ext.sizes.push(child.size);
        else this.#external.set(ckey, { digest: child.digest, sizes: [child.size], by: dir.digest() });
      } else {
        throw invalid(
          `unknown directory was referenced: ${dir.digest()} refers to ${child.digest} ` +
            "which was not sent before it (uploads go leaves to root)",
        );
      }
    }
    // A directory referenced before it was sent breaks the leaves-to-root order (its parent
    // would become visible first); tvix refuses it too.
    const ext = this.#external.get(key);
    if (ext) {
      throw invalid(
        `directory ${dir.digest()} was sent after ${ext.by} which refers to it (uploads go leaves to root)`,
      );
    }
    this.#dirs.set(key, { dir, referenced: false });
    return true;
  }

  /** Checks the upload is one connected closure and returns it in storage order. */
  finish(): ValidatedUpload {
    if (this.#dirs.size === 0) throw invalid("got no directories");
    const roots = [...this.#dirs.values()].filter((e) => !e.referenced);
    if (roots.length !== 1) {
      const shown = roots.slice(0, 3).map((r) => r.dir.digest().toHex());
      throw invalid(
        `graph has disconnected roots: ${roots.length} directories are referenced by no other ` +
          `(${shown.join(", ")}${roots.length > 3 ? ", …" : ""})`,
      );
    }
    const root = roots[0]!.dir;
    return {
      root,
      leavesToRoot: this.#postOrder(root),
      external: [...this.#external.values()],
    };
  }

  // Iterative DFS post-order: deep chains must not overflow the JS stack.
  #postOrder(root: Directory): Directory[] {
    const out: Directory[] = [];
    const done = new Set<string>();
    const stack: { dir: Directory; next: number }[] = [{ dir: root, next: 0 }];
    done.add(root.digest().toHex());
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const child = top.dir.directories[top.next++];
      if (child === undefined) {
        out.push(top.dir);
        stack.pop();
        continue;
      }
      const key = child.digest.toHex();
      if (done.has(key)) continue;
      done.add(key);
      const entry = this.#dirs.get(key);
      if (entry) stack.push({ dir: entry.dir, next: 0 });
    }
    return out;
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
  // Received: digest -> the directory (for checking later edges that point to it).
  readonly #received = new Map<string, Directory>();

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
    this.#received.set(key, dir);
    for (const child of dir.directories) {
      const ckey = child.digest.toHex();
      const got = this.#received.get(ckey);
      if (got) {
        if (!got.acceptsSize(child.size)) throw sizeMismatch(dir, got, child.size);
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
