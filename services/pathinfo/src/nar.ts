// NAR size and SHA-256 of a castore node, rendered from the blob and directory services with
// file contents fetched ahead of the renderer (NAR order is known once the directories are in),
// so small files do not cost one round trip each in sequence.
import { createHash } from "node:crypto";
import { Code, StoreError, invalid, notFound, readAll, renderNar, type B3Digest, type Directory, type Node } from "@castore/core";
import type { BlobService } from "@castore/blob";
import type { DirectoryService } from "@castore/directory";
import type { NarFigures } from "./service.js";

/** Files up to this size are fetched ahead whole; larger ones stream when the renderer gets there. */
const PREFETCH_FILE_MAX = 1 << 20;
const PREFETCH_AHEAD = 64;

/**
 * Streams the NAR of `node` from the store: the directory closure is fetched first (breadth-first
 * batches), then file contents in NAR order with small files fetched ahead of the renderer.
 */
export async function* renderNarFromStore(node: Node, blobs: BlobService, dirs: DirectoryService): AsyncGenerator<Uint8Array> {
  const closure = new Map<string, Directory>();
  if (node.type === "directory") {
    for await (const d of dirs.getRecursive(node.digest)) closure.set(d.digest().toHex(), d);
    if (closure.size === 0) throw notFound(`directory ${node.digest} not found`);
  }
  // Files in NAR order: depth first, entries by name. A stack, not recursion: a NAR import can
  // bring in chains far deeper than the JS stack.
  const files: { digest: B3Digest; size: bigint }[] = [];
  const open: Iterator<Node>[] = [];
  for (let n: Node | undefined = node; n !== undefined; ) {
    if (n.type === "file") files.push({ digest: n.digest, size: n.size });
    else if (n.type === "directory") {
      const d = closure.get(n.digest.toHex());
      if (!d) throw new StoreError(Code.Internal, `inconsistent store: directory ${n.digest} missing from its closure`);
      open.push(d.entries());
    }
    n = undefined;
    while (open.length > 0) {
      const next = open[open.length - 1]!.next();
      if (!next.done) {
        n = next.value;
        break;
      }
      open.pop();
    }
  }

  const fetched: (Promise<Buffer | null> | null)[] = files.map(() => null);
  let ahead = 0;
  const prefetch = (from: number): void => {
    for (let i = Math.max(from, ahead); i < files.length && i < from + PREFETCH_AHEAD; i++, ahead = i) {
      const f = files[i]!;
      if (f.size > PREFETCH_FILE_MAX) continue;
      const p = blobs.read(f.digest, { sizeHint: f.size }).then((s) => (s === null ? null : readAll(s)));
      p.catch(() => {});
      fetched[i] = p;
    }
  };
  let next = 0;
  const sources = {
    getDirectory: async (d: B3Digest) => closure.get(d.toHex()) ?? null,
    readBlob: async (d: B3Digest, size: bigint): Promise<AsyncIterable<Uint8Array> | null> => {
      const i = next++;
      prefetch(i);
      const pre = fetched[i];
      fetched[i] = null;
      // The renderer asks for files in the order walked above; anything else reads directly.
      // A file node whose size is not its blob's is bad input (a directory or node that came from
      // a client): 400 with both figures, before any byte of that file is rendered.
      if (pre && files[i]?.digest.equals(d)) {
        const buf = await pre;
        if (buf === null) return null;
        if (BigInt(buf.length) !== size) throw sizeMismatch(d, BigInt(buf.length), size);
        return (async function* () {
          yield buf;
        })();
      }
      const st = await blobs.stat(d);
      if (st === null) return null;
      if (st.size !== size) throw sizeMismatch(d, st.size, size);
      return blobs.read(d, { sizeHint: size });
    },
  };
  yield* renderNar(node, sources);
}

/** NAR size and SHA-256 of `node`, rendered from the store. */
export async function calculateNar(node: Node, blobs: BlobService, dirs: DirectoryService): Promise<NarFigures> {
  const sha = createHash("sha256");
  let size = 0n;
  for await (const piece of renderNarFromStore(node, blobs, dirs)) {
    sha.update(piece);
    size += BigInt(piece.length);
  }
  return { narSize: size, narSha256: sha.digest() };
}

function sizeMismatch(blob: B3Digest, actual: bigint, node: bigint): StoreError {
  return invalid(`blob ${blob} has ${actual} bytes, but the file node that names it says ${node}`);
}
