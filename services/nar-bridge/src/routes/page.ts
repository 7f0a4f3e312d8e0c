// `GET /`: the page for people — how to use the cache, then the store's paths, one listing page at
// a time (`?cursor=<base64url>&limit=N`, in the path-info service's listing order, the cursor its
// own), each with its type, NAR size and number of references, linked to its tree under /browse/.
import { formatStorePath, nixbase32Encode, storePathBasename, type PathInfo } from "@castore/core";
import { PAGE_HEADERS, html, page, sizeCell } from "../html.js";
import type { Route } from "../route.js";
import { browseUrl } from "./browse.js";
import { base64urlParam, limitParam } from "./params.js";

/** Paths the page shows by default, and at most (`?limit=`; the path-info service's page limit). */
export const PATHS_PAGE = { default: 100, max: 1000 } as const;

export const homePage: Route = {
  name: "page",
  methods: ["GET"],
  pattern: /^\/$/,
  async handle(req, ctx) {
    const q = req.url.searchParams;
    const limit = limitParam(q, "limit", PATHS_PAGE.default, PATHS_PAGE.max);
    const cursor = base64urlParam(q, "cursor");
    const listed = await ctx.store.pathInfos.listPage(cursor, limit);
    const here = `http://${req.raw.headers.host ?? "HOST:PORT"}/`;
    const limitQuery = limit === PATHS_PAGE.default ? "" : `limit=${limit}`;
    const nav: string[] = [];
    if (cursor !== null) nav.push(`<a href="/${limitQuery === "" ? "" : `?${limitQuery}`}">first page</a>`);
    if (listed.next !== null) {
      nav.push(`<a href="/?cursor=${Buffer.from(listed.next).toString("base64url")}${limitQuery === "" ? "" : `&amp;${limitQuery}`}">next page</a>`);
    }
    const table =
      listed.infos.length === 0
        ? `<p class="dim">${cursor === null ? "No store paths yet." : "No more store paths."}</p>`
        : `<table><thead><tr><th>store path</th><th class="t">type</th><th class="n">NAR size</th><th class="n">references</th><th class="t"></th></tr></thead><tbody>\n` +
          listed.infos.map(row).join("\n") +
          `\n</tbody></table>`;
    const body =
      `<h1>castore binary cache</h1>\n` +
      `<p>A Nix binary cache over the castore store <code>${html(ctx.store.url)}</code>` +
      (ctx.store.prefix === "" ? "" : ` (prefix <code>${html(ctx.store.prefix)}</code>)`) +
      `. Substitute from it with <code>--option extra-substituters ${html(here)}</code>; upload with ` +
      `<code>nix copy --to '${html(here)}?compression=none'</code>. See also <a href="/nix-cache-info">nix-cache-info</a>.</p>\n` +
      `<h2>Store paths</h2>\n${table}\n` +
      `<nav class="pages"><span class="dim">${listed.infos.length} on this page</span> ${nav.join(" ")}</nav>`;
    return { status: 200, headers: PAGE_HEADERS, body: page("castore binary cache", body) };
  },
};

function row(i: PathInfo): string {
  const hash = nixbase32Encode(i.storePath.digest);
  const type = i.node.type === "file" && i.node.executable ? "executable" : i.node.type;
  return (
    `<tr><td class="name"><a href="${browseUrl(hash)}" title="${html(formatStorePath(i.storePath))}">${html(storePathBasename(i.storePath))}</a></td>` +
    `<td class="t">${type}</td>${sizeCell(i.narSize)}<td class="n">${i.references.length}</td><td class="t"><a href="/${hash}.narinfo">narinfo</a></td></tr>`
  );
}
