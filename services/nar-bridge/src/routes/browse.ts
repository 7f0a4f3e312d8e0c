// `/browse/<hash>/…`: a stored path's tree for people. `/browse/<hash>/` is the path's page (its
// facts, and the root directory's listing); `/browse/<hash>/sub/dir/` lists a directory, paged
// (`?after=<base64url name>&limit=N`); `/browse/<hash>/path/to/file` (and `/browse/<hash>` for a
// path that is one file) serves the file's bytes, streamed from the store, as text/plain or
// application/octet-stream only, under a CSP that sandboxes it. A directory asked without its
// trailing slash, or a file or symlink with one, is redirected (301) to its proper URL. The path
// is read from the raw URL, so names that are not UTF-8 are addressed exactly.
import {
  STORE_DIR,
  formatCaHash,
  formatStorePath,
  nixbase32Decode,
  nixbase32Encode,
  notFound,
  storePathBasename,
  type Directory,
  type FileNode,
  type Node,
  type PathInfo,
} from "@castore/core";
import type { Resolved } from "@castore/store";
import { SNIFF_BYTES, guessContentType } from "../content-type.js";
import { FILE_CSP, PAGE_HEADERS, bytesText, html, humanSize, page, plainBytes, segment, showBytes, sizeCell } from "../html.js";
import { parseRange, percentDecode, type Reply } from "../http.js";
import { narUrl } from "../nar-url.js";
import type { BridgeContext, BridgeRequest, Route } from "../route.js";
import { base64urlParam, limitParam } from "./params.js";

const HASH = "[0123456789abcdfghijklmnpqrsvwxyz]{32}";

/** Entries a directory page shows by default, and at most (`?limit=`). */
export const DIR_PAGE = { default: 1000, max: 5000 } as const;

/** The URL of `names` below a path's root: a directory's ends in `/`; a file's or symlink's does not. */
export function browseUrl(hash: string, names: readonly Uint8Array[] = [], directory = true): string {
  return `/browse/${hash}${names.map((n) => `/${segment(n)}`).join("")}${directory ? "/" : ""}`;
}

export const browseRoute: Route = {
  name: "browse",
  methods: ["GET"],
  pattern: new RegExp(`^/browse/(${HASH})(?:/[\\s\\S]*)?$`),
  async handle(req, ctx) {
    const hash = req.params[0]!;
    const { names, slash } = subpath(req.url.pathname);
    const info = await ctx.store.pathInfos.get(nixbase32Decode(hash, 20));
    if (info === null) throw notFound(`no store path with hash ${hash} in this cache`);
    const r = await ctx.store.resolve({ storePath: info.storePath, subpath: names });
    const w: Where = { hash, info, names };
    const node = r.node;
    const moveTo = (directory: boolean): Reply => redirect(browseUrl(hash, names, directory) + req.url.search);
    if (names.length === 0) {
      if (slash) return pathPage(req, w, r);
      return node.type === "file" ? serveFile(req, ctx, node) : moveTo(true);
    }
    if (node.type === "directory") return slash ? htmlReply(dirPage(req, w, r.dir!)) : moveTo(true);
    if (slash) return moveTo(false);
    return node.type === "file" ? serveFile(req, ctx, node) : htmlReply(symlinkPage(w, node.target));
  },
};

/** What a page is about: the path, and the names below its root. */
interface Where {
  readonly hash: string;
  readonly info: PathInfo;
  readonly names: readonly Buffer[];
}

/** The names after `/browse/<hash>` of a raw URL path, and whether it ends in `/`. */
function subpath(pathname: string): { names: Buffer[]; slash: boolean } {
  const parts = pathname.split("/").slice(3); // "", "browse", the hash
  const slash = parts.length > 0 && parts[parts.length - 1] === "";
  if (slash) parts.pop();
  const names = parts.map((p) => percentDecode(p));
  for (const n of names) {
    // The URL parser already removed "." and ".." segments; an empty one (a//b) names nothing.
    if (n.length === 0) throw notFound(`${JSON.stringify(pathname)} has an empty name in it`);
  }
  return { names, slash };
}

function redirect(location: string): Reply {
  return { status: 301, headers: { ...PAGE_HEADERS, location }, body: page("moved", `<p>See <a href="${html(location)}">${html(location)}</a>.</p>`) };
}

function htmlReply(body: string): Reply {
  return { status: 200, headers: PAGE_HEADERS, body };
}

// ---- pages ----

function storePathText(w: Where): string {
  return formatStorePath(w.info.storePath);
}

function title(w: Where): string {
  return [storePathText(w), ...w.names.map((n) => plainBytes(n))].join("/");
}

/** `/nix/store / <path> / sub / dir`, each part a link but the last. */
function crumbs(w: Where): string {
  const parts = [`<a href="/">${html(STORE_DIR)}</a>`];
  const base = html(storePathBasename(w.info.storePath));
  parts.push(w.names.length === 0 ? `<strong>${base}</strong>` : `<a href="${browseUrl(w.hash)}">${base}</a>`);
  w.names.forEach((n, i) => {
    const last = i === w.names.length - 1;
    parts.push(last ? `<strong>${showBytes(n)}</strong>` : `<a href="${browseUrl(w.hash, w.names.slice(0, i + 1))}">${showBytes(n)}</a>`);
  });
  return `<nav class="crumbs">${parts.join(" / ")}</nav>`;
}

/** `/browse/<hash>/`: the path's facts, then its root (a listing, a file, or a symlink). */
function pathPage(req: BridgeRequest, w: Where, r: Resolved): Reply {
  const i = w.info;
  const refs = i.references.map((p) => {
    const h = nixbase32Encode(p.digest);
    const self = h === w.hash ? ` <span class="dim">(itself)</span>` : "";
    return `<a href="${browseUrl(h)}">${html(formatStorePath(p))}</a>${self}`;
  });
  const facts = [
    ["NAR size", `${humanSize(i.narSize)} <span class="dim">(${bytesText(i.narSize)})</span>`],
    ["NAR hash", `<code>sha256:${nixbase32Encode(i.narSha256)}</code>`],
    ["References", refs.length === 0 ? `<span class="dim">none</span>` : `${refs.length}<br>${refs.join("<br>")}`],
    ...(i.deriver === null ? [] : [["Deriver", `<code>${html(formatStorePath(i.deriver))}</code>`]]),
    ...(i.ca === null ? [] : [["Content address", `<code>${html(formatCaHash(i.ca))}</code>`]]),
    ["Signatures", i.signatures.length === 0 ? `<span class="dim">none</span>` : i.signatures.map((s) => html(s.name)).join(", ")],
    [
      "For Nix",
      `<a href="/${w.hash}.narinfo">narinfo</a> · <a href="/${w.hash}.ls">listing</a> · <a href="/${html(narUrl(i.node, i.narSize))}">NAR</a>`,
    ],
  ];
  let body = `${crumbs(w)}<h1>${html(storePathText(w))}</h1>\n<dl>${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>\n`;
  const node = r.node;
  if (node.type === "directory") body += entriesTable(req, w, r.dir!);
  else if (node.type === "file") {
    body +=
      `<p>A single ${node.executable ? "executable " : ""}file of ${humanSize(node.size)} <span class="dim">(${bytesText(node.size)})</span>: ` +
      `<a href="${browseUrl(w.hash, [], false)}">open it</a>.</p>`;
  } else body += `<p>A symlink to ${target(splitPath(Buffer.from(STORE_DIR)), node.target)}.</p>`;
  return htmlReply(page(storePathText(w), body));
}

/** A directory below the root. */
function dirPage(req: BridgeRequest, w: Where, dir: Directory): string {
  return page(title(w), `${crumbs(w)}<h1>${showPath(w)}</h1>\n${entriesTable(req, w, dir)}`);
}

function symlinkPage(w: Where, to: Uint8Array): string {
  return page(title(w), `${crumbs(w)}<h1>${showPath(w)}</h1>\n<p>A symlink to ${target(dirOf(w, w.names.slice(0, -1)), to)}.</p>`);
}

function showPath(w: Where): string {
  return [html(storePathText(w)), ...w.names.map((n) => showBytes(n))].join("/");
}

/** The absolute path, as components, of the directory holding `names` below the path's root. */
function dirOf(w: Where, names: readonly Buffer[]): Buffer[] {
  return [...splitPath(Buffer.from(STORE_DIR)), Buffer.from(storePathBasename(w.info.storePath)), ...names];
}

/** A symlink's target, shown escaped, and a link when it points into a store path (lexically; it may not exist). */
function target(from: readonly Buffer[], to: Uint8Array): string {
  const shown = `<code>${showBytes(to)}</code>`;
  const href = targetUrl(from, Buffer.from(to));
  return href === null ? shown : `<a href="${href}">${shown}</a>`;
}

/** Where a symlink in the directory `from` (absolute components) points, resolved lexically, if that is in a store path. */
function targetUrl(from: readonly Buffer[], to: Buffer): string | null {
  const parts = to[0] === 0x2f ? [] : [...from];
  for (const c of splitPath(to)) {
    if (c.equals(DOT)) continue;
    if (c.equals(DOTDOT)) parts.pop();
    else parts.push(c);
  }
  const store = splitPath(Buffer.from(STORE_DIR));
  if (parts.length <= store.length || !store.every((s, k) => s.equals(parts[k]!))) return null;
  const m = /^([0123456789abcdfghijklmnpqrsvwxyz]{32})-./.exec(parts[store.length]!.toString("latin1"));
  if (!m) return null;
  const rest = parts.slice(store.length + 1);
  return browseUrl(m[1]!, rest, rest.length === 0);
}

/** The non-empty components of a path. */
function splitPath(b: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; ) {
    const j = b.indexOf(0x2f, i);
    const end = j < 0 ? b.length : j;
    if (end > i) out.push(b.subarray(i, end));
    i = end + 1;
  }
  return out;
}

const DOT = Buffer.from(".");
const DOTDOT = Buffer.from("..");

// ---- directory listings ----

/** Index of the first name in `list` after `after`. */
function firstAfter(list: readonly Node[], after: Uint8Array): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Buffer.compare(list[mid]!.name, after) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Up to `limit` entries after `after` in name order, where the first stands among all, and whether more follow; reads no more than it shows. */
export function entriesAfter(dir: Directory, after: Uint8Array | null, limit: number): { entries: Node[]; position: number; more: boolean } {
  const lists = [dir.directories, dir.files, dir.symlinks] as const;
  const at = lists.map((l) => (after === null ? 0 : firstAfter(l, after)));
  const position = at.reduce((a, b) => a + b, 0);
  const entries: Node[] = [];
  for (;;) {
    let best = -1;
    for (let k = 0; k < 3; k++) {
      const cand = lists[k]![at[k]!];
      if (cand !== undefined && (best < 0 || Buffer.compare(cand.name, lists[best]![at[best]!]!.name) < 0)) best = k;
    }
    if (best < 0) return { entries, position, more: false };
    if (entries.length === limit) return { entries, position, more: true };
    entries.push(lists[best]![at[best]!]!);
    at[best]!++;
  }
}

const MODE = { directory: "dr-xr-xr-x", file: "-r--r--r--", executable: "-r-xr-xr-x", symlink: "lrwxrwxrwx" } as const;

function entriesTable(req: BridgeRequest, w: Where, dir: Directory): string {
  const limit = limitParam(req.url.searchParams, "limit", DIR_PAGE.default, DIR_PAGE.max);
  const after = base64urlParam(req.url.searchParams, "after");
  const { entries, position, more } = entriesAfter(dir, after, limit);
  const total = dir.length;
  if (total === 0) return `<p class="dim">An empty directory.</p>`;
  const from = dirOf(w, w.names);
  const rows = entries.map((n) => {
    const names = [...w.names, Buffer.from(n.name)];
    const name = showBytes(n.name);
    if (n.type === "directory") {
      return `<tr><td class="mode">${MODE.directory}</td><td class="n"></td><td class="name"><a href="${browseUrl(w.hash, names)}">${name}/</a></td></tr>`;
    }
    if (n.type === "file") {
      return `<tr><td class="mode">${n.executable ? MODE.executable : MODE.file}</td>${sizeCell(n.size)}<td class="name"><a href="${browseUrl(w.hash, names, false)}">${name}</a></td></tr>`;
    }
    return `<tr><td class="mode">${MODE.symlink}</td><td class="n"></td><td class="name">${name} → ${target(from, n.target)}</td></tr>`;
  });
  const here = browseUrl(w.hash, w.names);
  const shown = entries.length === 0 ? `no entries after that name; ${total} in all` : `entries ${position + 1}–${position + entries.length} of ${total}`;
  const nav: string[] = [];
  if (position > 0) nav.push(`<a href="${here}${limitQuery(limit, "?")}">first page</a>`);
  if (more) nav.push(`<a href="${here}?after=${Buffer.from(entries[entries.length - 1]!.name).toString("base64url")}${limitQuery(limit, "&amp;")}">next page</a>`);
  return (
    `<table class="ls"><thead><tr><th class="mode">mode</th><th class="n">size</th><th>name</th></tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>\n` +
    `<nav class="pages"><span class="dim">${shown}</span> ${nav.join(" ")}</nav>`
  );
}

function limitQuery(limit: number, sep: string): string {
  return limit === DIR_PAGE.default ? "" : `${sep}limit=${limit}`;
}

// ---- files ----

/**
 * A file's bytes, streamed from the store: Content-Type from its first bytes (content-type.ts),
 * nosniff, a sandboxing CSP, the blob digest as ETag, and a single Range answered with 206.
 */
async function serveFile(req: BridgeRequest, ctx: BridgeContext, node: FileNode): Promise<Reply> {
  const etag = `"${node.digest.toHex()}"`;
  const headers: Record<string, string> = {
    "cache-control": "public, max-age=300",
    etag,
    "accept-ranges": "bytes",
    "x-content-type-options": "nosniff",
    "content-security-policy": FILE_CSP,
    "referrer-policy": "no-referrer",
  };
  const match = req.raw.headers["if-none-match"];
  if (match !== undefined && match.split(",").some((t) => t.trim() === etag || t.trim() === "*")) return { status: 304, headers };
  const size = node.size;
  const range = req.method === "GET" ? parseRange(req.raw.headers.range, size, "the file") : null;
  const read = async (offset: bigint, length: bigint): Promise<AsyncIterator<Uint8Array>> => {
    const s = await ctx.store.blobs.read(node.digest, { offset, length, sizeHint: size });
    if (s === null) throw notFound(`the content of this file (blob ${node.digest}) is not in the store`);
    return (s as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  };
  const sniffLength = size < BigInt(SNIFF_BYTES) ? size : BigInt(SNIFF_BYTES);
  if (req.method === "GET" && range === null) {
    // The whole file: its first pieces decide the type and are sent first.
    const pieces = await read(0n, size);
    const head = await take(pieces, Number(sniffLength));
    const type = guessContentType(Buffer.concat(head.pieces).subarray(0, SNIFF_BYTES), sniffLength === size);
    return { status: 200, headers: { ...headers, "content-type": type, "content-length": String(size) }, body: chain(head.pieces, head.done ? null : pieces) };
  }
  const first = await read(0n, sniffLength);
  const sample = Buffer.concat((await take(first, Number(sniffLength))).pieces);
  await first.return?.();
  const type = guessContentType(sample, sniffLength === size);
  if (range === null) return { status: 200, headers: { ...headers, "content-type": type, "content-length": String(size) } };
  const length = range.end - range.start;
  return {
    status: 206,
    headers: { ...headers, "content-type": type, "content-length": String(length), "content-range": `bytes ${range.start}-${range.end - 1n}/${size}` },
    body: chain([], await read(range.start, length)),
  };
}

/** Pieces from `it` until at least `n` bytes (or the end). */
async function take(it: AsyncIterator<Uint8Array>, n: number): Promise<{ pieces: Uint8Array[]; done: boolean }> {
  const pieces: Uint8Array[] = [];
  let got = 0;
  while (got < n) {
    const r = await it.next();
    if (r.done) return { pieces, done: true };
    pieces.push(r.value);
    got += r.value.length;
  }
  return { pieces, done: false };
}

async function* chain(first: Uint8Array[], rest: AsyncIterator<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  try {
    yield* first;
    if (rest !== null) for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
  } finally {
    await rest?.return?.();
  }
}
