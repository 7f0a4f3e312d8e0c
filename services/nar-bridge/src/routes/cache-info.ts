// GET /nix-cache-info: what Nix asks first of a binary cache.
import { STORE_DIR } from "@castore/core";
import { CONTENT_TYPE, type Route } from "../route.js";

export const cacheInfo: Route = {
  name: "nix-cache-info",
  methods: ["GET"],
  pattern: /^\/nix-cache-info$/,
  async handle(_req, ctx) {
    return {
      status: 200,
      headers: { "content-type": CONTENT_TYPE.cacheInfo, "cache-control": "public, max-age=300" },
      body: `StoreDir: ${STORE_DIR}\nWantMassQuery: 1\nPriority: ${ctx.settings.priority}\n`,
    };
  },
};
