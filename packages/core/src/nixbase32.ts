// Nix's own base-32 ("nixbase32"): the spelling of store-path hashes and of hashes in narinfo
// files. It is not RFC 4648: the alphabet omits e, o, t, u, the input is read as one
// little-endian bit string, and the highest 5-bit group is written first.
import { invalid } from "./errors.js";

const ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

const VALUE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) t[ALPHABET.charCodeAt(i)] = i;
  return t;
})();

/** The length of the nixbase32 encoding of `byteLength` bytes: ceil(8n/5). */
export function nixbase32EncodedLength(byteLength: number): number {
  return Math.ceil((byteLength * 8) / 5);
}

export function nixbase32Encode(bytes: Uint8Array): string {
  const len = nixbase32EncodedLength(bytes.length);
  let out = "";
  for (let i = 0; i < len; i++) {
    const bit = 5 * (len - 1 - i);
    const j = bit >> 3;
    const shift = bit & 7;
    const lo = (bytes[j] ?? 0) >> shift;
    const hi = shift > 3 ? (bytes[j + 1] ?? 0) << (8 - shift) : 0;
    out += ALPHABET[(lo | hi) & 31];
  }
  return out;
}

/**
 * Decodes nixbase32. With `byteLength`, the text must be exactly the encoding of that many
 * bytes. Like Nix, rejects text whose unused high bits are not zero, so every value has one
 * spelling.
 */
export function nixbase32Decode(text: string, byteLength?: number): Uint8Array {
  const n = byteLength ?? Math.floor((text.length * 5) / 8);
  if (nixbase32EncodedLength(n) !== text.length) {
    throw invalid(
      byteLength === undefined
        ? `nixbase32 text of ${text.length} characters has no valid length: ${show(text)}`
        : `nixbase32 text for ${byteLength} bytes must be ${nixbase32EncodedLength(byteLength)} characters, got ${text.length}: ${show(text)}`,
    );
  }
  const out = new Uint8Array(n);
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (VALUE[c] ?? -1) : -1;
    if (v < 0) {
      throw invalid(`nixbase32 text has invalid character ${JSON.stringify(text[i])} at position ${i}: ${show(text)}`);
    }
    const bit = 5 * (len - 1 - i);
    const j = bit >> 3;
    const shift = bit & 7;
    out[j] = (out[j] ?? 0) | ((v << shift) & 0xff);
    if (shift > 3) {
      const carry = v >> (8 - shift);
      if (j + 1 < n) out[j + 1] = (out[j + 1] ?? 0) | carry;
      else if (carry !== 0) throw invalid(`nixbase32 text has non-zero unused high bits: ${show(text)}`);
    }
  }
  return out;
}

function show(text: string): string {
  return JSON.stringify(text.length > 110 ? text.slice(0, 110) + "…" : text);
}
