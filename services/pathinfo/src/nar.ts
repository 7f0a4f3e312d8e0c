// NAR size and SHA-256 of a castore node, rendered from the blob and directory services with
// file contents fetched ahead of the renderer (NAR order is known once the directories are in),
// so small files do not cost one round trip each in sequence.
import { createHash } from "node:crypto";
import { Code, PACK_FILE_MAX, StoreError, invalid, notFound, readAll, renderNar, type B3Digest, type Directory, type NarSources, type Node } from "@castore/core";
import { DirectoryPacks, type BlobService } from "@castore/blob";
import type { DirectoryService } from "@castore/directory";
import type { NarFigures } from "./service.js";

/** Files up to this size are fetched ahead whole; larger ones stream when the renderer gets there. */
const PREFETCH_FILE_MAX = 1 << 20;
/** Files fetched ahead at most, and their bytes: packs serve hundreds of small files at a time. */
const PREFETCH_AHEAD = 1024;
const PREFETCH_BYTES = 32 << 20;

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
  // Files in NAR order: depth first, entries by name, each with its directory's packs (small
  // files come from those, a few messages per directory). A stack, not recursion: a NAR import
  // can bring in chains far deeper than the JS stack.
  const files: { digest: B3Digest; size: bigint; packs: DirectoryPacks | null }[] = [];
  const open: { it: Iterator<Node>; packs: DirectoryPacks | null }[] = [];
  let parent: DirectoryPacks | null = null;
  for (let n: Node | undefined = node; n !== undefined; ) {
    if (n.type === "file") files.push({ digest: n.digest, size: n.size, packs: parent });
    else if (n.type === "directory") {
      const d = closure.get(n.digest.toHex());
      if (!d) throw new StoreError(Code.Internal, `inconsistent store: directory ${n.digest} missing from its closure`);
      const packs = new DirectoryPacks(blobs, d);
      open.push({ it: d.entries(), packs: packs.packed ? packs : null });
    }
    n = undefined;
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      const next = top.it.next();
      if (!next.done) {
        n = next.value;
        parent = top.packs;
        break;
      }
      open.pop();
    }
  }

  // Small files are fetched ahead of the renderer, within a budget of files and bytes.
  const fetched: (Promise<Buffer | null> | null)[] = files.map(() => null);
  let ahead = 0;
  let aheadBytes = 0;
  const readSmall = async (d: B3Digest, size: bigint): Promise<Buffer | null> => {
    const s = await blobs.read(d, { sizeHint: size });
    return s === null ? null : readAll(s);
  };
  const fetchSmall = async (f: (typeof files)[number]): Promise<Buffer | null> => {
    if (f.packs === null || f.size === 0n || f.size > BigInt(PACK_FILE_MAX)) return readSmall(f.digest, f.size);
    const packed = await f.packs.get(f.digest);
    if (packed !== null) return Buffer.from(packed.buffer, packed.byteOffset, packed.length);
    const buf = await readSmall(f.digest, f.size);
    if (buf !== null) f.packs.offer(f.digest, buf);
    return buf;
  };
  const prefetch = (from: number): void => {
    for (; ahead < files.length && ahead < from + PREFETCH_AHEAD && aheadBytes < PREFETCH_BYTES; ahead++) {
      const f = files[ahead]!;
      if (f.size > PREFETCH_FILE_MAX) continue;
      const p = fetchSmall(f);
      p.catch(() => {});
      fetched[ahead] = p;
      aheadBytes += Number(f.size);
    }
  };
  let next = 0;
  /** The prefetched bytes of the next file in walk order, if it is `d` and was fetched ahead. */
  const takePrefetched = (d: B3Digest): Promise<Buffer | null> | null => {
    const i = next++;
    prefetch(i);
    const pre = fetched[i];
    fetched[i] = null;
    if (pre) aheadBytes -= Number(files[i]!.size);
    // The renderer asks for files in the order walked above; anything else reads directly.
    return pre && files[i]?.digest.equals(d) ? pre : null;
  };
  // A file node whose size is not its blob's is bad input (a directory or node that came from a
  // client): 400 with both figures, before any byte of that file is rendered.
  const checked = async (pre: Promise<Buffer | null>, d: B3Digest, size: bigint): Promise<Buffer | null> => {
    const buf = await pre;
    if (buf !== null && BigInt(buf.length) !== size) throw sizeMismatch(d, BigInt(buf.length), size);
    return buf;
  };
  const direct = async (d: B3Digest, size: bigint) => {
    const st = await blobs.stat(d);
    if (st === null) return null;
    if (st.size !== size) throw sizeMismatch(d, st.size, size);
    return blobs.read(d, { sizeHint: size });
  };
  const sources: NarSources = {
    getDirectory: async (d: B3Digest) => closure.get(d.toHex()) ?? null,
    readBlob: async (d: B3Digest, size: bigint): Promise<AsyncIterable<Uint8Array> | null> => {
      const pre = takePrefetched(d);
      if (pre) {
        const buf = await checked(pre, d, size);
        return buf === null
          ? null
          : (async function* () {
              yield buf;
            })();
      }
      return direct(d, size);
    },
    readSmallBlob: async (d: B3Digest, size: bigint): Promise<Uint8Array | null> => {
      const pre = takePrefetched(d);
      if (pre) return checked(pre, d, size);
      const s = await direct(d, size);
      return s === null ? null : readAll(s);
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
