// Nix store paths (`/nix/store/<32 nixbase32>-<name>`): parsing, formatting, and computing the
// path of content-addressed data the way Nix does, so a path castore registers is the path
// `nix-store --add` would give. Only the store directory /nix/store is supported, like tvix.
import { createHash } from "node:crypto";
import { caHash, type CaHash } from "./ca-hash.js";
import { invalid, showBytes } from "./errors.js";
import { nixbase32Decode, nixbase32Encode } from "./nixbase32.js";
import { nameProblem } from "./nodes.js";

export const STORE_DIR = "/nix/store";
export const STORE_PATH_DIGEST_LENGTH = 20;
export const MAX_STORE_PATH_NAME_LENGTH = 211;

const STORE_DIR_SLASH = STORE_DIR + "/";
const ENCODED_DIGEST_LENGTH = 32;
const NAME_CHAR = /^[A-Za-z0-9+\-_?=.]$/;

export interface StorePath {
  /** 20 bytes, the nixbase32-decoded hash part. */
  readonly digest: Uint8Array;
  readonly name: string;
}

/** A store path split from a longer path, with the components below it (empty for none). */
export interface StorePathWithSubpath {
  readonly storePath: StorePath;
  readonly subpath: Uint8Array[];
}

export type StorePathForm = "any" | "absolute" | "basename";

/**
 * Why `name` is not a valid store path name, or null if it is: 1 to 211 bytes of ASCII
 * letters, digits and `+ - _ ? = .`. A leading `.` is allowed (Nix precedent, as in tvix).
 */
export function storePathNameProblem(name: string): string | null {
  if (name.length === 0) return "name is empty";
  const bytes = Buffer.byteLength(name);
  if (bytes > MAX_STORE_PATH_NAME_LENGTH) {
    return `name is ${bytes} bytes, more than ${MAX_STORE_PATH_NAME_LENGTH}`;
  }
  for (let i = 0; i < name.length; i++) {
    const c = name[i] ?? "";
    if (!NAME_CHAR.test(c)) return `name has invalid character ${JSON.stringify(c)} at position ${i}`;
  }
  return null;
}

/** A validated StorePath from its parts (the digest is copied). */
export function storePath(digest: Uint8Array, name: string): StorePath {
  if (digest.length !== STORE_PATH_DIGEST_LENGTH) {
    throw invalid(`store path digest must be ${STORE_PATH_DIGEST_LENGTH} bytes, got ${digest.length}`);
  }
  const p = storePathNameProblem(name);
  if (p) throw invalid(`invalid store path name ${JSON.stringify(name)}: ${p}`);
  return { digest: Uint8Array.from(digest), name };
}

/**
 * Parses `/nix/store/<hash>-<name>` or `<hash>-<name>`; `form` restricts it to one of the two.
 * Bytes are accepted for names that come from castore nodes; anything non-ASCII is rejected.
 */
export function parseStorePath(text: string | Uint8Array, form: StorePathForm = "any"): StorePath {
  const s = typeof text === "string" ? text : Buffer.from(text).toString("latin1");
  const fail = (why: string): never => {
    throw invalid(`invalid store path ${typeof text === "string" ? JSON.stringify(text) : showBytes(text)}: ${why}`);
  };
  let base = s;
  if (s.startsWith(STORE_DIR_SLASH)) {
    if (form === "basename") fail("expected a basename <hash>-<name>, without the store directory");
    base = s.slice(STORE_DIR_SLASH.length);
  } else if (form === "absolute") {
    fail(`expected an absolute path starting with ${STORE_DIR_SLASH}`);
  }
  if (base.length < ENCODED_DIGEST_LENGTH + 2) fail(`too short for <32 nixbase32 characters>-<name>`);
  if (base[ENCODED_DIGEST_LENGTH] !== "-") fail(`expected "-" after the ${ENCODED_DIGEST_LENGTH}-character hash`);
  let digest: Uint8Array;
  try {
    digest = nixbase32Decode(base.slice(0, ENCODED_DIGEST_LENGTH), STORE_PATH_DIGEST_LENGTH);
  } catch (e) {
    return fail((e as Error).message);
  }
  const name = base.slice(ENCODED_DIGEST_LENGTH + 1);
  const p = storePathNameProblem(name);
  if (p) fail(p);
  return { digest, name };
}

/**
 * Splits `/nix/store/<hash>-<name>/bin/sh` (or the same without `/nix/store/`) into the store
 * path and the components below it. Empty components (`//`, a trailing `/`) are skipped; `.`,
 * `..` and other invalid names are rejected, so the subpath never leaves the store path.
 */
export function parseStorePathWithSubpath(text: string): StorePathWithSubpath {
  const rest = text.startsWith(STORE_DIR_SLASH) ? text.slice(STORE_DIR_SLASH.length) : text;
  const slash = rest.indexOf("/");
  if (slash < 0) return { storePath: parseStorePath(text), subpath: [] };
  const storePath = parseStorePath(text.slice(0, text.length - rest.length + slash));
  const subpath: Uint8Array[] = [];
  for (const c of rest.slice(slash + 1).split("/")) {
    if (c === "") continue;
    const b = new Uint8Array(Buffer.from(c, "utf8"));
    const p = nameProblem(b);
    if (p) throw invalid(`invalid subpath in ${JSON.stringify(text)}: component ${showBytes(b)}: ${p}`);
    subpath.push(b);
  }
  return { storePath, subpath };
}

/** `<hash>-<name>`, the form used in narinfo References and castore root node names. */
export function storePathBasename(p: StorePath): string {
  return `${nixbase32Encode(p.digest)}-${p.name}`;
}

/** `/nix/store/<hash>-<name>`. */
export function formatStorePath(p: StorePath): string {
  return STORE_DIR_SLASH + storePathBasename(p);
}

/**
 * Nix's makeStorePath: sha256 of `<type>:<innerHash>:/nix/store:<name>`, folded to 20 bytes
 * by XOR. `innerHash` is `<algo>:<lowercase hex>`, e.g. `sha256:5891…`.
 */
export function makeStorePath(type: string, innerHash: string, name: string): StorePath {
  const p = storePathNameProblem(name);
  if (p) throw invalid(`invalid store path name ${JSON.stringify(name)}: ${p}`);
  const full = createHash("sha256").update(`${type}:${innerHash}:${STORE_DIR}:${name}`).digest();
  const digest = new Uint8Array(STORE_PATH_DIGEST_LENGTH);
  for (let i = 0; i < full.length; i++) {
    const j = i % STORE_PATH_DIGEST_LENGTH;
    digest[j] = (digest[j] ?? 0) ^ (full[i] ?? 0);
  }
  return { digest, name };
}

/**
 * The path Nix gives content with this content address: `source` for a recursive sha256 (what
 * `nix-store --add` makes), `text` for text (derivations, `builtins.toFile`), and
 * `output:out` for every other fixed-output hash. Only `source` and `text` may have references.
 */
export function caStorePath(ca: CaHash, name: string, references: readonly StorePath[] = [], selfReference = false): StorePath {
  const c = caHash(ca.type, ca.algo, ca.digest);
  const inner = `${c.algo}:${Buffer.from(c.digest).toString("hex")}`;
  if (c.type === "text" || (c.type === "nar" && c.algo === "sha256")) {
    if (c.type === "text" && selfReference) throw invalid("a text content address cannot refer to itself");
    // Nix keeps references in a set ordered by basename and writes them absolute; a reference
    // to the path itself is written as ":self" after them (makeType).
    const refs = [...new Set(references.map(formatStorePath))].sort();
    const type = [c.type === "text" ? "text" : "source", ...refs, ...(selfReference ? ["self"] : [])].join(":");
    return makeStorePath(type, inner, name);
  }
  if (references.length > 0 || selfReference) {
    throw invalid(`a ${c.type} ${c.algo} content address cannot have references, got ${references.length}`);
  }
  const fixed = `fixed:out:${c.type === "nar" ? "r:" : ""}${inner}:`;
  return makeStorePath("output:out", "sha256:" + createHash("sha256").update(fixed).digest("hex"), name);
}

/** The path of `nix-store --add` for a file or directory whose NAR has this sha256. */
export function caStorePathRecursive(narSha256: Uint8Array, name: string): StorePath {
  return caStorePath({ type: "nar", algo: "sha256", digest: narSha256 }, name);
}

/** The path of `nix-store --add-fixed sha256` for a file whose contents have this sha256. */
export function caStorePathFlat(fileSha256: Uint8Array, name: string): StorePath {
  return caStorePath({ type: "flat", algo: "sha256", digest: fileSha256 }, name);
}
