// `/<hash>.narinfo`: GET/HEAD render a stored PathInfo as Nix's narinfo, its URL naming the NAR
// route (nar-url.ts); PUT (the second half of `nix copy --to`) binds the store path to the node a
// NAR upload became (found by NarHash in the shared index) and registers it through the path-info
// service, which checks content, references and CA, and signs with the store's key.
import {
  formatStorePath,
  invalid,
  makePathInfo,
  nixbase32Decode,
  nixbase32Encode,
  parseNarInfo,
  renderNarInfo,
  type NarInfo,
  type PathInfo,
} from "@castore/core";
import { HttpError, readBody, textReply } from "../http.js";
import { narUrl } from "../nar-url.js";
import { CONTENT_TYPE, type BridgeContext, type Route } from "../route.js";

/** 32 nixbase32 characters: a store path's hash part. */
const HASH = "([0123456789abcdfghijklmnpqrsvwxyz]{32})";

export const narinfoRoute: Route = {
  name: "narinfo",
  methods: ["GET", "PUT"],
  pattern: new RegExp(`^/${HASH}\\.narinfo$`),
  async handle(req, ctx) {
    const hash = req.params[0]!;
    if (req.method === "PUT") return putNarinfo(hash, await readBody(req.raw, ctx.settings.maxNarinfoBytes, "narinfo"), ctx);
    const info = await ctx.store.pathInfos.get(nixbase32Decode(hash, 20));
    if (info === null) {
      return textReply(404, `no store path with hash ${hash} in this cache`, { "cache-control": "no-cache" });
    }
    // Signatures may be added later, so a narinfo is not immutable like a NAR.
    return { status: 200, headers: { "content-type": CONTENT_TYPE.narinfo, "cache-control": "public, max-age=300" }, body: narinfoText(info) };
  },
};

/** The narinfo of a stored path: Compression none, the NAR rendered on the fly at its node's URL. */
export function narinfoText(info: PathInfo): string {
  const n: NarInfo = {
    storePath: info.storePath,
    url: narUrl(info.node, info.narSize),
    compression: "none",
    // Nix shows download progress against FileSize; uncompressed, it is the NAR's size (as snix).
    fileSize: info.narSize,
    narSha256: info.narSha256,
    narSize: info.narSize,
    references: info.references,
    ...(info.deriver === null ? {} : { deriver: info.deriver }),
    signatures: info.signatures,
    ...(info.ca === null ? {} : { ca: info.ca }),
  };
  return renderNarInfo(n);
}

async function putNarinfo(hash: string, body: Buffer, ctx: BridgeContext) {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw invalid("narinfo is not UTF-8 text");
  }
  const n = parseNarInfo(text);
  const where = formatStorePath(n.storePath);
  const own = nixbase32Encode(n.storePath.digest);
  if (own !== hash) {
    throw new HttpError(400, `narinfo of ${where} was PUT to ${hash}.narinfo; it belongs at ${own}.narinfo`);
  }
  const narHash = `sha256:${nixbase32Encode(n.narSha256)}`;
  const indexed = await ctx.index.get(n.narSha256);
  let node = indexed?.node ?? null;
  if (indexed !== null) {
    if (indexed.narSize !== n.narSize) {
      throw invalid(`${where}: NarSize ${n.narSize} does not match the NAR uploaded with NarHash ${narHash}, which has ${indexed.narSize} bytes`);
    }
  } else {
    // Not uploaded through a bridge, but perhaps stored already (castore import, an earlier copy):
    // a re-upload of the same facts only adds its signatures.
    const stored = await ctx.store.pathInfos.get(n.storePath.digest);
    if (stored !== null && Buffer.from(stored.narSha256).equals(n.narSha256)) node = stored.node;
  }
  if (node === null) {
    throw invalid(`${where}: no NAR with NarHash ${narHash} was uploaded to this cache; PUT /nar/${nixbase32Encode(n.narSha256)}.nar first`);
  }
  const info = makePathInfo({
    storePath: n.storePath,
    node,
    references: n.references,
    narSize: n.narSize,
    narSha256: n.narSha256,
    signatures: n.signatures,
    deriver: n.deriver ?? null,
    ca: n.ca ?? null,
  });
  const stored = await ctx.store.pathInfos.put(info);
  // Nix keeps the narinfo it uploaded, URL `nar/<narhash>.nar` included, and may download from it.
  if (indexed === null || !indexed.claimed) await ctx.index.put(n.narSha256, { node, narSize: n.narSize, claimed: true });
  ctx.log.info({ storePath: where, narHash, signatures: stored.signatures.length }, "stored path");
  return textReply(200, `stored ${where}`);
}
