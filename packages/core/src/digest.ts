// B3Digest: a BLAKE3 digest, exactly 32 bytes. Accepts the three spellings users meet
// (64 hex, tvix's `b3:<base64>`, snix's `blake3-<base64>`) and formats each of them.
import { blake3 } from "./blake3.js";
import { invalid } from "./errors.js";

export const DIGEST_LENGTH = 32;

const HEX64 = /^[0-9a-fA-F]{64}$/;
const B64_32 = /^[A-Za-z0-9+/]{43}=$/;

export class B3Digest {
  readonly bytes: Uint8Array;

  private constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** Wraps 32 bytes (copied); any other length is InvalidArgument. `what` names the field. */
  static fromBytes(bytes: Uint8Array, what = "digest"): B3Digest {
    if (bytes.length !== DIGEST_LENGTH) {
      throw invalid(`${what} must be ${DIGEST_LENGTH} bytes, got ${bytes.length}`);
    }
    return new B3Digest(Uint8Array.from(bytes));
  }

  /** BLAKE3 of `data`. */
  static of(data: Uint8Array): B3Digest {
    const b = blake3(data);
    // A plain Uint8Array view (not a Buffer), like every other B3Digest's bytes.
    return new B3Digest(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
  }

  /** Parses 64 hex characters, `b3:<base64>` or `blake3-<base64>`. */
  static parse(text: string): B3Digest {
    const d = B3Digest.tryParse(text);
    if (!d) {
      throw invalid(
        `not a BLAKE3 digest: ${JSON.stringify(text.length > 80 ? text.slice(0, 80) + "…" : text)} ` +
          "(expected 64 hex characters, b3:<base64> or blake3-<base64>)",
      );
    }
    return d;
  }

  /** Like parse, but returns null for text that is not a digest. */
  static tryParse(text: string): B3Digest | null {
    if (HEX64.test(text)) return new B3Digest(Uint8Array.from(Buffer.from(text, "hex")));
    let b64: string | null = null;
    if (text.startsWith("b3:")) b64 = text.slice(3);
    else if (text.startsWith("blake3-")) b64 = text.slice(7);
    if (b64 === null || !B64_32.test(b64)) return null;
    const bytes = Buffer.from(b64, "base64");
    // Reject non-canonical encodings (non-zero trailing bits) so each digest has one spelling.
    if (bytes.length !== DIGEST_LENGTH || bytes.toString("base64") !== b64) return null;
    return new B3Digest(Uint8Array.from(bytes));
  }

  #hex: string | undefined;

  /** Lowercase hex (cached: digests are map keys on every hot path). */
  toHex(): string {
    return (this.#hex ??= Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString("hex"));
  }

  /** tvix's display form, `b3:<base64>`. */
  toB3(): string {
    return "b3:" + Buffer.from(this.bytes).toString("base64");
  }

  /** snix's display form, `blake3-<base64>`, used in FUSE xattrs. */
  toSri(): string {
    return "blake3-" + Buffer.from(this.bytes).toString("base64");
  }

  /** The hex form, used in keys, JSON and logs. */
  toString(): string {
    return this.toHex();
  }

  equals(other: B3Digest | Uint8Array): boolean {
    const b = other instanceof B3Digest ? other.bytes : other;
    return Buffer.from(this.bytes).equals(b);
  }
}

/** The digest of the empty byte string (also the digest of the empty Directory). */
export const EMPTY_BLAKE3 = B3Digest.of(new Uint8Array(0));
