// The narinfo text of Nix binary caches. Rendering follows Nix's field order exactly, so a
// narinfo Nix wrote parses and renders back byte for byte. What we accept beyond that, and
// render in canonical form instead: a NarHash in hex (seen on cache.nixos.org), a missing final
// newline, and unknown fields (Nix ignores them; we keep them, in order, after the known ones).
import { parseCaHash, formatCaHash, type CaHash } from "./ca-hash.js";
import { invalid } from "./errors.js";
import { nixbase32Decode, nixbase32Encode } from "./nixbase32.js";
import { U64_MAX } from "./nodes.js";
import { formatSignature, parseSignature, type Signature } from "./signing.js";
import { formatStorePath, parseStorePath, storePathBasename, type StorePath } from "./store-path.js";

export interface NarInfo {
  readonly storePath: StorePath;
  /** Where the (compressed) NAR is, relative to the narinfo. */
  readonly url: string;
  /** Absent means the line was absent, which Nix reads as "bzip2". */
  readonly compression?: string | undefined;
  /** sha256 of the file at `url`. */
  readonly fileHash?: Uint8Array | undefined;
  readonly fileSize?: bigint | undefined;
  readonly narSha256: Uint8Array;
  readonly narSize: bigint;
  readonly references: readonly StorePath[];
  /** The derivation's store path, including its `.drv` suffix. */
  readonly deriver?: StorePath | undefined;
  readonly system?: string | undefined;
  readonly signatures: readonly Signature[];
  readonly ca?: CaHash | undefined;
  /** Fields Nix does not know, as [key, value], in the order they came. */
  readonly unknownFields?: readonly (readonly [string, string])[] | undefined;
}

const REQUIRED = ["StorePath", "URL", "NarHash", "NarSize", "References"] as const;
// Fields that may appear once; Sig may repeat, unknown fields are kept as they come.
const SINGLE: ReadonlySet<string> = new Set([...REQUIRED, "Compression", "FileHash", "FileSize", "Deriver", "System", "CA"]);
const U64 = /^(0|[1-9][0-9]*)$/;
const HEX64 = /^[0-9a-f]{64}$/;

export function parseNarInfo(text: string): NarInfo {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const seen = new Set<string>();
  const f: {
    storePath?: StorePath;
    url?: string;
    compression?: string;
    fileHash?: Uint8Array;
    fileSize?: bigint;
    narSha256?: Uint8Array;
    narSize?: bigint;
    references?: StorePath[];
    deriver?: StorePath;
    system?: string;
    ca?: CaHash;
  } = {};
  const signatures: Signature[] = [];
  const unknownFields: [string, string][] = [];

  lines.forEach((line, i) => {
    const fail = (why: string, cause?: unknown): never => {
      throw invalid(`narinfo line ${i + 1}: ${why}`, cause);
    };
    // Wraps a parser whose own error message already says what and shows the value.
    const parse = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (e) {
        return fail((e as Error).message, e);
      }
    };
    const colon = line.indexOf(":");
    if (colon <= 0 || line[colon + 1] !== " ") fail(`expected "<Key>: <value>", got ${JSON.stringify(line)}`);
    const key = line.slice(0, colon);
    const value = line.slice(colon + 2);
    const nonEmpty = (): string => (value === "" ? fail(`${key} is empty`) : value);
    const u64 = (): bigint => {
      if (!U64.test(value) || BigInt(value) > U64_MAX) fail(`${key} is not a decimal u64: ${JSON.stringify(value)}`);
      return BigInt(value);
    };
    const sha256 = (hexAllowed: boolean): Uint8Array => {
      if (!value.startsWith("sha256:")) fail(`${key} must start with "sha256:", got ${JSON.stringify(value)}`);
      const h = value.slice(7);
      if (hexAllowed && HEX64.test(h)) return new Uint8Array(Buffer.from(h, "hex"));
      return parse(() => nixbase32Decode(h, 32));
    };
    if (SINGLE.has(key)) {
      if (seen.has(key)) fail(`duplicate ${key}`);
      seen.add(key);
    }
    switch (key) {
      case "StorePath":
        f.storePath = parse(() => parseStorePath(value, "absolute"));
        break;
      case "URL":
        f.url = nonEmpty();
        break;
      case "Compression":
        f.compression = nonEmpty();
        break;
      case "FileHash":
        f.fileHash = sha256(false);
        break;
      case "FileSize":
        f.fileSize = u64();
        break;
      case "NarHash":
        f.narSha256 = sha256(true);
        break;
      case "NarSize":
        f.narSize = u64();
        break;
      case "References":
        f.references = value === "" ? [] : value.split(" ").map((r, n) => parse(() => parseReference(r, n)));
        break;
      case "Deriver": {
        const d = parse(() => parseStorePath(value, "basename"));
        if (!d.name.endsWith(".drv")) fail(`Deriver ${JSON.stringify(value)} does not end in .drv`);
        f.deriver = d;
        break;
      }
      case "System":
        f.system = nonEmpty();
        break;
      case "Sig":
        signatures.push(parse(() => parseSignature(value)));
        break;
      case "CA":
        f.ca = parse(() => parseCaHash(value));
        break;
      default:
        unknownFields.push([key, value]);
    }
  });

  for (const key of REQUIRED) {
    if (!seen.has(key)) throw invalid(`narinfo has no ${key} line`);
  }
  const { storePath, url, narSha256, narSize, references } = f;
  if (!storePath || url === undefined || !narSha256 || narSize === undefined || !references) {
    throw new Error("unreachable: required narinfo fields were checked");
  }
  return {
    storePath,
    url,
    ...(f.compression !== undefined && { compression: f.compression }),
    ...(f.fileHash && { fileHash: f.fileHash }),
    ...(f.fileSize !== undefined && { fileSize: f.fileSize }),
    narSha256,
    narSize,
    references,
    ...(f.deriver && { deriver: f.deriver }),
    ...(f.system !== undefined && { system: f.system }),
    signatures,
    ...(f.ca && { ca: f.ca }),
    ...(unknownFields.length > 0 && { unknownFields }),
  };
}

function parseReference(text: string, index: number): StorePath {
  try {
    return parseStorePath(text, "basename");
  } catch (e) {
    throw invalid(`reference ${index + 1}: ${(e as Error).message}`, e);
  }
}

/** The narinfo text, in Nix's field order, one `Key: value\n` line per field. */
export function renderNarInfo(info: NarInfo): string {
  let out = "";
  const line = (key: string, value: string): void => {
    if (value.includes("\n")) throw invalid(`narinfo ${key} contains a newline: ${JSON.stringify(value)}`);
    out += `${key}: ${value}\n`;
  };
  const sha256 = (key: string, digest: Uint8Array): string => {
    if (digest.length !== 32) throw invalid(`narinfo ${key} must be 32 bytes, got ${digest.length}`);
    return "sha256:" + nixbase32Encode(digest);
  };
  line("StorePath", formatStorePath(info.storePath));
  line("URL", info.url);
  if (info.compression !== undefined) line("Compression", info.compression);
  if (info.fileHash !== undefined) line("FileHash", sha256("FileHash", info.fileHash));
  if (info.fileSize !== undefined) line("FileSize", info.fileSize.toString());
  line("NarHash", sha256("NarHash", info.narSha256));
  line("NarSize", info.narSize.toString());
  // With no references this is "References: ", trailing space included, as Nix writes it.
  line("References", info.references.map(storePathBasename).join(" "));
  if (info.deriver !== undefined) line("Deriver", storePathBasename(info.deriver));
  if (info.system !== undefined) line("System", info.system);
  for (const sig of info.signatures) line("Sig", formatSignature(sig));
  if (info.ca !== undefined) line("CA", formatCaHash(info.ca));
  for (const [key, value] of info.unknownFields ?? []) {
    if (key === "" || key.includes(":") || key.includes("\n")) {
      throw invalid(`narinfo field name ${JSON.stringify(key)} is not valid`);
    }
    line(key, value);
  }
  return out;
}
