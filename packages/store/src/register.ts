// Registering content as a Nix store path: the PathInfo `nix-store --add` would give it (the
// recursive CA path of its NAR, `fixed:r:sha256`, no references), put after the content is stored.
import { caHash, caStorePathRecursive, makePathInfo, type Node, type PathInfo } from "@castore/core";
import type { PathInfoService } from "@castore/pathinfo";

export interface NarContent {
  readonly node: Node;
  readonly narSha256: Uint8Array;
  readonly narSize: bigint;
}

export function registerCaPath(infos: PathInfoService, c: NarContent, name: string): Promise<PathInfo> {
  const info = makePathInfo({
    storePath: caStorePathRecursive(c.narSha256, name),
    node: c.node,
    references: [],
    narSize: c.narSize,
    narSha256: c.narSha256,
    signatures: [],
    deriver: null,
    ca: caHash("nar", "sha256", c.narSha256),
  });
  return infos.put(info);
}
