// A file:// binary cache written from castore's own output (narinfo from `path-info get --json`,
// NAR from `castore nar`), for `nix store verify` to judge the signatures and the NAR.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { nixbase32Decode, nixbase32Encode, parseCaHash, parseSignature, parseStorePath, renderNarInfo } from "@castore/core";
import { NIX_ENV } from "./oracle.test-util.js";

export interface KeyPair {
  readonly secretFile: string;
  readonly publicKey: string;
}

export function generateKey(dir: string, name: string): KeyPair {
  const secretFile = join(dir, `${name}.sec`);
  const publicFile = join(dir, `${name}.pub`);
  execFileSync("nix-store", ["--generate-binary-cache-key", name, secretFile, publicFile], { env: NIX_ENV });
  return { secretFile, publicKey: readFileSync(publicFile, "utf8").trim() };
}

/**
 * Writes `<hash>.narinfo` (Compression: none, URL nar/<hash>.nar) and the NAR into `dir`, plus
 * nix-cache-info. `withCa: false` leaves the CA line out: Nix trusts a content-addressed path
 * without any signature, so only then does the verdict depend on the signature.
 */
export function writeCacheEntry(dir: string, info: Record<string, unknown>, nar: Buffer, withCa: boolean): void {
  mkdirSync(join(dir, "nar"), { recursive: true });
  writeFileSync(join(dir, "nix-cache-info"), "StoreDir: /nix/store\nWantMassQuery: 1\nPriority: 30\n");
  const sp = parseStorePath(String(info["storePath"]));
  const hash = nixbase32Encode(sp.digest);
  writeFileSync(join(dir, "nar", `${hash}.nar`), nar);
  const text = renderNarInfo({
    storePath: sp,
    url: `nar/${hash}.nar`,
    compression: "none",
    narSha256: nixbase32Decode(String(info["narHash"]).replace(/^sha256:/, "")),
    narSize: BigInt(info["narSize"] as number),
    references: (info["references"] as string[]).map((r) => parseStorePath(r)),
    signatures: (info["signatures"] as string[]).map(parseSignature),
    ...(typeof info["deriver"] === "string" ? { deriver: parseStorePath(info["deriver"]) } : {}),
    ...(withCa && typeof info["ca"] === "string" ? { ca: parseCaHash(info["ca"]) } : {}),
  });
  writeFileSync(join(dir, `${hash}.narinfo`), text);
}

/** `nix store verify` of `storePath` in the file:// cache `dir` (contents checked too). */
export function nixVerify(dir: string, storePath: string, trustedKey: string): { status: number | null; stderr: string } {
  const r = spawnSync(
    "nix",
    ["store", "verify", "--store", `file://${dir}`, "--trusted-public-keys", trustedKey, "--sigs-needed", "1", storePath],
    { env: NIX_ENV, encoding: "utf8" },
  );
  return { status: r.status, stderr: r.stderr };
}
