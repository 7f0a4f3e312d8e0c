// `GET /`: a page for people. For now a short placeholder naming what the cache serves; the
// browsable listing of store paths and their trees is issue 13 item 7, still to be done.
import { CONTENT_TYPE, type Route } from "../route.js";

export const homePage: Route = {
  name: "page",
  methods: ["GET"],
  pattern: /^\/$/,
  async handle(_req, ctx) {
    const body =
      "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>castore binary cache</title></head>\n" +
      "<body><h1>castore binary cache</h1>\n" +
      `<p>A Nix binary cache over the castore store <code>${escapeHtml(ctx.store.url)}</code> (prefix <code>${escapeHtml(ctx.store.prefix)}</code>).</p>\n` +
      "<p>Use it as a substituter (<code>--option substituters http://this-host/</code>) or upload with " +
      "<code>nix copy --to 'http://this-host/?compression=none'</code>. See <a href=\"nix-cache-info\">nix-cache-info</a>.</p>\n" +
      "</body></html>\n";
    return { status: 200, headers: { "content-type": CONTENT_TYPE.html, "cache-control": "no-cache" }, body };
  },
};

export function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}
