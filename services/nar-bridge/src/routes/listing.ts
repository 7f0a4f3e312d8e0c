// `/<hash>.ls`: the NAR listing of a stored path (JSON, each regular file with its `narOffset`),
// computed from its directories. Nix uploads one with `?write-nar-listing=1`; that PUT is accepted
// and dropped, since the bridge computes its own from the content it checked.
import { nixbase32Decode } from "@castore/core";
import { discardBody, textReply } from "../http.js";
import { fetchClosure, narListing } from "../nar-layout.js";
import { CONTENT_TYPE, type Route } from "../route.js";

export const listingRoute: Route = {
  name: "listing",
  methods: ["GET", "PUT"],
  pattern: /^\/([0123456789abcdfghijklmnpqrsvwxyz]{32})\.ls$/,
  async handle(req, ctx) {
    const hash = req.params[0]!;
    if (req.method === "PUT") {
      const n = await discardBody(req.raw, ctx.settings.maxSideFileBytes, "NAR listing");
      return textReply(200, `NAR listing of ${n} bytes accepted (this cache computes its own)`);
    }
    const info = await ctx.store.pathInfos.get(nixbase32Decode(hash, 20));
    if (info === null) return textReply(404, `no store path with hash ${hash} in this cache`, { "cache-control": "no-cache" });
    const listing = narListing(info.node, await fetchClosure(ctx.store, info.node));
    return { status: 200, headers: { "content-type": CONTENT_TYPE.json, "cache-control": "public, max-age=300" }, body: JSON.stringify(listing) };
  },
};
