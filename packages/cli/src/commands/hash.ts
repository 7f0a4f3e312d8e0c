// `castore hash PATH [--json] [--name NAME]`: the root node and the Nix view (NAR hash and size,
// the CA store path `nix-store --add` would give) of a local path, computed without storing.
import { basename, resolve } from "node:path";
import { caStorePathRecursive, formatStorePath, hashPath, nixbase32Encode, type PathHash } from "@castore/core";
import { UsageError, parse } from "../args.js";
import { makeOutput, nodeJson, type Json } from "../output.js";

export const usage = "castore hash PATH [--name NAME] [--json]";

/** The store path name of PATH (--name, else its base name), checked before a tree is read. */
export function storePathName(path: string, name: string | undefined): string {
  const n = name ?? basename(resolve(path));
  caStorePathRecursive(new Uint8Array(32), n);
  return n;
}

/** The JSON of `hash` (and the first fields of `import`): DESIGN §7. */
export function hashJson(r: PathHash, name: string): Record<string, Json | undefined> {
  return {
    ...nodeJson(r.node),
    narHash: `sha256:${nixbase32Encode(r.narSha256)}`,
    narSize: r.narSize,
    storePath: formatStorePath(caStorePathRecursive(r.narSha256, name)),
  };
}

export async function hash(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    json: { type: "boolean" },
    name: { type: "string" },
  });
  if (positionals.length !== 1) throw new UsageError(`usage: ${usage}`);
  const path = positionals[0]!;
  const name = storePathName(path, values["name"] as string | undefined);
  const r = await hashPath(path);
  makeOutput(values["json"] === true).result(hashJson(r, name));
}
