// The NAR URL a narinfo names: `nar/castore/<node>.nar?narsize=N`, where <node> is the anonymous
// root node's tvix.castore.v1.Node encoding in base64url without padding (tvix: `nar/tvix-castore/…`,
// snix: `nar/snix-castore/…`). The URL carries everything needed to render the NAR, so the NAR
// routes need no lookup and any replica serves any NAR.
import { decodeNode, encodeNode, invalid, renameNode, validateNode, type Node } from "@castore/core";

/** A node encoding longer than this is refused (tvix allows 4096 bytes). */
const MAX_NODE_BYTES = 4096;

export function narUrl(node: Node, narSize: bigint): string {
  const b64 = Buffer.from(encodeNode(renameNode(node, new Uint8Array(0)))).toString("base64url");
  return `nar/castore/${b64}.nar?narsize=${narSize}`;
}

/** The node and size of a NAR URL's path part (`<b64>.nar`) and `narsize` parameter; InvalidArgument if malformed. */
export function parseNarUrl(encoded: string, narsize: string | null): { node: Node; narSize: bigint } {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) throw invalid(`NAR URL node ${JSON.stringify(encoded.slice(0, 80))} is not base64url`);
  const bytes = Buffer.from(encoded, "base64url");
  if (bytes.length > MAX_NODE_BYTES) throw invalid(`NAR URL node of ${bytes.length} bytes is longer than ${MAX_NODE_BYTES}`);
  const node = decodeNode(bytes);
  validateNode(node, { anonymous: true });
  if (narsize === null) throw invalid("NAR URL has no narsize parameter (the narinfo's URL carries one)");
  if (!/^(0|[1-9][0-9]{0,19})$/.test(narsize) || BigInt(narsize) >= 2n ** 64n) throw invalid(`narsize ${JSON.stringify(narsize)} is not a u64`);
  return { node, narSize: BigInt(narsize) };
}
