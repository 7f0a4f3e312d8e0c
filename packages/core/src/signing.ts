// Nix binary-cache signatures: ed25519 over a path's fingerprint, with keys in the text format
// of `nix-store --generate-binary-cache-key`. Signatures are checked with node:crypto; a
// signature only counts for the key whose name it carries, as in Nix.
import { createPrivateKey, createPublicKey, sign as edSign, verify as edVerify, type KeyObject } from "node:crypto";
import { invalid } from "./errors.js";
import { nixbase32Encode } from "./nixbase32.js";
import { formatStorePath, type StorePath } from "./store-path.js";

export const SIGNATURE_LENGTH = 64;

/** A named ed25519 signature, `name:base64(64 bytes)` in text. */
export interface Signature {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** What a fingerprint covers; a NarInfo or a PathInfo fits. */
export interface FingerprintInput {
  readonly storePath: StorePath;
  readonly narSha256: Uint8Array;
  readonly narSize: bigint | number;
  readonly references: readonly StorePath[];
}

const KEY_NAME = /^[A-Za-z0-9.-]+$/;
// DER framing of a raw ed25519 key: PKCS#8 for the 32-byte seed, SPKI for the public key.
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/**
 * `1;<store path>;sha256:<nixbase32 NarHash>;<NarSize>;<references, absolute, comma-separated>`.
 * References are sorted and deduplicated, as Nix holds them in a set when it signs.
 */
export function fingerprint(info: FingerprintInput): string {
  if (info.narSha256.length !== 32) throw invalid(`NAR sha256 must be 32 bytes, got ${info.narSha256.length}`);
  const refs = [...new Set(info.references.map(formatStorePath))].sort();
  return [
    "1",
    formatStorePath(info.storePath),
    "sha256:" + nixbase32Encode(info.narSha256),
    BigInt(info.narSize).toString(),
    refs.join(","),
  ].join(";");
}

/** Parses `name:base64`; the name is not checked here (tvix neither), the length is. */
export function parseSignature(text: string): Signature {
  const colon = text.indexOf(":");
  if (colon < 0) throw invalid(`signature ${JSON.stringify(text)} has no ":" between name and base64`);
  const bytes = decodeBase64(text.slice(colon + 1), `signature ${JSON.stringify(text)}`);
  if (bytes.length !== SIGNATURE_LENGTH) {
    throw invalid(`signature ${JSON.stringify(text)} must be ${SIGNATURE_LENGTH} bytes, got ${bytes.length}`);
  }
  return { name: text.slice(0, colon), bytes };
}

export function formatSignature(sig: Signature): string {
  return `${sig.name}:${Buffer.from(sig.bytes).toString("base64")}`;
}

/** A public key, `name:base64(32 bytes)`, as in Nix's `trusted-public-keys`. */
export class VerifyingKey {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly #key: KeyObject;

  private constructor(name: string, bytes: Uint8Array) {
    this.name = name;
    this.bytes = bytes;
    this.#key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, bytes]), format: "der", type: "spki" });
  }

  static parse(text: string): VerifyingKey {
    const [name, bytes] = parseKey(text.trim(), 32, "public key");
    return new VerifyingKey(name, bytes);
  }

  /** True if `sig` carries this key's name and is a valid signature of `fingerprint`. */
  verify(fingerprint: string, sig: Signature): boolean {
    if (sig.name !== this.name || sig.bytes.length !== SIGNATURE_LENGTH) return false;
    return edVerify(null, Buffer.from(fingerprint, "utf8"), this.#key, sig.bytes);
  }

  toString(): string {
    return `${this.name}:${Buffer.from(this.bytes).toString("base64")}`;
  }
}

/**
 * A secret key in Nix's file format, `name:base64(32-byte seed ‖ 32-byte public key)`. The
 * public half must match the seed: libsodium would otherwise sign with the stale half and
 * every signature would fail to verify.
 */
export class SigningKey {
  readonly name: string;
  readonly verifyingKey: VerifyingKey;
  readonly #key: KeyObject;

  private constructor(name: string, key: KeyObject, verifyingKey: VerifyingKey) {
    this.name = name;
    this.#key = key;
    this.verifyingKey = verifyingKey;
  }

  /** Parses the key file's text; surrounding whitespace (a final newline) is ignored. */
  static parse(text: string): SigningKey {
    const [name, bytes] = parseKey(text.trim(), 64, "secret key");
    const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, bytes.subarray(0, 32)]), format: "der", type: "pkcs8" });
    const derived = createPublicKey(key).export({ format: "der", type: "spki" }).subarray(SPKI_PREFIX.length);
    if (!derived.equals(bytes.subarray(32))) {
      throw invalid(`secret key ${JSON.stringify(name)} is corrupt: its public half does not match its seed`);
    }
    return new SigningKey(name, key, VerifyingKey.parse(`${name}:${derived.toString("base64")}`));
  }

  sign(fingerprint: string): Signature {
    const bytes = new Uint8Array(edSign(null, Buffer.from(fingerprint, "utf8"), this.#key));
    return { name: this.name, bytes };
  }
}

function parseKey(text: string, length: number, what: string): [string, Uint8Array] {
  const colon = text.indexOf(":");
  // Never echo a secret key back; its name is enough to find it.
  const shown = what === "secret key" ? JSON.stringify(text.slice(0, Math.max(colon, 0))) : JSON.stringify(text);
  // Without a ":" there is no name to show, and the text itself may be the secret.
  if (colon < 0) throw invalid(what === "secret key" ? `${what} has no ":" between name and base64` : `${what} ${shown} has no ":" between name and base64`);
  const name = text.slice(0, colon);
  if (!KEY_NAME.test(name)) {
    throw invalid(`${what} name ${JSON.stringify(name)} must be non-empty and use only letters, digits, "-" and "."`);
  }
  const bytes = decodeBase64(text.slice(colon + 1), `${what} ${shown}`);
  if (bytes.length !== length) throw invalid(`${what} ${shown} must be ${length} bytes, got ${bytes.length}`);
  return [name, bytes];
}

// Buffer's decoder skips junk silently; insist on the one canonical padded spelling instead.
function decodeBase64(b64: string, what: string): Uint8Array {
  const bytes = Buffer.from(b64, "base64");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || bytes.toString("base64") !== b64) {
    throw invalid(`${what} is not canonical base64`);
  }
  return new Uint8Array(bytes);
}
