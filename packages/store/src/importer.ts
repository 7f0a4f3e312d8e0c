// Import of a local path into a store: one walk (core hashPath) reads every file once, in NAR
// order, and hands the bytes both to the hashes (BLAKE3, NAR SHA-256) and to an upload. Uploads
// run in the background within a budget of operations and bytes, so the walk goes on while they
// are in flight and memory stays bounded whatever the tree's size: small files are buffered and
// put concurrently (the NATS client coalesces them into few requests); a large file streams
// through its put while it is read. Directories go leaves to root through one putter, whose
// closure becomes visible only at close(), after every blob it refers to is stored.
import { setImmediate as nextTurn } from "node:timers/promises";
import { Code, PACK_FILE_MAX, StoreError, hashPath, type FileNode, type FileSink, type PathHash } from "@castore/core";
import type { PutResult } from "@castore/blob";
import type { DirectoryPutter } from "@castore/directory";
import { PackHold } from "./pack-hold.js";
import type { Progress } from "./progress.js";
import type { Services } from "./services.js";
import { Tasks } from "@castore/service-kit";

export interface ImportResult extends PathHash {
  readonly bytesUploaded: number;
  readonly chunksUploaded: number;
  readonly chunksSkipped: number;
}

export interface ImportOptions {
  /** The root node's name (default: anonymous). */
  readonly name?: string;
  readonly progress?: Progress | null;
  /** Uploads in flight at most (default 512). */
  readonly maxOps?: number;
  /** Bytes of file data in flight at most, roughly (default 64 MiB). */
  readonly maxBytes?: number;
}

/** Files up to this size are read into one buffer and put whole; larger ones stream. */
const SMALL_FILE = 1 << 20;
/** What a streaming put is counted for in the byte budget: its own upload window, roughly. */
const STREAM_RESERVE = 32 << 20;
/** Let replies and coalesced batches go out every so many files: the walk's reads block. */
const YIELD_EVERY_FILES = 64;
/** Blob digests remembered per import, so a file that occurs many times is put once. */
const SEEN_LIMIT = 100_000;
/**
 * Files up to this size may be checked for before they are sent: the blob service sends a blob
 * this small without asking the store first (services/blob SMALL_BLOB_SIZE), which saves a
 * round trip for a new one but sends an unchanged one again. The import knows each digest
 * before it uploads, so it can ask first where that pays (see AskFirst).
 */
const ASK_FIRST_MAX = 64 * 1024;
export async function importPath(
  path: string,
  store: Pick<Services, "blobs" | "directories">,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const { blobs, directories: dirs } = store;
  const progress = opts.progress ?? null;
  const tasks = new Tasks({ maxOps: opts.maxOps ?? 512, maxBytes: opts.maxBytes ?? 64 << 20 });
  const stats = { bytesUploaded: 0, chunksUploaded: 0, chunksSkipped: 0 };
  const count = (r: PutResult, node: FileNode): void => {
    // The bytes put were the bytes hashed (one read), so a mismatch is a bug, never a race.
    if (!r.digest.equals(node.digest)) {
      throw new StoreError(Code.Internal, `blob put of ${node.digest} returned digest ${r.digest}`);
    }
    stats.bytesUploaded += r.bytesUploaded;
    stats.chunksUploaded += r.chunksUploaded;
    stats.chunksSkipped += r.chunksSkipped;
  };
  // Digest -> chunk count of its put and whether it sent anything (a promise while in flight).
  // Oldest forgotten first.
  const seen = new Map<string, Promise<{ chunks: number; fresh: boolean }>>();
  let putter: DirectoryPutter | null = null;
  let files = 0;

  const askFirst = new AskFirst();
  const hold = new PackHold();
  // One digest per call; the NATS client coalesces concurrent calls into few requests.
  const isStored = async (digest: FileNode["digest"], size: number): Promise<boolean> =>
    (await blobs.missing([digest], { sizeHints: [size] })).length === 0;

  const putSmall = async (node: FileNode, data: Buffer): Promise<void> => {
    const key = node.digest.toHex();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      // Already put by this import: its chunks are (or are about to be) in the store. (Awaited
      // before the +=, which would otherwise add to a value read before the wait.)
      const { chunks } = await earlier;
      stats.chunksSkipped += chunks;
      return;
    }
    const put = (async () => {
      if (data.length <= ASK_FIRST_MAX && askFirst.shouldAsk()) {
        const stored = await isStored(node.digest, Number(node.size));
        askFirst.answer(stored);
        if (stored) {
          stats.chunksSkipped += 1; // a blob this small is one chunk
          return { chunks: 1, fresh: false };
        }
      }
      const r = await blobs.put(data);
      count(r, node);
      return { chunks: r.chunks, fresh: r.chunksUploaded > 0 };
    })();
    seen.set(key, put);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.keys().next().value!);
    await put;
  };

  const onFile = async (f: { size: bigint }): Promise<FileSink | undefined> => {
    progress?.addFiles(1);
    // The empty blob always exists and is never stored.
    if (f.size === 0n) return undefined;
    if (++files % YIELD_EVERY_FILES === 0) await nextTurn();
    const size = Number(f.size);
    if (size <= SMALL_FILE) {
      const run = await tasks.reserve(size);
      const data = Buffer.allocUnsafe(size);
      let at = 0;
      return {
        write(piece) {
          data.set(piece, at); // the walk never gives more than the size it announced
          at += piece.length;
          progress?.add(piece.length);
        },
        end: (node) => {
          if (size <= PACK_FILE_MAX) hold.add(node.digest.toHex(), data);
          return run(() => putSmall(node, data));
        },
        abort: () => run(async () => {}),
      };
    }
    const run = await tasks.reserve(Math.min(size, STREAM_RESERVE));
    const feed = new Feed();
    let node: FileNode | null = null;
    run(async () => {
      let r: PutResult;
      try {
        r = await blobs.put(feed);
      } catch (e) {
        feed.cancel(e); // a walk waiting to hand over more bytes must not wait forever
        throw e;
      }
      count(r, node!); // put() returns only after the feed ended, which sets node first
    });
    return {
      write(piece) {
        progress?.add(piece.length);
        // Copied: the walk reuses its buffer, and the chunker may keep what it is given.
        return feed.push(Buffer.from(piece));
      },
      end(n) {
        node = n;
        feed.end();
      },
      abort: (e) => feed.fail(e),
    };
  };

  let hashed: PathHash;
  try {
    hashed = await hashPath(path, {
      ...(opts.name === undefined ? {} : { name: opts.name }),
      onFile,
      onDirectory: async (dir) => {
        putter ??= dirs.putter();
        await putter.put(dir);
        // Its small files together, for readers of the tree (see PackHold.packs).
        const packs = hold.packs(blobs, dir, (hex) => seen.get(hex)?.then((p) => p.fresh));
        if (packs !== null) {
          const run = await tasks.reserve(packs.weight);
          run(packs.write);
        }
      },
    });
    await tasks.drain();
  } catch (e) {
    // Nothing of the tree becomes visible (the putter is never closed); wait for the uploads
    // still running so none reports after we are gone.
    await tasks.settle();
    throw e;
  }
  if (putter !== null) {
    const root = await (putter as DirectoryPutter).close();
    const want = hashed.node.type === "directory" ? hashed.node.digest : null;
    if (want === null || !root.equals(want)) {
      throw new StoreError(Code.Internal, `directory upload returned root ${root}, the walk computed ${want ?? hashed.node.type}`);
    }
  }
  return { ...hashed, ...stats };
}

/**
 * Whether to ask the store for a small file before sending it. In a re-import nearly all are
 * stored, and asking saves sending them again; in a first import nearly none are, and asking
 * costs a lookup each for nothing. So: ask, and when most of a window of answers say "missing",
 * stop asking for a while, then try again (a tree may be partly stored).
 */
export class AskFirst {
  static readonly WINDOW = 64;
  static readonly PAUSE = 8192;
  #answers = 0;
  #stored = 0;
  #pausedFor = 0;

  shouldAsk(): boolean {
    if (this.#pausedFor === 0) return true;
    this.#pausedFor--;
    return false;
  }

  answer(stored: boolean): void {
    this.#answers++;
    if (stored) this.#stored++;
    if (this.#answers < AskFirst.WINDOW) return;
    if (this.#stored * 2 < this.#answers) this.#pausedFor = AskFirst.PAUSE;
    this.#answers = 0;
    this.#stored = 0;
  }
}

/**
 * A stream of pieces from a producer that waits (push() resolves) while more than a few pieces
 * are queued: the file being read is held back by the upload reading from here.
 */
export class Feed implements AsyncIterable<Uint8Array> {
  static readonly HIGH_WATER = 4;
  #queue: Uint8Array[] = [];
  #ended = false;
  #error: { e: unknown } | null = null;
  #cancelled: { e: unknown } | null = null;
  #wakeReader: (() => void) | null = null;
  #wakeWriter: (() => void) | null = null;

  async push(piece: Uint8Array): Promise<void> {
    this.#throwIfCancelled();
    this.#queue.push(piece);
    this.#wake("reader");
    while (this.#queue.length >= Feed.HIGH_WATER && this.#cancelled === null) {
      await new Promise<void>((r) => (this.#wakeWriter = r));
    }
    this.#throwIfCancelled();
  }

  #throwIfCancelled(): void {
    if (this.#cancelled) throw this.#cancelled.e;
  }

  end(): void {
    this.#ended = true;
    this.#wake("reader");
  }

  /** The producer failed: the reader gets the error instead of a short stream. */
  fail(e: unknown): void {
    this.#error = { e };
    this.#wake("reader");
  }

  /** The reader gave up: the producer gets the error at its next push. */
  cancel(e: unknown): void {
    this.#cancelled = { e };
    this.#wake("writer");
  }

  #wake(who: "reader" | "writer"): void {
    const w = who === "reader" ? this.#wakeReader : this.#wakeWriter;
    if (who === "reader") this.#wakeReader = null;
    else this.#wakeWriter = null;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (this.#error) throw this.#error.e;
      const piece = this.#queue.shift();
      if (piece !== undefined) {
        this.#wake("writer");
        yield piece;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((r) => (this.#wakeReader = r));
    }
  }
}
