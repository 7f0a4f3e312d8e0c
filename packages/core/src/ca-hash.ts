// The content address of a store path: how its contents were hashed (NAR, flat file, or text
// such as a .drv) and with which algorithm. Two spellings: Nix's string (narinfo `CA:`, e.g.
// `fixed:r:sha256:<nixbase32>`) and the tvix proto `CA{Hash type, bytes digest}`.
import { invalid } from "./errors.js";
import { nixbase32Decode, nixbase32Encode } from "./nixbase32.js";

export type CaHashType = "nar" | "flat" | "text";
export type CaHashAlgo = "sha256" | "sha1" | "sha512" | "md5";

export interface CaHash {
  readonly type: CaHashType;
  readonly algo: CaHashAlgo;
  readonly digest: Uint8Array;
}

const DIGEST_LENGTH: Readonly<Record<CaHashAlgo, number>> = { md5: 16, sha1: 20, sha256: 32, sha512: 64 };

// The tvix `CA.Hash` enum, indexed by its value. Text content addresses only exist for sha256.
const PROTO: ReadonlyArray<readonly [CaHashType, CaHashAlgo]> = [
  ["nar", "sha256"],
  ["nar", "sha1"],
  ["nar", "sha512"],
  ["nar", "md5"],
  ["text", "sha256"],
  ["flat", "sha1"],
  ["flat", "md5"],
  ["flat", "sha256"],
  ["flat", "sha512"],
];

function isAlgo(s: string): s is CaHashAlgo {
  return Object.hasOwn(DIGEST_LENGTH, s);
}

/** Builds a CaHash, checking that the digest length fits the algorithm and text is sha256. */
export function caHash(type: CaHashType, algo: CaHashAlgo, digest: Uint8Array): CaHash {
  if (type !== "nar" && type !== "flat" && type !== "text") {
    throw invalid(`unknown content-address type ${JSON.stringify(type)}`);
  }
  if (!isAlgo(algo)) throw invalid(`unknown content-address hash algorithm ${JSON.stringify(algo)}`);
  if (type === "text" && algo !== "sha256") {
    throw invalid(`a text content address must use sha256, got ${algo}`);
  }
  const want = DIGEST_LENGTH[algo];
  if (digest.length !== want) {
    throw invalid(`a ${algo} content-address digest must be ${want} bytes, got ${digest.length}`);
  }
  return { type, algo, digest: Uint8Array.from(digest) };
}

/** Parses Nix's form: `fixed:r:<algo>:<nb32>`, `fixed:<algo>:<nb32>` or `text:sha256:<nb32>`. */
export function parseCaHash(text: string): CaHash {
  const m = /^(text|fixed:r|fixed):([a-z0-9]+):(.*)$/s.exec(text);
  if (!m) {
    throw invalid(
      `not a content address: ${JSON.stringify(text)} (expected fixed:r:<algo>:<hash>, fixed:<algo>:<hash> or text:sha256:<hash>)`,
    );
  }
  const [, prefix = "", algo = "", hash = ""] = m;
  if (!isAlgo(algo)) throw invalid(`content address ${JSON.stringify(text)} has unknown hash algorithm ${JSON.stringify(algo)}`);
  const type: CaHashType = prefix === "text" ? "text" : prefix === "fixed:r" ? "nar" : "flat";
  if (type === "text" && algo !== "sha256") {
    throw invalid(`content address ${JSON.stringify(text)}: a text content address must use sha256`);
  }
  let digest: Uint8Array;
  try {
    digest = nixbase32Decode(hash, DIGEST_LENGTH[algo]);
  } catch (e) {
    throw invalid(`content address ${JSON.stringify(text)} has a bad hash: ${(e as Error).message}`, e);
  }
  return { type, algo, digest };
}

/** Nix's string form, as in a narinfo `CA:` line. */
export function formatCaHash(ca: CaHash): string {
  const c = caHash(ca.type, ca.algo, ca.digest);
  const prefix = c.type === "text" ? "text" : c.type === "nar" ? "fixed:r" : "fixed";
  return `${prefix}:${c.algo}:${nixbase32Encode(c.digest)}`;
}

/** The tvix proto form; `type` is the `CA.Hash` enum value. */
export function caHashToProto(ca: CaHash): { type: number; digest: Uint8Array } {
  const c = caHash(ca.type, ca.algo, ca.digest);
  const type = PROTO.findIndex(([t, a]) => t === c.type && a === c.algo);
  return { type, digest: c.digest };
}

/** Reads the tvix proto form, rejecting unknown enum values and digests of the wrong length. */
export function caHashFromProto(ca: { type?: number | null; digest?: Uint8Array | null }): CaHash {
  const t = ca.type ?? 0;
  const entry = PROTO[t];
  if (entry === undefined) throw invalid(`unknown CA hash type ${t} (expected 0 to ${PROTO.length - 1})`);
  const digest = ca.digest ?? new Uint8Array(0);
  const [type, algo] = entry;
  const want = DIGEST_LENGTH[algo];
  if (digest.length !== want) {
    throw invalid(`CA digest for ${formatType(type, algo)} must be ${want} bytes, got ${digest.length} (${Buffer.from(digest).toString("hex")})`);
  }
  return { type, algo, digest: Uint8Array.from(digest) };
}

function formatType(type: CaHashType, algo: CaHashAlgo): string {
  return `${type === "flat" ? "FLAT" : type === "nar" ? "NAR" : "TEXT"}_${algo.toUpperCase()}`;
}
