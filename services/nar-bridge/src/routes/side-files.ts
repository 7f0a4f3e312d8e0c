// Files newer Nix writes beside narinfos and NARs that this cache does not keep: build traces
// (`build-trace-v2/…`), realisations of content-addressed derivations (`realisations/…`) and build
// logs (`log/…`). Their PUTs are accepted and dropped so `nix copy` does not fail; a GET is 404.
import { notFound } from "@castore/core";
import { discardBody, textReply } from "../http.js";
import type { Route } from "../route.js";

export const sideFiles: Route = {
  name: "side-file",
  methods: ["GET", "PUT"],
  pattern: /^\/(build-trace-v2|realisations|log|debuginfo)\/(.+)$/,
  async handle(req, ctx) {
    const kind = req.params[0]!;
    if (req.method === "PUT") {
      const n = await discardBody(req.raw, ctx.settings.maxSideFileBytes, `${kind} file`);
      return textReply(200, `${kind} file of ${n} bytes accepted; this cache does not keep ${kind} files`);
    }
    throw notFound(`this cache keeps no ${kind} files`);
  },
};
