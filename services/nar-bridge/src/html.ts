// HTML for the pages for people (routes/page.ts, routes/browse.ts). Everything shown comes from
// the store, and names and targets are bytes that need not be UTF-8, so every value goes through
// one of these: `html` escapes text, `showBytes` escapes text and marks bytes that are not
// printable UTF-8, `segment` percent-encodes a name for a URL path. Pages are plain: inline CSS,
// no script, no outside asset; the CSP below forbids anything else.
import { CONTENT_TYPE } from "./route.js";

/** Text for HTML content and double- or single-quoted attributes. */
export function html(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

const strict = new TextDecoder("utf-8", { fatal: true });

/** Code points shown escaped even inside valid UTF-8: controls, and the bidi overrides that can make a name read as another. */
const HIDDEN = /^[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]$/u;

/**
 * Bytes as runs of text and escapes: valid UTF-8 stays text, except control and bidi characters
 * (`\u{…}`); a byte that starts no valid UTF-8 sequence is `\xNN`.
 */
export function byteRuns(b: Uint8Array): { text: string; escaped: boolean }[] {
  const runs: { text: string; escaped: boolean }[] = [];
  const add = (text: string, escaped: boolean): void => {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.escaped === escaped) last.text += text;
    else runs.push({ text, escaped });
  };
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    let ch: string | null = null;
    if (n > 0 && i + n <= b.length) {
      try {
        ch = strict.decode(b.subarray(i, i + n));
      } catch {
        ch = null;
      }
    }
    if (ch === null) {
      add(`\\x${c.toString(16).padStart(2, "0")}`, true);
      i += 1;
    } else {
      if (HIDDEN.test(ch)) add(`\\u{${ch.codePointAt(0)!.toString(16)}}`, true);
      else add(ch, false);
      i += n;
    }
  }
  return runs;
}

/** Bytes for HTML content: text escaped, escapes marked (class `x`) so `\x41` typed in a name reads differently from a byte. */
export function showBytes(b: Uint8Array): string {
  return byteRuns(b)
    .map((r) => (r.escaped ? `<span class="x">${html(r.text)}</span>` : html(r.text)))
    .join("");
}

/** Bytes as plain text (a page title): escapes unmarked. */
export function plainBytes(b: Uint8Array): string {
  return byteRuns(b)
    .map((r) => r.text)
    .join("");
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** A name as one URL path segment: every byte but RFC 3986's unreserved characters percent-encoded (so `:`, `/`, `\`, `?`, `#` can never act). */
export function segment(name: Uint8Array): string {
  let s = "";
  for (const c of name) {
    const ch = String.fromCharCode(c);
    s += c < 0x80 && UNRESERVED.test(ch) ? ch : `%${c.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return s;
}

/** `1536` -> `1.5 KiB`; bytes below 1 KiB as `N B`. */
export function humanSize(n: bigint): string {
  if (n < 1024n) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let v = Number(n) / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

/** `1 byte`, `0 bytes`, `1536 bytes`. */
export function bytesText(n: bigint): string {
  return `${n} byte${n === 1n ? "" : "s"}`;
}

/** A size cell: human-readable, exact in the tooltip. */
export function sizeCell(n: bigint): string {
  return `<td class="n" title="${bytesText(n)}">${humanSize(n)}</td>`;
}

/** Our pages: inline styles only; no script, frame, form target elsewhere, or outside fetch. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Stored bytes: nothing may run or load, and the document gets an opaque origin of its own. */
export const FILE_CSP = "default-src 'none'; sandbox";

export const PAGE_HEADERS = {
  "content-type": CONTENT_TYPE.html,
  "cache-control": "no-cache",
  "content-security-policy": PAGE_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
} as const;

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:1.2em auto;max-width:72em;padding:0 1em;color:#1b1b1b;background:#fff}
h1{font-size:1.3em;margin:.3em 0;word-break:break-all}h2{font-size:1.1em;margin:1.2em 0 .4em}
a{color:#0645ad;text-decoration:none}a:hover{text-decoration:underline}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.2em .7em .2em 0;border-bottom:1px solid #eee;vertical-align:top}
th{font-weight:600;border-bottom:1px solid #ccc}.n{text-align:right;font-variant-numeric:tabular-nums}.n,.mode,.t{width:1%;white-space:nowrap}
code,.m,td.mode{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.95em}td.name{word-break:break-all}
.x{color:#a00;background:#fee;border-radius:2px}.dim{color:#777}nav.crumbs{margin:.2em 0 .6em;word-break:break-all}
nav.pages{margin:.8em 0}nav.pages a{margin-right:1.2em}dl{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:.4em 0}
dt{color:#555}dd{margin:0;word-break:break-all}`;

/** A whole page: `title` is plain text (escaped here), `body` is HTML built with the helpers above. */
export function page(title: string, body: string): string {
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${html(title)}</title><style>${STYLE}</style></head>\n<body>\n${body}\n</body></html>\n`
  );
}
