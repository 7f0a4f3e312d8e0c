// Where every byte of a node's NAR comes from, computed from the directory closure alone (no blob
// is read): literal framing bytes, and file contents by blob digest. Gives Nix's NAR listing
// (`.ls`, each file with its `narOffset`) and ranged NAR reads that open only the blobs a range
// touches (tvix `store/src/nar/seekable.rs` does the same with precomputed segments).
import { Code, NarFraming, StoreError, notFound, type B3Digest, type Directory, type Node } from "@castore/core";
import type { Store } from "@castore/store";

/** A run of NAR bytes: framing copied as is, or `size` bytes of a blob. */
export type NarSegment =
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | { readonly kind: "file"; readonly digest: B3Digest; readonly size: bigint }; // also for empty files

/** A node's directories by digest hex: what the layout needs besides the node. */
export type Closure = ReadonlyMap<string, Directory>;

/** The directory closure of `node` (empty for a file or symlink); NotFound if its root is missing. */
export async function fetchClosure(store: Store, node: Node): Promise<Closure> {
  const closure = new Map<string, Directory>();
  if (node.type !== "directory") return closure;
  for await (const d of store.directories.getRecursive(node.digest)) closure.set(d.digest().toHex(), d);
  if (closure.size === 0) throw notFound(`directory ${node.digest} not found`);
  return closure;
}

/**
 * The NAR of `node` as segments in order, framing flushed before each file's contents. Walked
 * with a stack, not recursion: a NAR import can bring in chains deeper than the JS stack.
 */
export function* narSegments(node: Node, closure: Closure): Generator<NarSegment> {
  const f = new NarFraming();
  f.magic();
  const open: Iterator<Node>[] = [];
  let n: Node | undefined = node;
  let nested = false;
  for (;;) {
    if (n !== undefined) {
      if (nested) f.entryStart(n.name);
      if (n.type === "symlink") {
        f.symlink(n.target);
        if (nested) f.end();
      } else if (n.type === "file") {
        f.fileStart(n.executable, n.size);
        yield { kind: "bytes", bytes: f.take() };
        yield { kind: "file", digest: n.digest, size: n.size };
        f.fileEnd(n.size);
        if (nested) f.end();
      } else {
        const d = closure.get(n.digest.toHex());
        if (!d) throw new StoreError(Code.Internal, `inconsistent store: directory ${n.digest} missing from its closure`);
        f.directoryStart();
        open.push(d.entries());
      }
    }
    const top = open[open.length - 1];
    if (top === undefined) break;
    const next = top.next();
    if (next.done) {
      open.pop();
      f.end(); // the directory
      if (open.length > 0) f.end(); // the entry holding it
      n = undefined;
    } else {
      n = next.value;
      nested = true;
    }
  }
  yield { kind: "bytes", bytes: f.take() };
}

/** The NAR's total size, from its segments. */
export function narSizeOf(node: Node, closure: Closure): bigint {
  let size = 0n;
  for (const s of narSegments(node, closure)) size += s.kind === "bytes" ? BigInt(s.bytes.length) : s.size;
  return size;
}

/** Bytes [start, end) of the NAR, reading only the blobs that range touches. */
export async function* narRange(store: Store, node: Node, closure: Closure, start: bigint, end: bigint): AsyncGenerator<Uint8Array> {
  let at = 0n;
  for (const s of narSegments(node, closure)) {
    if (at >= end) return;
    const len = s.kind === "bytes" ? BigInt(s.bytes.length) : s.size;
    const from = start > at ? start - at : 0n;
    const to = end < at + len ? end - at : len;
    if (from < to) {
      if (s.kind === "bytes") yield s.bytes.subarray(Number(from), Number(to));
      else {
        const r = await store.blobs.read(s.digest, { offset: from, length: to - from, sizeHint: s.size });
        if (r === null) throw notFound(`blob ${s.digest} not found`);
        yield* r as AsyncIterable<Uint8Array>;
      }
    }
    at += len;
  }
}

/** Nix's NAR listing entry (`nix store ls --json`, the `.ls` files of binary caches). */
export type ListingEntry =
  | { type: "regular"; size: number; executable?: true; narOffset: number }
  | { type: "symlink"; target: string }
  | { type: "directory"; entries: Record<string, ListingEntry> };

const utf8 = new TextDecoder();

/**
 * The listing of the NAR of `node`, with each regular file's `narOffset` (where its contents
 * start in the NAR), as Nix writes it beside a NAR (`write-nar-listing`). Names and targets that
 * are not UTF-8 are shown with U+FFFD.
 */
export function narListing(node: Node, closure: Closure): { version: 1; root: ListingEntry } {
  // Files come in the same depth-first, name-ordered walk as the NAR's file segments.
  const offsets: bigint[] = [];
  let at = 0n;
  for (const s of narSegments(node, closure)) {
    if (s.kind === "file") offsets.push(at);
    at += s.kind === "bytes" ? BigInt(s.bytes.length) : s.size;
  }
  let file = 0;
  const entry = (n: Node): ListingEntry => {
    if (n.type === "symlink") return { type: "symlink", target: utf8.decode(n.target) };
    if (n.type === "file") {
      const e: ListingEntry = { type: "regular", size: Number(n.size), narOffset: Number(offsets[file++]!) };
      if (n.executable) e.executable = true;
      return e;
    }
    return { type: "directory", entries: {} };
  };
  const root = entry(node);
  const open: { it: Iterator<Node>; into: Record<string, ListingEntry> }[] = [];
  const descend = (n: Node, e: ListingEntry): void => {
    if (n.type === "directory" && e.type === "directory") open.push({ it: closure.get(n.digest.toHex())!.entries(), into: e.entries });
  };
  descend(node, root);
  while (open.length > 0) {
    const top = open[open.length - 1]!;
    const next = top.it.next();
    if (next.done) {
      open.pop();
      continue;
    }
    const e = entry(next.value);
    top.into[utf8.decode(next.value.name)] = e;
    descend(next.value, e);
  }
  return { version: 1, root };
}
