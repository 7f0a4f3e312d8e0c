// `castore hash PATH [--json] [--name NAME]`: the root node and the Nix view (NAR hash and size,
// the CA store path `nix-store --add` would give) of a local path, computed without storing.
import { basename, resolve } from "node:path";
import { caStorePathRecursive, formatStorePath, hashPath, nixbase32Encode } from "@castore/core";
import { UsageError, parse } from "../args.js";
import { makeOutput, nodeJson } from "../output.js";

export const usage = "castore hash PATH [--name NAME] [--json]";

export async function hash(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    json: { type: "boolean" },
    name: { type: "string" },
  });
  if (positionals.length !== 1) throw new UsageError(`usage: ${usage}`);
  const path = positionals[0]!;
  const name = (values["name"] as string | undefined) ?? basename(resolve(path));
  // Check the store path name before reading a possibly huge tree.
  const storePathOf = (narSha256: Uint8Array) => caStorePathRecursive(narSha256, name);
  storePathOf(new Uint8Array(32));
  const r = await hashPath(path);
  makeOutput(values["json"] === true).result({
    ...nodeJson(r.node),
    narHash: `sha256:${nixbase32Encode(r.narSha256)}`,
    narSize: r.narSize,
    storePath: formatStorePath(storePathOf(r.narSha256)),
  });
}
