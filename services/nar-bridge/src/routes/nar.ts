// NARs. Downloads: `/nar/castore/<node>.nar?narsize=N` (the URL narinfos name) renders the node's
// NAR on the fly, streaming, with single-range support. Uploads (`nix copy --to`): `PUT
// /nar/<narhash>.nar` ingests the body while hashing it and records NarHash -> node in the shared
// index; `HEAD` of that URL says whether the NAR is already here, so Nix skips the upload.
import { invalid, nixbase32Decode, notFound, type Node } from "@castore/core";
import { HttpError, parseRange, textReply, type Reply } from "../http.js";
import { fetchClosure, narRange, narSizeOf } from "../nar-layout.js";
import { parseNarUrl } from "../nar-url.js";
import { CONTENT_TYPE, IMMUTABLE, type BridgeContext, type BridgeRequest, type Route } from "../route.js";

export const narDownload: Route = {
  name: "nar",
  methods: ["GET"],
  pattern: /^\/nar\/castore\/([^/]+)\.nar$/,
  async handle(req, ctx) {
    const { node, narSize } = parseNarUrl(req.params[0]!, req.url.searchParams.get("narsize"));
    return serveNar(req, ctx, node, narSize);
  },
};

/**
 * The NAR of `node`: HEAD answers from the URL's size once the root is found; GET streams the NAR
 * rendered on the fly (Content-Length the size given), or the one range asked for (206).
 */
async function serveNar(req: BridgeRequest, ctx: BridgeContext, node: Node, narSize: bigint): Promise<Reply> {
  const headers = { "content-type": CONTENT_TYPE.nar, "cache-control": IMMUTABLE, "accept-ranges": "bytes" };
  if (req.method === "HEAD") {
    if (!(await rootExists(ctx, node))) throw notFound(`the NAR's root ${describe(node)} is not in this store`);
    return { status: 200, headers: { ...headers, "content-length": String(narSize) } };
  }
  const range = parseRange(req.raw.headers.range, narSize);
  if (range === null) {
    // The first piece is rendered before the reply starts, so a missing root is a clean 404.
    const pieces = ctx.store.nar(node)[Symbol.asyncIterator]();
    const first = await pieces.next();
    return { status: 200, headers: { ...headers, "content-length": String(narSize) }, body: prepend(first, pieces) };
  }
  const closure = await fetchClosure(ctx.store, node);
  const real = narSizeOf(node, closure);
  if (real !== narSize) throw invalid(`narsize ${narSize} in the URL is not the size of this NAR (${real} bytes)`);
  return {
    status: 206,
    headers: {
      ...headers,
      "content-length": String(range.end - range.start),
      "content-range": `bytes ${range.start}-${range.end - 1n}/${narSize}`,
    },
    body: narRange(ctx.store, node, closure, range.start, range.end),
  };
}

/** Compression suffixes Nix may append (`?compression=…`); none is decompressed here. */
const COMPRESSED = /\.(xz|zst|bz2|br|gz|lz4|lzip|zstd)$/;

export const narUpload: Route = {
  name: "nar-upload",
  methods: ["GET", "PUT"],
  pattern: /^\/nar\/([0123456789abcdfghijklmnpqrsvwxyz]{52})\.nar((?:\.[a-z0-9]+)?)$/,
  async handle(req, ctx) {
    const [hash, ext] = [req.params[0]!, req.params[1]!];
    if (ext !== "") {
      throw compressedUpload(req, ext);
    }
    const narSha256 = nixbase32Decode(hash, 32);
    if (req.method === "PUT") return putNar(req, ctx, hash, narSha256);
    const indexed = await ctx.index.get(narSha256);
    if (req.method === "GET") {
      // Only NARs a stored path claimed: an upload nobody registered stays invisible.
      if (indexed === null || !indexed.claimed) throw notFound(`no NAR with hash sha256:${hash} in this cache`);
      return serveNar(req, ctx, indexed.node, indexed.narSize);
    }
    // HEAD: uploaded before (claimed or not; Nix asks to skip a re-upload), and its content still
    // here (a GC may have taken an unclaimed one).
    if (indexed === null || !(await rootExists(ctx, indexed.node))) throw notFound(`no NAR with hash sha256:${hash} in this cache`);
    return { status: 200, headers: { "content-type": CONTENT_TYPE.nar, "content-length": String(indexed.narSize) } };
  },
};

/** Any other path under /nar/: a clear refusal instead of "no such route". */
export const narOther: Route = {
  name: "nar-other",
  methods: ["GET", "PUT"],
  pattern: /^\/nar\/(.*)$/,
  async handle(req) {
    if (COMPRESSED.test(req.params[0]!) && req.method === "PUT") {
      throw compressedUpload(req, /\.[a-z0-9]+$/.exec(req.params[0]!)![0]);
    }
    const want = req.method === "PUT" ? "nar/<nixbase32 NAR sha256>.nar" : "nar/castore/<node>.nar?narsize=N";
    throw invalid(`${JSON.stringify(req.url.pathname)} is not a NAR URL of this cache (expected ${want})`);
  },
};

function compressedUpload(req: BridgeRequest, ext: string): HttpError {
  const here = `http://${req.raw.headers.host ?? "HOST:PORT"}`;
  return new HttpError(415, `compressed NAR uploads (${ext}) are not accepted; upload uncompressed: nix copy --to '${here}?compression=none'`);
}

async function putNar(req: BridgeRequest, ctx: BridgeContext, hash: string, narSha256: Uint8Array): Promise<Reply> {
  const got = await ctx.store.ingestNar(req.raw, { expectNarSha256: narSha256 });
  // A NAR uploaded again keeps its claim: the same bytes always give the same node.
  const claimed = (await ctx.index.get(narSha256))?.claimed ?? false;
  await ctx.index.put(narSha256, { node: got.node, narSize: got.narSize, claimed });
  ctx.log.info(
    { narHash: `sha256:${hash}`, narSize: Number(got.narSize), bytesUploaded: got.bytesUploaded, chunksSkipped: got.chunksSkipped },
    "stored NAR",
  );
  return textReply(200, `stored NAR sha256:${hash} (${got.narSize} bytes)`);
}

async function rootExists(ctx: BridgeContext, node: Node): Promise<boolean> {
  if (node.type === "directory") return (await ctx.store.directories.get(node.digest)) !== null;
  if (node.type === "file") return node.size === 0n || (await ctx.store.blobs.has(node.digest));
  return true;
}

function describe(node: Node): string {
  return node.type === "symlink" ? "symlink" : `${node.type} ${node.digest}`;
}

async function* prepend(first: IteratorResult<Uint8Array>, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    if (first.done) return;
    yield first.value;
    for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
  } finally {
    await rest.return?.();
  }
}
