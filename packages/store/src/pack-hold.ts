// The packs a writer of a tree makes while it has the bytes at hand: `castore import` (the walk)
// and NAR ingest (`castore import-nar`, the HTTP bridge's NAR PUT) both hold each small file's
// bytes until the directory naming it is complete, then write that directory's packs (see
// @castore/blob packs and PROTOCOL.md "Packs"). A pack is a copy for readers' locality, verified
// file by file when read, so a pack not written here costs a reader one lazy fill, nothing more.
import { PACK_FILE_MAX, packLayout, type Directory } from "@castore/core";
import { writePacks, type BlobService } from "@castore/blob";

/**
 * Bytes of small files held for their directory's packs until the directory is complete (the walk
 * and a NAR are both depth first, so: the small files of the directories along the current path).
 * Past this, files are not held and their parts are left to be filled in by the first reader.
 */
const PACK_HOLD_MAX = 64 << 20;

/** Small files' bytes by digest, held until every directory that names them has its packs. */
export class PackHold {
  readonly #held = new Map<string, { data: Uint8Array; refs: number }>();
  #bytes = 0;

  /** A file of `data.length` bytes (1..PACK_FILE_MAX) was read; `hex` is its digest. */
  add(hex: string, data: Uint8Array): void {
    const h = this.#held.get(hex);
    if (h) {
      h.refs++;
      return;
    }
    if (this.#bytes + data.length > PACK_HOLD_MAX) return;
    this.#held.set(hex, { data, refs: 1 });
    this.#bytes += data.length;
  }

  /**
   * `dir` is complete: the write of its packs (null if it has no small files), and its files give
   * up their hold. `fresh(hex)` says whether this writer's put of a blob sent anything new
   * (undefined: not known, taken as new). The packs are written only when some file was new: a
   * directory whose files were all stored already was most likely written (and packed) before —
   * if not, its first reader fills the packs in. So a re-import sends no small file again.
   * `weight` is the bytes the write holds on to, for the caller's budget.
   */
  packs(
    blobs: BlobService,
    dir: Directory,
    fresh: (hex: string) => Promise<boolean> | undefined,
  ): { weight: number; write: () => Promise<void> } | null {
    const layout = packLayout(dir);
    let out: { weight: number; write: () => Promise<void> } | null = null;
    if (layout.length > 0) {
      const bytes = new Map<string, Uint8Array>();
      for (const f of dir.files) {
        const hex = f.digest.toHex();
        const h = this.#held.get(hex);
        if (h) bytes.set(hex, h.data);
      }
      const puts = [...bytes.keys()].map((hex) => fresh(hex) ?? Promise.resolve(true));
      const weight = [...bytes.values()].reduce((a, b) => a + b.length, 0);
      out = {
        weight,
        write: async () => {
          if ((await Promise.all(puts)).some((f) => f)) await writePacks(blobs, dir, bytes, layout);
        },
      };
    }
    this.#release(dir);
    return out;
  }

  /** `dir` is done: each of its small file entries gives up its hold. */
  #release(dir: Directory): void {
    for (const f of dir.files) {
      if (f.size === 0n || f.size > BigInt(PACK_FILE_MAX)) continue;
      const hex = f.digest.toHex();
      const h = this.#held.get(hex);
      if (h && --h.refs <= 0) {
        this.#held.delete(hex);
        this.#bytes -= h.data.length;
      }
    }
  }
}
