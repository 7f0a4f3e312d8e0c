// Reading (and filling in) the packs of one directory: what tree readers — NAR rendering, export,
// the mount — use to get a directory's small files in a few messages instead of one get each.
// Parts are fetched on first need and dropped once every file entry that maps to them has been
// served, so memory stays at the parts in use whatever the directory's size. Every blob is
// verified against its digest before it is handed out; a part that is missing, malformed or holds
// a wrong blob only costs the caller reading those blobs on their own — and the caller hands the
// bytes it read back (offer), so a part that was missing or bad is written (once, in the
// background, best effort: a read-only user simply cannot) and the next reader finds it.
import { B3Digest, encodePack, packLayout, parsePack, verifiedPackBlobs, type Directory, type PackEntry } from "@castore/core";
import type { BlobService } from "./service.js";

interface Part {
  readonly entries: readonly PackEntry[];
  /** File entries of the directory still to be served from this part. */
  uses: number;
  fetched: Promise<Map<string, Uint8Array>> | null;
  /** Set when the stored part was absent or not all good: offered bytes go here to rewrite it. */
  refill: Map<string, Uint8Array> | null;
}

/**
 * Lazy pack writes: a few at a time per process (filling in is never urgent), and a bounded queue
 * past which they are dropped (the next reader of that directory fills it in).
 */
const FILLS_IN_FLIGHT = 4;
const FILLS_QUEUED = 1024;
const fillQueue: (() => Promise<void>)[] = [];
let fillsInFlight = 0;

function queueFill(fill: () => Promise<void>): void {
  if (fillQueue.length >= FILLS_QUEUED) return;
  fillQueue.push(fill);
  pumpFills();
}

function pumpFills(): void {
  while (fillsInFlight < FILLS_IN_FLIGHT && fillQueue.length > 0) {
    const fill = fillQueue.shift()!;
    fillsInFlight++;
    fill()
      .catch(() => {}) // best effort: a read-only user cannot write packs
      .finally(() => {
        fillsInFlight--;
        pumpFills();
      });
  }
}

export class DirectoryPacks {
  readonly #blobs: BlobService;
  readonly #dir: B3Digest;
  readonly #parts: Part[];
  /** digest hex -> part index */
  readonly #partOf = new Map<string, number>();
  readonly #fill: boolean;

  /**
   * @param fill write parts that turn out missing or bad from the bytes offered back (default
   *   true); off for readers that must not write.
   */
  constructor(blobs: BlobService, dir: Directory, opts: { fill?: boolean } = {}) {
    this.#blobs = blobs;
    this.#dir = dir.digest();
    this.#fill = (opts.fill ?? true) && typeof blobs.putPack === "function";
    const layout = typeof blobs.getPack === "function" ? packLayout(dir) : [];
    this.#parts = layout.map((entries) => ({ entries, uses: 0, fetched: null, refill: null }));
    layout.forEach((entries, k) => entries.forEach((e) => this.#partOf.set(e.digest.toHex(), k)));
    for (const f of dir.files) {
      const k = this.#partOf.get(f.digest.toHex());
      if (k !== undefined && f.size > 0n) this.#parts[k]!.uses++;
    }
  }

  /** Whether this directory has packs at all (two or more small files). */
  get packed(): boolean {
    return this.#parts.length > 0;
  }

  /**
   * The verified bytes of a small file of this directory from its packs, or null (then read the
   * blob on its own and offer() the bytes). Call once per file entry: the count frees parts.
   */
  async get(digest: B3Digest): Promise<Uint8Array | null> {
    const hex = digest.toHex();
    const k = this.#partOf.get(hex);
    if (k === undefined) return null;
    const part = this.#parts[k]!;
    part.fetched ??= this.#fetch(k);
    const blobs = await part.fetched;
    const data = blobs.get(hex) ?? null;
    if (--part.uses <= 0 && part.refill === null) part.fetched = Promise.resolve(new Map()); // served: drop the bytes
    return data;
  }

  /** Bytes of a blob of this directory read on its own (verified by the caller). */
  offer(digest: B3Digest, data: Uint8Array): void {
    const k = this.#partOf.get(digest.toHex());
    if (k === undefined) return;
    const part = this.#parts[k]!;
    if (part.refill === null) return;
    part.refill.set(digest.toHex(), data);
    if (part.refill.size === part.entries.length) {
      const blobs = part.entries.map((e) => ({ digest: e.digest, data: part.refill!.get(e.digest.toHex())! }));
      part.refill = null;
      if (part.uses <= 0) part.fetched = Promise.resolve(new Map());
      this.#write(k, blobs);
    }
  }

  async #fetch(k: number): Promise<Map<string, Uint8Array>> {
    const part = this.#parts[k]!;
    let found = new Map<string, Uint8Array>();
    try {
      const bytes = await this.#blobs.getPack!(this.#dir, k);
      if (bytes !== null) {
        const raw = parsePack(bytes);
        if (raw.parts === this.#parts.length) found = verifiedPackBlobs(raw, part.entries);
      }
    } catch {
      // Unreadable or malformed: the blobs are read on their own.
    }
    if (this.#fill && part.entries.some((e) => !found.has(e.digest.toHex()))) {
      part.refill = new Map(found);
    }
    return found;
  }

  #write(k: number, blobs: { digest: B3Digest; data: Uint8Array }[]): void {
    const pack = encodePack(this.#parts.length, blobs);
    const dir = this.#dir;
    const store = this.#blobs;
    queueFill(() => store.putPack!(dir, k, pack));
  }
}

/**
 * Writes every part of `dir`'s packs whose blobs are all in `bytes` (digest hex -> bytes, as an
 * import has them at hand). Parts it lacks bytes for are left for readers to fill.
 * `layout` is packLayout(dir), for a caller that has it already.
 */
export async function writePacks(
  blobs: BlobService,
  dir: Directory,
  bytes: ReadonlyMap<string, Uint8Array>,
  layout: PackEntry[][] = packLayout(dir),
): Promise<number> {
  if (typeof blobs.putPack !== "function") return 0;
  let written = 0;
  await Promise.all(
    layout.map(async (entries, k) => {
      const have = entries.map((e) => ({ digest: e.digest, data: bytes.get(e.digest.toHex()) }));
      if (have.some((h) => h.data === undefined)) return;
      await blobs.putPack!(dir.digest(), k, encodePack(layout.length, have as { digest: B3Digest; data: Uint8Array }[]));
      written++;
    }),
  );
  return written;
}
