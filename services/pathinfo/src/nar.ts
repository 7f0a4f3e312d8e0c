// NAR size and SHA-256 of a castore node, rendered from the blob and directory services with
// directories and file contents fetched ahead of the renderer, so neither costs one round trip
// each in sequence, and in bounded memory.
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
/** Directories the walk may be ahead of the renderer (entered, not yet rendered). */
const DIRS_AHEAD = 256;
/** Children of a directory asked for in one request, ahead of the walk entering them. */
const CHILDREN_AHEAD = 64;

/** What the walk ahead found, in NAR order: a directory entered, or a file (fetched ahead or not). */
type Step =
  | { readonly kind: "dir"; readonly digest: B3Digest; readonly dir: Directory }
  | { readonly kind: "file"; readonly digest: B3Digest; readonly size: bigint; readonly data: Promise<Buffer | null> | null };

/** An open directory of the walk: its entries still to visit, and its children fetched ahead. */
interface Frame {
  readonly it: Iterator<Node>;
  readonly packs: DirectoryPacks | null;
  /** Its child directories' digests, in entry order, and the fetches asked for (by index). */
  readonly kids: B3Digest[];
  readonly fetched: (Promise<Directory | null> | undefined)[];
  /** Index in `kids` of the next child directory the walk enters. */
  nextKid: number;
  /** kids[0..asked) have been asked for. */
  asked: number;
}

/**
 * Streams the NAR of `node` from the store, in memory bounded whatever the tree's size: a walk
 * runs ahead of the renderer in NAR order (depth first, entries by name), fetching directories
 * (a directory's children a batch at a time, before the walk enters them) and small files (from
 * their directory's packs, a few messages per directory) at most PREFETCH_AHEAD files /
 * PREFETCH_BYTES / DIRS_AHEAD directories ahead. Nothing of the tree is kept once rendered: a
 * million-file tree renders in the memory of a thousand-file one.
 */
export async function* renderNarFromStore(node: Node, blobs: BlobService, dirs: DirectoryService): AsyncGenerator<Uint8Array> {
  const ahead = new WalkAhead(blobs, dirs);
  const direct = async (d: B3Digest, size: bigint) => {
    const st = await blobs.stat(d);
    if (st === null) return null;
    if (st.size !== size) throw sizeMismatch(d, st.size, size);
    return blobs.read(d, { sizeHint: size });
  };
  // A file node whose size is not its blob's is bad input (a directory or node that came from a
  // client): 400 with both figures, before any byte of that file is rendered.
  const checked = async (pre: Promise<Buffer | null>, d: B3Digest, size: bigint): Promise<Buffer | null> => {
    const buf = await pre;
    if (buf !== null && BigInt(buf.length) !== size) throw sizeMismatch(d, BigInt(buf.length), size);
    return buf;
  };
  const sources: NarSources = {
    getDirectory: async (d: B3Digest) => {
      const step = await ahead.take();
      // The renderer walks the same tree in the same order; anything else would be a bug.
      if (step?.kind !== "dir" || !step.digest.equals(d)) throw new StoreError(Code.Internal, `NAR walk out of step at directory ${d}`);
      return step.dir;
    },
    readBlob: async (d: B3Digest, size: bigint): Promise<AsyncIterable<Uint8Array> | null> => {
      const pre = (await ahead.takeFile(d)).data;
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
      const pre = (await ahead.takeFile(d)).data;
      if (pre) return checked(pre, d, size);
      const s = await direct(d, size);
      return s === null ? null : readAll(s);
    },
  };
  if (node.type === "directory") {
    const root = (await getMany(dirs, [node.digest]))[0] ?? null;
    if (root === null) throw notFound(`directory ${node.digest} not found`);
    ahead.start(node.digest, root);
  } else if (node.type === "file") ahead.startFile(node.digest, node.size);
  try {
    yield* renderNar(node, sources);
  } finally {
    ahead.stop();
  }
}

/** The walk ahead of the renderer (see renderNarFromStore). */
class WalkAhead {
  readonly #blobs: BlobService;
  readonly #dirs: DirectoryService;
  readonly #steps: Step[] = [];
  #head = 0;
  #files = 0;
  #bytes = 0;
  #dirsAhead = 0;
  #failure: unknown = null;
  #done = false;
  #stopped = false;
  /** Wakes the renderer waiting for a step, or the walk waiting for room. */
  #wakeTaker: (() => void) | null = null;
  #wakeWalker: (() => void) | null = null;

  constructor(blobs: BlobService, dirs: DirectoryService) {
    this.#blobs = blobs;
    this.#dirs = dirs;
  }

  start(digest: B3Digest, root: Directory): void {
    this.#walk(digest, root)
      .catch((e: unknown) => {
        this.#failure = e;
      })
      .finally(() => {
        this.#done = true;
        this.#wake();
      });
  }

  /** A lone file: one step, fetched ahead if small. */
  startFile(digest: B3Digest, size: bigint): void {
    this.#pushFile(digest, size, null);
    this.#done = true;
  }

  stop(): void {
    this.#stopped = true;
    this.#wake();
  }

  /** The next step in NAR order (null: the walk ended), waiting for the walk if need be. */
  async take(): Promise<Step | null> {
    while (this.#head >= this.#steps.length) {
      if (this.#failure !== null) throw this.#failure;
      if (this.#done) return null;
      await new Promise<void>((r) => (this.#wakeTaker = r));
    }
    const step = this.#steps[this.#head]!;
    (this.#steps as (Step | undefined)[])[this.#head++] = undefined;
    if (this.#head > 1024 && this.#head * 2 > this.#steps.length) {
      this.#steps.splice(0, this.#head);
      this.#head = 0;
    }
    if (step.kind === "dir") this.#dirsAhead--;
    else if (step.data !== null) {
      this.#files--;
      this.#bytes -= Number(step.size);
    }
    this.#wakeWalker?.();
    this.#wakeWalker = null;
    return step;
  }

  /** The next step, a file: its bytes fetched ahead (null if it was not, e.g. a large file). */
  async takeFile(d: B3Digest): Promise<{ readonly data: Promise<Buffer | null> | null }> {
    const step = await this.take();
    if (step?.kind !== "file" || !step.digest.equals(d)) throw new StoreError(Code.Internal, `NAR walk out of step at blob ${d}`);
    // Wrapped: an async function returning the promise itself would wait for it.
    return { data: step.data };
  }

  #wake(): void {
    this.#wakeTaker?.();
    this.#wakeTaker = null;
    this.#wakeWalker?.();
    this.#wakeWalker = null;
  }

  #push(step: Step): void {
    this.#steps.push(step);
    this.#wakeTaker?.();
    this.#wakeTaker = null;
  }

  async #room(): Promise<void> {
    while (!this.#stopped && (this.#files >= PREFETCH_AHEAD || this.#bytes >= PREFETCH_BYTES || this.#dirsAhead >= DIRS_AHEAD)) {
      await new Promise<void>((r) => (this.#wakeWalker = r));
    }
  }

  #enter(digest: B3Digest, dir: Directory, open: Frame[]): void {
    const packs = new DirectoryPacks(this.#blobs, dir);
    const kids = dir.directories.map((c) => c.digest);
    const frame: Frame = { it: dir.entries(), packs: packs.packed ? packs : null, kids, fetched: new Array(kids.length), nextKid: 0, asked: 0 };
    this.#askChildren(frame);
    open.push(frame);
    this.#dirsAhead++;
    this.#push({ kind: "dir", digest, dir });
  }

  /** Asks for the frame's next CHILDREN_AHEAD child directories not asked for yet, in one request. */
  #askChildren(frame: Frame): void {
    if (frame.asked >= frame.kids.length || frame.asked >= frame.nextKid + CHILDREN_AHEAD) return;
    const from = frame.asked;
    const to = Math.min(frame.kids.length, frame.nextKid + 2 * CHILDREN_AHEAD);
    frame.asked = to;
    const batch = getMany(this.#dirs, frame.kids.slice(from, to));
    batch.catch(() => {}); // reported when the walk takes one of them
    for (let i = from; i < to; i++) frame.fetched[i] = batch.then((ds) => ds[i - from] ?? null);
  }

  async #walk(rootDigest: B3Digest, root: Directory): Promise<void> {
    // A stack, not recursion: a NAR import can bring in chains far deeper than the JS stack.
    const open: Frame[] = [];
    this.#enter(rootDigest, root, open);
    while (open.length > 0 && !this.#stopped) {
      const top = open[open.length - 1]!;
      const next = top.it.next();
      if (next.done) {
        open.pop();
        continue;
      }
      const n = next.value;
      if (n.type === "symlink") continue;
      await this.#room();
      if (n.type === "file") {
        this.#pushFile(n.digest, n.size, top.packs);
        continue;
      }
      // A directory: fetched ahead with its siblings; checked against the edge pointing to it.
      const k = top.nextKid++;
      this.#askChildren(top);
      const child = await top.fetched[k]!;
      top.fetched[k] = undefined;
      if (child === null) throw new StoreError(Code.Internal, `inconsistent store: directory ${n.digest} is referenced but missing`);
      if (!child.acceptsSize(n.size)) {
        throw invalid(
          `wrong size: a directory refers to ${n.digest} with size ${n.size}, but that directory ` +
            `has size ${child.size()} (accepted up to ${child.maxAcceptedSize()})`,
        );
      }
      this.#enter(n.digest, child, open);
    }
  }

  #pushFile(digest: B3Digest, size: bigint, packs: DirectoryPacks | null): void {
    const data = size <= BigInt(PREFETCH_FILE_MAX) ? this.#fetchSmall(digest, size, packs) : null;
    data?.catch(() => {}); // reported when the renderer gets to it
    if (data !== null) {
      this.#files++;
      this.#bytes += Number(size);
    }
    this.#push({ kind: "file", digest, size, data });
  }

  async #fetchSmall(d: B3Digest, size: bigint, packs: DirectoryPacks | null): Promise<Buffer | null> {
    const readSmall = async (): Promise<Buffer | null> => {
      const s = await this.#blobs.read(d, { sizeHint: size });
      return s === null ? null : readAll(s);
    };
    if (packs === null || size === 0n || size > BigInt(PACK_FILE_MAX)) return readSmall();
    const packed = await packs.get(d);
    if (packed !== null) return Buffer.from(packed.buffer, packed.byteOffset, packed.length);
    const buf = await readSmall();
    if (buf !== null) packs.offer(d, buf);
    return buf;
  }
}

/** Directories by digest through getMany where the service has it. */
function getMany(dirs: DirectoryService, digests: readonly B3Digest[]): Promise<(Directory | null)[]> {
  return dirs.getMany ? dirs.getMany(digests) : Promise.all(digests.map((d) => dirs.get(d)));
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
