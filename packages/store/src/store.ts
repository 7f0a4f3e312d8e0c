// The Store: the three service contracts plus the operations every program wants on top of them —
// importing a path or a NAR (registered as the store path `nix-store --add` gives), rendering a
// NAR, exporting a tree, resolving a REF. Written against the contracts only, so it behaves the
// same on every backend openStore assembles.
import type { Readable } from "node:stream";
import { B3Digest, Code, PACK_FILE_MAX, StoreError, ingestNar, nixbase32Encode, type Directory, type Node } from "@castore/core";
import type { BlobService, PutResult } from "@castore/blob";
import type { DirectoryPutter, DirectoryService } from "@castore/directory";
import { renderNarFromStore, type PathInfoService } from "@castore/pathinfo";
import type { NatsConnection } from "@nats-io/nats-core";
import { exportTo, type ExportToOptions } from "./export.js";
import { AskFirst, importPath as importTree } from "./importer.js";
import { PackHold } from "./pack-hold.js";
import type { Progress } from "./progress.js";
import { registerCaPath } from "./register.js";
import { resolve, type Resolved } from "./resolve.js";
import type { TreeRef } from "./ref.js";
import type { Services } from "./services.js";
import { pathSummary, storePathName } from "./summary.js";

/** What an import returns: the fields of `castore import --json`, plus the node and raw NAR hash. */
export interface ImportSummary {
  readonly type: "directory" | "file" | "symlink";
  /** 64 hex; directories and files. */
  readonly digest?: string;
  /** A file's size, a directory's DirectoryNode.size. */
  readonly size?: bigint;
  readonly executable?: boolean;
  readonly target?: string;
  readonly targetB64?: string;
  /** `sha256:<nixbase32>` */
  readonly narHash: string;
  readonly narSize: bigint;
  /** `/nix/store/<hash>-<name>`: the path it was registered as. */
  readonly storePath: string;
  readonly bytesUploaded: number;
  readonly chunksUploaded: number;
  readonly chunksSkipped: number;
  readonly node: Node;
  readonly narSha256: Uint8Array;
}

export interface ImportPathOptions {
  /** The store path's name (default: the path's base name). */
  readonly name?: string;
  readonly progress?: Progress | null;
}

export interface ImportNarOptions {
  /** The store path's name. */
  readonly name: string;
  readonly progress?: Progress | null;
}

/** What ingestNar stored: the NAR's root node (anonymous), its figures and the transfer counts. */
export interface NarIngest {
  readonly node: Node;
  readonly narSha256: Uint8Array;
  readonly narSize: bigint;
  readonly bytesUploaded: number;
  readonly chunksUploaded: number;
  readonly chunksSkipped: number;
}

export interface IngestNarOptions {
  /**
   * The SHA-256 the NAR must have (e.g. from a Nix upload URL): checked once the whole NAR was
   * read, before its directories become visible; a mismatch is InvalidArgument.
   */
  readonly expectNarSha256?: Uint8Array;
  readonly progress?: Progress | null;
}

export interface Store extends Services {
  /** Where the store is, for messages (passwords masked). */
  readonly url: string;
  readonly prefix: string;
  /** The NATS connection the store uses, if any (memory:// has none). */
  readonly connection: NatsConnection | null;

  /** What a REF names: a digest (directory first, then blob) or a store path, with a subpath. */
  resolve(ref: string | TreeRef): Promise<Resolved>;
  /** Stores a file, directory or symlink (not followed) and registers it as a CA store path. */
  importPath(path: string, opts?: ImportPathOptions): Promise<ImportSummary>;
  /**
   * Stores a NAR's content (strict reader) without registering a store path. Its directories
   * become visible only after the whole NAR was read and checked (hash included), so a malformed,
   * truncated or mismatching NAR leaves nothing but unreferenced blobs.
   */
  ingestNar(source: AsyncIterable<Uint8Array> | Readable, opts?: IngestNarOptions): Promise<NarIngest>;
  /** Ingests a NAR (strict reader) and registers it; a malformed NAR registers nothing. */
  importNar(source: AsyncIterable<Uint8Array> | Readable, opts: ImportNarOptions): Promise<ImportSummary>;
  /** The NAR of what a REF names, byte-identical to `nix-store --dump`, in pieces. */
  nar(ref: string | TreeRef | Node): AsyncIterable<Uint8Array>;
  /** Materialises what a REF (or what resolve() made of it) names at `dest`, built beside it and renamed into place. */
  exportTo(ref: string | TreeRef | Resolved, dest: string, opts?: ExportToOptions): Promise<void>;
  close(): Promise<void>;
}

export class StoreOps implements Store {
  readonly blobs: BlobService;
  readonly directories: DirectoryService;
  readonly pathInfos: PathInfoService;
  readonly url: string;
  readonly prefix: string;
  readonly connection: NatsConnection | null;
  readonly #close: () => Promise<void>;
  #closed = false;

  constructor(
    s: Services,
    how: { url: string; prefix: string; connection?: NatsConnection; close: () => Promise<void> },
  ) {
    this.blobs = s.blobs;
    this.directories = s.directories;
    this.pathInfos = s.pathInfos;
    this.url = how.url;
    this.prefix = how.prefix;
    this.connection = how.connection ?? null;
    this.#close = how.close;
  }

  resolve(ref: string | TreeRef): Promise<Resolved> {
    return resolve(this, ref);
  }

  async importPath(path: string, opts: ImportPathOptions = {}): Promise<ImportSummary> {
    // A bad name fails before the tree is read.
    const name = storePathName(path, opts.name);
    const r = await importTree(path, this, { progress: opts.progress ?? null });
    await registerCaPath(this.pathInfos, r, name);
    return summary(r, name, r);
  }

  async ingestNar(source: AsyncIterable<Uint8Array> | Readable, opts: IngestNarOptions = {}): Promise<NarIngest> {
    const progress = opts.progress ?? null;
    const blobs = new NarBlobs(this.blobs);
    let putter: DirectoryPutter | null = null;
    let got: Awaited<ReturnType<typeof ingestNar>>;
    try {
      got = await ingestNar(progress === null ? (source as AsyncIterable<Uint8Array>) : metered(source as AsyncIterable<Uint8Array>, progress), {
        putBlob: (data, digest) => blobs.put(data, digest),
        putDirectory: async (dir) => {
          putter ??= this.directories.putter();
          await putter.put(dir);
          blobs.directoryDone(dir);
          await blobs.room();
        },
      });
    } finally {
      // Pack writes still running report before we return, whatever happened.
      await blobs.settle();
    }
    await blobs.drain();
    const want = opts.expectNarSha256;
    if (want !== undefined && !Buffer.from(want).equals(got.narSha256)) {
      throw new StoreError(
        Code.InvalidArgument,
        `NAR hash mismatch: expected sha256:${nixbase32Encode(want)}, the NAR received hashes to sha256:${nixbase32Encode(got.narSha256)} ` +
          `(${got.narSize} bytes); nothing stored`,
      );
    }
    // Directories become visible only now, after the whole NAR was read and checked.
    if (putter !== null) await (putter as DirectoryPutter).close();
    return { ...got, ...blobs.stats };
  }

  async importNar(source: AsyncIterable<Uint8Array> | Readable, opts: ImportNarOptions): Promise<ImportSummary> {
    const name = storePathName("", opts.name);
    const got = await this.ingestNar(source, { progress: opts.progress ?? null });
    await registerCaPath(this.pathInfos, got, name);
    return summary(got, name, got);
  }

  async *nar(ref: string | TreeRef | Node): AsyncGenerator<Uint8Array> {
    const node = typeof ref === "object" && "type" in ref ? ref : (await this.resolve(ref)).node;
    yield* coalesce(renderNarFromStore(node, this.blobs, this.directories));
  }

  async exportTo(ref: string | TreeRef | Resolved, dest: string, opts: ExportToOptions = {}): Promise<void> {
    await exportTo(this, ref, dest, opts);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.pathInfos.close();
      await this.directories.close();
      await this.blobs.close();
    } finally {
      await this.#close();
    }
  }
}

/**
 * Where a NAR import puts its files. The blob service sends a blob of at most 64 KiB without
 * asking the store first (one round trip instead of two for a new one), and a NAR carries no
 * digests, so a NAR of content already stored would send every small file again. So each small
 * file is hashed here and asked for first (one digest per call; the NATS client coalesces the
 * concurrent calls), for as long as most answers say "stored" (AskFirst, as importPath does);
 * a content that occurs again in the NAR is put once. Larger blobs ask per chunk in their put.
 */
class NarBlobs {
  readonly stats = { bytesUploaded: 0, chunksUploaded: 0, chunksSkipped: 0 };
  readonly #blobs: BlobService;
  readonly #askFirst = new AskFirst();
  /**
   * Digest -> chunk count of its put and whether it sent anything (a promise while in flight).
   * Oldest forgotten first.
   */
  readonly #seen = new Map<string, Promise<{ chunks: number; fresh: boolean }>>();
  /** Small files' bytes until their directory's packs are written (see PackHold). */
  readonly #hold = new PackHold();
  /** Pack writes in flight, and the bytes they hold. */
  readonly #packs = new Set<Promise<void>>();
  #packBytes = 0;
  #packFailure: unknown = null;

  constructor(blobs: BlobService) {
    this.#blobs = blobs;
  }

  async put(data: AsyncIterable<Uint8Array> | Uint8Array, known?: B3Digest): Promise<B3Digest> {
    if (!(data instanceof Uint8Array)) return (await this.#put(data)).digest;
    const digest = known ?? B3Digest.of(data);
    // The empty blob always exists and is never stored (nor counted, as in importPath).
    if (data.length === 0) return digest;
    const key = digest.toHex();
    if (data.length <= PACK_FILE_MAX) this.#hold.add(key, data);
    const earlier = this.#seen.get(key);
    if (earlier !== undefined) {
      // Awaited before the +=, which would otherwise add to a value read before the wait.
      const { chunks } = await earlier;
      this.stats.chunksSkipped += chunks;
      return digest;
    }
    const put = (async (): Promise<{ chunks: number; fresh: boolean }> => {
      if (data.length <= ASK_FIRST_MAX && this.#askFirst.shouldAsk()) {
        const stored = (await this.#blobs.missing([digest], { sizeHints: [data.length] })).length === 0;
        this.#askFirst.answer(stored);
        if (stored) {
          this.stats.chunksSkipped += 1; // a blob this small is one chunk
          return { chunks: 1, fresh: false };
        }
      }
      const r = await this.#put(data);
      if (!r.digest.equals(digest)) throw new StoreError(Code.Internal, `blob put of ${digest} returned digest ${r.digest}`);
      return { chunks: r.chunks, fresh: r.chunksUploaded > 0 };
    })();
    this.#seen.set(key, put);
    if (this.#seen.size > SEEN_LIMIT) this.#seen.delete(this.#seen.keys().next().value!);
    await put;
    return digest;
  }

  /**
   * A directory of the NAR is complete: its packs are written in the background, with at most
   * PACK_WRITE_BYTES held by writes in flight (the ingest waits for room at its next directory).
   */
  directoryDone(dir: Directory): void {
    if (this.#packFailure !== null) throw this.#packFailure;
    const packs = this.#hold.packs(this.#blobs, dir, (hex) => this.#seen.get(hex)?.then((p) => p.fresh));
    if (packs === null) return;
    const p: Promise<void> = packs
      .write()
      .catch((e: unknown) => {
        this.#packFailure ??= e;
      })
      .finally(() => {
        this.#packBytes -= packs.weight;
        this.#packs.delete(p);
      });
    this.#packs.add(p);
    this.#packBytes += packs.weight;
  }

  /** Waits for room for more pack writes. */
  async room(): Promise<void> {
    while (this.#packBytes > PACK_WRITE_BYTES && this.#packs.size > 0) await Promise.race(this.#packs);
  }

  /** Every pack write has ended (successfully or not). */
  async settle(): Promise<void> {
    while (this.#packs.size > 0) await Promise.all(this.#packs);
  }

  /** Every pack write has ended; throws the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    if (this.#packFailure !== null) throw this.#packFailure;
  }

  async #put(data: AsyncIterable<Uint8Array> | Uint8Array): Promise<PutResult> {
    const r = await this.#blobs.put(data);
    this.stats.bytesUploaded += r.bytesUploaded;
    this.stats.chunksUploaded += r.chunksUploaded;
    this.stats.chunksSkipped += r.chunksSkipped;
    return r;
  }
}

/** Bytes of small files held by pack writes in flight during a NAR ingest, at most (roughly). */
const PACK_WRITE_BYTES = 32 << 20;
/** Blobs up to this size are sent by the blob service without asking (services/blob SMALL_BLOB_SIZE). */
const ASK_FIRST_MAX = 64 * 1024;
/** Blob digests remembered per NAR import, so a content that occurs many times is put once. */
const SEEN_LIMIT = 100_000;

function summary(
  r: { node: Node; narSha256: Uint8Array; narSize: bigint },
  name: string,
  stats: { bytesUploaded: number; chunksUploaded: number; chunksSkipped: number },
): ImportSummary {
  return {
    ...(pathSummary(r, name) as unknown as Omit<ImportSummary, "node" | "narSha256" | "bytesUploaded" | "chunksUploaded" | "chunksSkipped">),
    bytesUploaded: stats.bytesUploaded,
    chunksUploaded: stats.chunksUploaded,
    chunksSkipped: stats.chunksSkipped,
    node: r.node,
    narSha256: r.narSha256,
  };
}

async function* metered(source: AsyncIterable<Uint8Array>, progress: Progress): AsyncGenerator<Uint8Array> {
  for await (const piece of source) {
    progress.add(piece.length);
    yield piece;
  }
}

/** NAR framing comes in pieces of a few bytes: gathered into pieces of up to 256 KiB. */
async function* coalesce(pieces: AsyncIterable<Uint8Array>, limit = 256 * 1024): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  for await (const p of pieces) {
    if (p.length >= limit) {
      if (size > 0) yield Buffer.concat(parts, size);
      parts = [];
      size = 0;
      yield p;
      continue;
    }
    parts.push(p);
    size += p.length;
    if (size >= limit) {
      yield Buffer.concat(parts, size);
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield Buffer.concat(parts, size);
}
