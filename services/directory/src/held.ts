// Validated directories held as their canonical encodings until the whole upload is validated
// and can be stored: about the wire size each, where decoded Directory objects take several
// times that. Packed into 1 MiB slabs, so a million small directories are a few hundred
// allocations, not a million.
import { B3Digest, DIGEST_LENGTH, type EncodedDirectory } from "@castore/core";

const SLAB_BYTES = 1 << 20;
// Each record: digest (32 bytes), u32 length (little endian), encoding.
const HEADER = DIGEST_LENGTH + 4;

export class HeldDirectories implements Iterable<EncodedDirectory> {
  // Full slabs with the bytes used of each, then the one being filled.
  readonly #slabs: { buf: Buffer; used: number }[] = [];
  #bytes = 0;

  /** Bytes held (records and their headers). */
  get bytes(): number {
    return this.#bytes;
  }

  push(dir: EncodedDirectory): void {
    const enc = dir.encode();
    const need = HEADER + enc.length;
    const slab = this.#room(need);
    const at = slab.used;
    slab.buf.set(dir.digest().bytes, at);
    slab.buf.writeUInt32LE(enc.length, at + DIGEST_LENGTH);
    slab.buf.set(enc, at + HEADER);
    slab.used += need;
    this.#bytes += need;
  }

  #room(need: number): { buf: Buffer; used: number } {
    const last = this.#slabs[this.#slabs.length - 1];
    if (last !== undefined && last.used + need <= last.buf.length) return last;
    // A record larger than a slab gets a slab of its own size.
    const slab = { buf: Buffer.allocUnsafe(Math.max(SLAB_BYTES, need)), used: 0 };
    this.#slabs.push(slab);
    return slab;
  }

  /** The directories in the order pushed; each is a view into the slabs. */
  *[Symbol.iterator](): Iterator<EncodedDirectory> {
    for (const { buf, used } of this.#slabs) {
      for (let at = 0; at < used; ) {
        const len = buf.readUInt32LE(at + DIGEST_LENGTH);
        const digest = B3Digest.fromBytes(buf.subarray(at, at + DIGEST_LENGTH));
        const encoded = buf.subarray(at + HEADER, at + HEADER + len);
        yield { digest: () => digest, encode: () => encoded };
        at += HEADER + len;
      }
    }
  }
}
