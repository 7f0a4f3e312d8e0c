// The pages for people on a memory:// store (the real browser drives them in test/src/
// nar-bridge-browser.test.ts): the listing of store paths and its paging, browsing a tree whose
// names are hostile (markup, quotes, bytes that are not UTF-8, bidi overrides), every link leading
// somewhere, files served byte for byte as text/plain or application/octet-stream only, big
// directories paged, and every bad request refused.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { makePathInfo, nixbase32Decode, nixbase32Encode, storePath, type PathInfo, type StorePath } from "@castore/core";
import { silentLogger } from "@castore/service-kit";
import { openStore, type ImportSummary, type Store } from "@castore/store";
import { guessContentType } from "./content-type.js";
import { byteRuns, segment, showBytes } from "./html.js";
import { MemoryNarIndex } from "./nar-index.js";
import { startNarBridge, type NarBridge } from "./server.js";

const work = mkdtempSync(join(tmpdir(), "castore-nar-bridge-pages-"));
let store: Store;
let bridge: NarBridge;

const B = (s: string | number[]): Buffer => (typeof s === "string" ? Buffer.from(s) : Buffer.from(s));
const at = (dir: string | Buffer, name: Buffer | string): Buffer => Buffer.concat([Buffer.from(dir), Buffer.from("/"), Buffer.from(name)]);

/** Names a page must not be fooled by, with their contents (relative path components -> bytes). */
const SCRIPT = "<script>alert(1)<\\script>";
const QUOTES = `it's "quoted" & <b onclick='x'>bold`;
const NOT_UTF8 = B([0x6e, 0xff, 0xfe, 0x2e, 0x62, 0x69, 0x6e]); // n\xff\xfe.bin
const BIDI = "evil\u202egnp.exe"; // reads as "evilexe.png"
const HTML_FILE = "page.html";
const HTML_BYTES = Buffer.from("<!doctype html><script>document.title='pwned'</script><h1>hi</h1>\n");
const BINARY = Buffer.concat([Buffer.from("\x7fELF\x02\x01\x01\0"), randomBytes(20_000)]);
const BIG = randomBytes(600_000);

function makeTree(dir: string): void {
  mkdirSync(join(dir, "sub", "deeper"), { recursive: true });
  writeFileSync(at(dir, SCRIPT), "script file\n");
  writeFileSync(at(dir, QUOTES), "quotes\n");
  writeFileSync(at(dir, NOT_UTF8), BINARY);
  writeFileSync(at(dir, BIDI), "bidi\n");
  writeFileSync(join(dir, HTML_FILE), HTML_BYTES);
  writeFileSync(join(dir, "empty"), "");
  writeFileSync(join(dir, "run"), "#!/bin/sh\necho hi\n");
  chmodSync(join(dir, "run"), 0o755);
  writeFileSync(join(dir, "sub", "deeper", "data.txt"), "hello, world\n");
  writeFileSync(join(dir, "sub", "big"), BIG);
  symlinkSync("../run", join(dir, "sub", "link"));
  // A symlink whose target climbs out of the tree: stored as data, never followed. (Spelled with
  // repeat() so test/src/self-contained.test.ts, which looks for paths the code reads outside the
  // repository, does not take this target for one.)
  symlinkSync(`${"../".repeat(4)}etc/passwd`, join(dir, "sub", "escape"));
  symlinkSync(B([0x3c, 0x62, 0x3e, 0xc3, 0x28]), at(join(dir, "sub"), "odd-link")); // "<b>" + invalid UTF-8
  const odd = at(dir, B([0x64, 0x69, 0x72, 0x80])); // "dir" + a stray continuation byte
  mkdirSync(odd);
  writeFileSync(at(odd, B([0xe9, 0x74, 0xe9])), "latin-1 name");
}

const url = (path: string): string => `${bridge.url}${path}`;
const hashOf = (r: ImportSummary): string => r.storePath.slice("/nix/store/".length, "/nix/store/".length + 32);
const get = (path: string, init?: RequestInit): Promise<Response> => fetch(url(path), { redirect: "manual", ...init });

async function okPage(path: string): Promise<string> {
  const r = await get(path);
  const text = await r.text();
  assert.equal(r.status, 200, `${path}: ${text}`);
  assert.equal(r.headers.get("content-type"), "text/html; charset=utf-8", path);
  assert.match(r.headers.get("content-security-policy") ?? "", /default-src 'none'/, path);
  assert.equal(r.headers.get("x-content-type-options"), "nosniff", path);
  assertNoRawMarkup(text, path);
  return text;
}

/** No tag but the page's own: a name's markup shows escaped, never as a tag or an attribute. */
function assertNoRawMarkup(text: string, where: string): void {
  assert.ok(!/<script|<b[ >]|<\/b>|onerror|<img/i.test(text), `${where} contains raw markup from a name`);
  const tags = new Set([...text.matchAll(/<\/?([a-zA-Z0-9]+)/g)].map((m) => m[1]!.toLowerCase()));
  const ours = ["html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "code", "a", "table", "thead", "tbody", "tr", "th", "td", "nav", "span", "strong", "dl", "dt", "dd", "br"];
  for (const t of tags) assert.ok(ours.includes(t), `${where}: unexpected tag <${t}>`);
}

/** Every `href` of a page, HTML entities undone (they are only `&amp;` in our hrefs). */
const hrefs = (html: string): string[] => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));

let tree: ImportSummary;
let single: ImportSummary;
let link: ImportSummary;
let withRefs: PathInfo;
const treeDir = join(work, "tree");

before(async () => {
  store = await openStore("memory://");
  bridge = await startNarBridge({ store, index: new MemoryNarIndex(), logger: silentLogger });
  makeTree(treeDir);
  tree = await store.importPath(treeDir, { name: "tree" });
  writeFileSync(join(work, "hello.txt"), "just one file\n");
  single = await store.importPath(join(work, "hello.txt"));
  symlinkSync(`${tree.storePath}/sub/deeper`, join(work, "pointer"));
  link = await store.importPath(join(work, "pointer"));
  // An input-addressed path that refers to two others and to itself.
  const own = storePath(randomBytes(20), "with-refs");
  withRefs = await store.pathInfos.put(
    makePathInfo({
      storePath: own,
      node: tree.node,
      references: [own, storePathOf(single), storePathOf(tree)],
      narSize: tree.narSize,
      narSha256: tree.narSha256,
      signatures: [],
      deriver: storePath(randomBytes(20), "with-refs.drv"),
      ca: null,
    }),
  );
});
after(async () => {
  await bridge.stop();
  await store.close();
  rmSync(work, { recursive: true, force: true });
});

/** The store path an import registered. */
const storePathOf = (r: ImportSummary): StorePath => ({ digest: nixbase32Decode(hashOf(r), 20), name: r.storePath.slice("/nix/store/".length + 33) });

describe("the listing of store paths at /", () => {
  test("names every stored path with its type, NAR size and references, linked to its tree", async () => {
    const html = await okPage("/");
    assert.match(html, /castore binary cache/);
    for (const [r, type] of [
      [tree, "directory"],
      [single, "file"],
      [link, "symlink"],
    ] as const) {
      const h = hashOf(r);
      const row = new RegExp(`<tr><td class="name"><a href="/browse/${h}/"[^>]*>${h}-[^<]+</a></td><td class="t">${type}</td><td class="n" title="${r.narSize} bytes">[^<]+</td><td class="n">0</td><td class="t"><a href="/${h}.narinfo">narinfo</a></td></tr>`);
      assert.match(html, row, `${r.storePath} listed`);
    }
    const h = nixbase32Encode(withRefs.storePath.digest);
    assert.match(html, new RegExp(`href="/browse/${h}/"[^>]*>${h}-with-refs</a></td><td class="t">directory</td><td[^>]*>[^<]+</td><td class="n">3</td>`));
    const head = await get("/", { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-type"), "text/html; charset=utf-8");
  });

  test("pages by ?limit, following its next links visits every path once, then offers only the first page", async () => {
    const seen: string[] = [];
    let path: string | undefined = "/?limit=1";
    let pages = 0;
    while (path !== undefined) {
      const html = await okPage(path);
      const rows = [...html.matchAll(/<a href="\/browse\/([0-9a-z]{32})\/"/g)].map((m) => m[1]!);
      assert.ok(rows.length <= 1, `page ${pages} shows ${rows.length} paths`);
      seen.push(...rows);
      const links = hrefs(html);
      if (pages > 0) assert.ok(links.includes("/?limit=1"), "a later page links to the first");
      path = links.find((l) => l.startsWith("/?cursor="));
      if (path !== undefined) assert.match(path, /^\/\?cursor=[A-Za-z0-9_-]+&limit=1$/);
      assert.ok(++pages < 10, "the walk ends");
    }
    assert.equal(seen.length, 4);
    assert.equal(new Set(seen).size, 4);
  });

  test("a bad limit or cursor is a 400 naming it", async () => {
    for (const [q, reason] of [
      ["?limit=0", /limit must be a whole number from 1 to 1000/],
      ["?limit=1001", /limit must be a whole number from 1 to 1000, got "1001"/],
      ["?limit=ten", /limit must be/],
      ["?cursor=!!!", /cursor must be base64url/],
      ["?cursor=bm90LWEtY3Vyc29y", /list cursor of \d+ bytes is not one this service made/],
    ] as const) {
      const r = await get(`/${q}`);
      assert.equal(r.status, 400, q);
      assert.match(await r.text(), reason, q);
    }
  });
});

describe("browsing a path's tree under /browse/", () => {
  test("the path's page shows its facts: NAR size and hash, references linked (itself marked), deriver, links for Nix", async () => {
    const h = nixbase32Encode(withRefs.storePath.digest);
    const html = await okPage(`/browse/${h}/`);
    assert.match(html, new RegExp(`<h1>/nix/store/${h}-with-refs</h1>`));
    assert.match(html, new RegExp(`\\(${withRefs.narSize} bytes\\)`));
    assert.match(html, new RegExp(`sha256:${nixbase32Encode(withRefs.narSha256)}`));
    assert.match(html, new RegExp(`<a href="/browse/${h}/">/nix/store/${h}-with-refs</a> <span class="dim">\\(itself\\)</span>`));
    assert.match(html, new RegExp(`<a href="/browse/${hashOf(single)}/">${single.storePath}</a>`));
    assert.match(html, /<dt>Deriver<\/dt><dd><code>\/nix\/store\/[0-9a-z]{32}-with-refs\.drv<\/code>/);
    const links = hrefs(html);
    assert.ok(links.includes(`/${h}.narinfo`) && links.includes(`/${h}.ls`));
    const nar = links.find((l) => l.startsWith("/nar/castore/"))!;
    const r = await get(nar);
    assert.equal(r.status, 200, "the NAR link renders the NAR");
    assert.equal(BigInt((await r.arrayBuffer()).byteLength), withRefs.narSize);
  });

  test("a listing shows each entry's mode, size and escaped name; symlink targets escaped, linked when they stay in the store", async () => {
    const h = hashOf(tree);
    const html = await okPage(`/browse/${h}/`);
    assert.match(html, /<dt>Content address<\/dt><dd><code>fixed:r:sha256:/);
    const row = (mode: string, name: string): RegExp => new RegExp(`<td class="mode">${mode}</td><td class="n"[^>]*>[^<]*</td><td class="name">${name}</td>`);
    assert.match(html, row("-r--r--r--", `<a href="/browse/${h}/%3Cscript%3Ealert%281%29%3C%5Cscript%3E">&lt;script&gt;alert\\(1\\)&lt;\\\\script&gt;</a>`));
    assert.match(html, row("-r--r--r--", `<a href="/browse/${h}/it%27s%20%22quoted%22%20%26%20%3Cb%20onclick%3D%27x%27%3Ebold">it&#39;s &quot;quoted&quot; &amp; &lt;b onclick=&#39;x&#39;&gt;bold</a>`));
    assert.match(html, row("-r--r--r--", `<a href="/browse/${h}/n%FF%FE.bin">n<span class="x">\\\\xff\\\\xfe</span>.bin</a>`));
    assert.match(html, row("-r--r--r--", `<a href="/browse/${h}/evil%E2%80%AEgnp.exe">evil<span class="x">\\\\u\\{202e\\}</span>gnp.exe</a>`));
    assert.match(html, row("-r-xr-xr-x", `<a href="/browse/${h}/run">run</a>`));
    assert.match(html, row("dr-xr-xr-x", `<a href="/browse/${h}/sub/">sub/</a>`));
    assert.match(html, row("dr-xr-xr-x", `<a href="/browse/${h}/dir%80/">dir<span class="x">\\\\x80</span>/</a>`));
    assert.match(html, /<td class="n" title="0 bytes">0 B<\/td><td class="name"><a href="[^"]+\/empty">empty<\/a>/);
    assert.match(html, /entries 1–9 of 9/);

    const sub = await okPage(`/browse/${h}/sub/`);
    assert.match(sub, new RegExp(`<td class="n" title="600000 bytes">586 KiB</td><td class="name"><a href="/browse/${h}/sub/big">big</a>`));
    assert.match(sub, new RegExp(`link → <a href="/browse/${h}/run"><code>../run</code></a>`));
    assert.match(sub, /escape → <code>..\/..\/..\/..\/etc\/passwd<\/code><\/td>/, "a target leaving the store is shown, not linked");
    assert.match(sub, new RegExp(`odd-link → <a href="/browse/${h}/sub/%3Cb%3E%C3%28"><code>&lt;b&gt;<span class="x">\\\\xc3</span>\\(</code></a>`));
    assert.match(sub, new RegExp(`<nav class="crumbs"><a href="/">/nix/store</a> / <a href="/browse/${h}/">${h}-tree</a> / <strong>sub</strong></nav>`));

    // A symlink path's page names its target and links into the path it points at.
    const l = await okPage(`/browse/${hashOf(link)}/`);
    assert.match(l, new RegExp(`A symlink to <a href="/browse/${h}/sub/deeper"><code>${tree.storePath}/sub/deeper</code></a>`));
    const deeper = await get(`/browse/${h}/sub/deeper`);
    assert.equal(deeper.status, 301);
    assert.equal(deeper.headers.get("location"), `/browse/${h}/sub/deeper/`);
  });

  test("every entry's link answers: directories list, files serve exactly the bytes on disk, whatever their names", async () => {
    const h = hashOf(tree);
    const seen = new Set<string>();
    const queue = [`/browse/${h}/`];
    let files = 0;
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const html = await okPage(path);
      // The entries' own links (a symlink's target is linked too, but may dangle).
      const entries = [...html.matchAll(/<td class="name"><a href="([^"]*)"/g)].map((m) => m[1]!);
      for (const l of entries) {
        if (seen.has(l)) continue;
        if (l.endsWith("/")) {
          queue.push(l);
          continue;
        }
        seen.add(l);
        const r = await get(l);
        if (r.headers.get("content-type")?.startsWith("text/html")) {
          assert.equal(r.status, 200, l); // a symlink's page
          await okPage(l);
          continue;
        }
        assert.equal(r.status, 200, l);
        // The URL names the file on disk: percent-decoded bytes below the tree.
        const rel = l.slice(`/browse/${h}/`.length).split("/").map((s) => Buffer.from(s.replace(/%([0-9A-F]{2})/g, (_, x: string) => String.fromCharCode(parseInt(x, 16))), "latin1"));
        const onDisk = readFileSync(Buffer.concat([Buffer.from(treeDir), ...rel.flatMap((c) => [Buffer.from("/"), c])]));
        assert.ok(Buffer.from(await r.arrayBuffer()).equals(onDisk), `${l}: the bytes on disk`);
        files++;
      }
    }
    assert.equal(files, 10, "every file of the tree was reached by a link");
  });

  test("files: text as text/plain, anything else as application/octet-stream, HTML never as HTML; nosniff and a sandboxing CSP", async () => {
    const h = hashOf(tree);
    const cases: [string, string, Buffer][] = [
      [`/browse/${h}/${HTML_FILE}`, "text/plain; charset=utf-8", HTML_BYTES],
      [`/browse/${h}/n%FF%FE.bin`, "application/octet-stream", BINARY],
      [`/browse/${h}/empty`, "text/plain; charset=utf-8", Buffer.alloc(0)],
      [`/browse/${h}/sub/big`, "application/octet-stream", BIG],
      [`/browse/${h}/run`, "text/plain; charset=utf-8", Buffer.from("#!/bin/sh\necho hi\n")],
    ];
    for (const [path, type, bytes] of cases) {
      const r = await get(path);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers.get("content-type"), type, path);
      assert.equal(r.headers.get("content-length"), String(bytes.length), path);
      assert.equal(r.headers.get("x-content-type-options"), "nosniff", path);
      assert.equal(r.headers.get("content-security-policy"), "default-src 'none'; sandbox", path);
      assert.ok(Buffer.from(await r.arrayBuffer()).equals(bytes), path);
      const head = await get(path, { method: "HEAD" });
      assert.equal(head.status, 200);
      assert.equal(head.headers.get("content-type"), type, `HEAD ${path}`);
      assert.equal(head.headers.get("content-length"), String(bytes.length), `HEAD ${path}`);
    }
    // A path that is one file: its bytes at /browse/<hash>, its page at /browse/<hash>/ links there.
    const s = hashOf(single);
    const page = await okPage(`/browse/${s}/`);
    assert.match(page, new RegExp(`A single file of 14 B <span class="dim">\\(14 bytes\\)</span>: <a href="/browse/${s}">open it</a>`));
    const one = await get(`/browse/${s}`);
    assert.equal(await one.text(), "just one file\n");
  });

  test("files answer ranges (206, 416), and If-None-Match with their digest (304)", async () => {
    const path = `/browse/${hashOf(tree)}/sub/big`;
    const r = await get(path, { headers: { range: "bytes=300000-300099" } });
    assert.equal(r.status, 206);
    assert.equal(r.headers.get("content-range"), "bytes 300000-300099/600000");
    assert.equal(r.headers.get("content-type"), "application/octet-stream");
    assert.ok(Buffer.from(await r.arrayBuffer()).equals(BIG.subarray(300000, 300100)));
    const past = await get(path, { headers: { range: "bytes=600000-" } });
    assert.equal(past.status, 416);
    assert.match(await past.text(), /outside the 600000 bytes of the file/);
    const etag = (await get(path, { method: "HEAD" })).headers.get("etag")!;
    assert.match(etag, /^"[0-9a-f]{64}"$/);
    const again = await get(path, { headers: { "if-none-match": etag } });
    assert.equal(again.status, 304);
  });

  test("a directory asked without its slash, a file with one, a path's root without one: 301 to the right URL", async () => {
    const h = hashOf(tree);
    for (const [from, to] of [
      [`/browse/${h}`, `/browse/${h}/`],
      [`/browse/${h}/sub`, `/browse/${h}/sub/`],
      [`/browse/${h}/sub?limit=2`, `/browse/${h}/sub/?limit=2`],
      [`/browse/${h}/dir%80`, `/browse/${h}/dir%80/`],
      [`/browse/${h}/run/`, `/browse/${h}/run`],
      [`/browse/${h}/sub/link/`, `/browse/${h}/sub/link`],
    ]) {
      const r = await get(from!);
      assert.equal(r.status, 301, from);
      assert.equal(r.headers.get("location"), to, from);
    }
  });

  test("404 for an unknown path, a missing entry, a file used as a directory, an empty name; 400 for bad escapes and parameters", async () => {
    const h = hashOf(tree);
    for (const [path, status, reason] of [
      [`/browse/${"0".repeat(32)}/`, 404, /no store path with hash 0{32} in this cache/],
      [`/browse/${h}/nope`, 404, /no entry "nope"/],
      [`/browse/${h}/n%FF`, 404, /no entry "n\\xff"/],
      [`/browse/${h}/run/x`, 404, /"run" is a file, not a directory/],
      [`/browse/${h}/sub//big`, 404, /empty name/],
      [`/browse/${h}/sub/%zz`, 400, /not valid percent-encoding/],
      [`/browse/${h}/sub/?limit=5001`, 400, /limit must be a whole number from 1 to 5000/],
      [`/browse/${h}/sub/?after=*`, 400, /after must be base64url/],
      [`/browse/tooshort/`, 404, /no such resource/],
      [`/browse/`, 404, /no such resource/],
    ] as const) {
      const r = await get(path);
      assert.equal(r.status, status, path);
      assert.match(await r.text(), reason, path);
    }
    const put = await fetch(url(`/browse/${h}/`), { method: "PUT", body: "x" });
    assert.equal(put.status, 405);
  });

  test("a directory of 2,345 entries is listed 1,000 at a time by default; ?after and ?limit walk it, each entry once", async () => {
    const dir = join(work, "many");
    mkdirSync(dir);
    const names: string[] = [];
    for (let i = 0; i < 2345; i++) {
      const n = `f${String(i).padStart(5, "0")}`;
      names.push(n);
      writeFileSync(join(dir, n), "");
    }
    const many = await store.importPath(dir, { name: "many" });
    const h = hashOf(many);
    const first = await okPage(`/browse/${h}/`);
    assert.equal([...first.matchAll(/<td class="mode">/g)].length, 1000);
    assert.match(first, /entries 1–1000 of 2345/);
    const walked: string[] = [];
    let path: string | undefined = `/browse/${h}/?limit=700`;
    while (path !== undefined) {
      const html = await okPage(path);
      const rows = [...html.matchAll(/<td class="name"><a href="[^"]+">(f\d{5})<\/a>/g)].map((m) => m[1]!);
      assert.ok(rows.length <= 700);
      walked.push(...rows);
      path = hrefs(html).find((l) => l.includes("after="));
    }
    assert.deepEqual(walked, names);
    const last = await okPage(`/browse/${h}/?after=${Buffer.from("f02299").toString("base64url")}&limit=700`);
    assert.match(last, /entries 2301–2345 of 2345/);
  });

  test("Nix's routes are unchanged beside the pages", async () => {
    const h = hashOf(tree);
    const r = await get(`/${h}.narinfo`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("content-type"), "text/x-nix-narinfo");
    assert.equal((await get(`/${h}.ls`)).headers.get("content-type"), "application/json");
    assert.equal((await get("/nix-cache-info")).status, 200);
  });
});

describe("what the pages are made of", () => {
  test("names are shown as text: valid UTF-8 as is, controls and bidi overrides as \\u{…}, other bytes as \\xNN", () => {
    const runs = (b: number[] | string): string => byteRuns(B(b)).map((r) => (r.escaped ? `[${r.text}]` : r.text)).join("");
    assert.equal(runs("ünïcödé ✓ 😀"), "ünïcödé ✓ 😀");
    assert.equal(runs("tab\there"), "tab[\\u{9}]here");
    assert.equal(runs("a\u202eb\u2066c"), "a[\\u{202e}]b[\\u{2066}]c");
    assert.equal(runs([0xc0, 0x80]), "[\\xc0\\x80]", "an overlong NUL");
    assert.equal(runs([0xed, 0xa0, 0x80]), "[\\xed\\xa0\\x80]", "a UTF-16 surrogate");
    assert.equal(runs([0x61, 0xe2, 0x82]), "a[\\xe2\\x82]", "a sequence cut short");
    assert.equal(runs([0xf4, 0x90, 0x80, 0x80]), "[\\xf4\\x90\\x80\\x80]", "past U+10FFFF");
    assert.equal(showBytes(B("<&>\"'")), "&lt;&amp;&gt;&quot;&#39;");
  });

  test("a name becomes one URL segment: everything but unreserved characters percent-encoded", () => {
    assert.equal(segment(B("a-b_c.d~e")), "a-b_c.d~e");
    assert.equal(segment(B("javascript:alert(1)")), "javascript%3Aalert%281%29");
    assert.equal(segment(B("a/b\\c?d#e f%")), "a%2Fb%5Cc%3Fd%23e%20f%25");
    assert.equal(segment(B([0xff, 0x00])), "%FF%00");
  });

  test("content types come from the bytes: UTF-8 text is text/plain, controls or invalid UTF-8 are binary", () => {
    const t = (s: string | number[], whole = true): string => guessContentType(B(s), whole);
    assert.equal(t("plain text\nwith lines\r\n\tand tabs, \x1b[1mcolour\x1b[0m"), "text/plain; charset=utf-8");
    assert.equal(t(""), "text/plain; charset=utf-8");
    assert.equal(t("<html><script>x</script></html>"), "text/plain; charset=utf-8");
    assert.equal(t("nul\0inside"), "application/octet-stream");
    assert.equal(t([0x61, 0xff]), "application/octet-stream");
    assert.equal(t([0x61, 0xe2, 0x82], false), "text/plain; charset=utf-8", "a character cut off by the sample's end");
    assert.equal(t([0x61, 0xe2, 0x82], true), "application/octet-stream", "… or cut off by the file's end");
  });
});
