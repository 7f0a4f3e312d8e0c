// The nar-bridge's page for people in a real browser: Debian's chromium, headless, driven by
// playwright-core (which downloads no browser of its own). The bridge runs in-process over a store
// whose services run in-process on a real nats-server (jetstream://). A person's walk: open /,
// click the path, a directory whose name carries markup, a file, and read the text shown; a
// hostile HTML file shows as its source, and no script of any name or file runs. Then the same
// walk with JavaScript off. A screenshot of the path's listing is kept in the test's temp dir and
// its path printed as a diagnostic. Skips, saying so, only when no chromium is installed
// (scripts/setup.sh installs Debian's).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { withNatsServer } from "@castore/nats-server";
import { openNarIndex, startNarBridge, type NarBridge } from "@castore/nar-bridge";
import { silentLogger } from "@castore/service-kit";
import { openStore, type ImportSummary, type Store } from "@castore/store";
import { chromium, type Browser, type Page } from "playwright-core";

/** Where chromium is: $CASTORE_CHROMIUM, else Debian's and other usual names on PATH; null if none. */
function findChromium(): string | null {
  const given = process.env["CASTORE_CHROMIUM"];
  if (given !== undefined && given !== "") return given;
  for (const name of ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"]) {
    const r = spawnSync("/bin/sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    const path = r.stdout.trim();
    if (r.status === 0 && path !== "" && existsSync(path)) return path;
  }
  return null;
}

const chromiumPath = findChromium();
const work = mkdtempSync(join(tmpdir(), "castore-nar-bridge-browser-"));
const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const f of cleanups.reverse()) await f();
  // The screenshots stay for a person to look at; everything else goes.
  rmSync(chromiumPath === null ? work : join(work, "tree"), { recursive: true, force: true });
});

const DOCS = `docs & <notes> "2"`; // a directory name with markup and quotes
const HELLO = `hello <world>.txt`;
const HELLO_TEXT = "Hello from castore ✓\n<b>not bold</b> & not an entity: &amp;\nline three\n";
const EVIL = `<img src=x onerror=alert(1)>.html`;
const EVIL_HTML = `<!doctype html><title>pwned</title><script>alert("pwned");document.title="pwned"</script><h1>pwned</h1>\n`;
const NOT_UTF8 = Buffer.from([0x6e, 0xff, 0x2e, 0x62, 0x69, 0x6e]); // n\xff.bin
const BINARY = Buffer.concat([Buffer.from("\x7fELF"), Buffer.alloc(100, 0), Buffer.from("tail")]);

function makeTree(dir: string): void {
  mkdirSync(join(dir, DOCS), { recursive: true });
  writeFileSync(join(dir, DOCS, HELLO), HELLO_TEXT);
  writeFileSync(join(dir, EVIL), EVIL_HTML);
  writeFileSync(Buffer.concat([Buffer.from(dir + "/"), NOT_UTF8]), BINARY);
  writeFileSync(join(dir, "run"), "#!/bin/sh\necho hi\n");
  chmodSync(join(dir, "run"), 0o755);
}

describe("the nar-bridge's page in a real browser (headless chromium)", { skip: chromiumPath === null ? "chromium not found: install Debian's (apt-get install chromium, or run scripts/setup.sh as root) or set CASTORE_CHROMIUM" : false }, () => {
  let store: Store;
  let bridge: NarBridge;
  let browser: Browser;
  let tree: ImportSummary;
  /** Scripts that ran: dialogs opened and page errors, from every page of every context. */
  const ran: string[] = [];

  before(async () => {
    const nats = await withNatsServer({ after: (f) => cleanups.push(f) });
    store = await openStore(`jetstream://${nats.host}:${nats.port}?prefix=browser`, { logger: silentLogger });
    cleanups.push(() => store.close());
    makeTree(join(work, "tree"));
    tree = await store.importPath(join(work, "tree"), { name: "browser-tree" });
    bridge = await startNarBridge({ store, index: await openNarIndex(store), logger: silentLogger });
    cleanups.push(() => bridge.stop());
    browser = await chromium.launch({ executablePath: chromiumPath!, args: ["--headless=new", "--no-sandbox"] });
    cleanups.push(() => browser.close());
  });

  async function newPage(javaScriptEnabled: boolean): Promise<Page> {
    const ctx = await browser.newContext({ javaScriptEnabled, viewport: { width: 1000, height: 640 } });
    const page = await ctx.newPage();
    page.on("dialog", (d) => {
      ran.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on("pageerror", (e) => ran.push(`page error: ${e.message}`));
    return page;
  }

  const link = (page: Page, name: string) => page.getByRole("link", { name, exact: true });
  /** Text as the browser's text view shows it: the file's, less one final newline. */
  const shown = (s: string): string => s.replace(/\n$/, "");

  test("a person opens /, clicks through to a path, into a directory, opens a file and reads it", async (t) => {
    const page = await newPage(true);
    const home = await page.goto(`${bridge.url}/`);
    assert.equal(home?.status(), 200);
    assert.equal(await page.title(), "castore binary cache");
    const basename = tree.storePath.slice("/nix/store/".length);
    await Promise.all([page.waitForURL(/\/browse\/[0-9a-z]{32}\/$/), link(page, basename).click()]);
    assert.equal(await page.locator("h1").innerText(), tree.storePath);

    // The listing, as a person sees it: every name as text, escapes marked.
    const names = await page.locator("td.name").allInnerTexts();
    assert.deepEqual(names, [`${EVIL}`, `${DOCS}/`, "n\\xff.bin", "run"]);
    const modes = await page.locator("td.mode").allInnerTexts();
    assert.deepEqual(modes, ["-r--r--r--", "dr-xr-xr-x", "-r--r--r--", "-r-xr-xr-x"]);
    assert.equal(await page.locator("img").count(), 0, "a name's <img …> made no element");
    const shot = join(work, "nar-bridge-listing.png");
    await page.screenshot({ path: shot, fullPage: true });
    assert.deepEqual([...readFileSync(shot).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG");
    assert.ok(statSync(shot).size > 5_000, "a screenshot with something on it");
    t.diagnostic(`screenshot of the listing: ${shot}`);

    // Into the directory, then the file.
    await Promise.all([page.waitForURL(/\/browse\/[0-9a-z]{32}\/docs%20%26%20%3Cnotes%3E%20%222%22\/$/), link(page, `${DOCS}/`).click()]);
    assert.equal(await page.locator("h1").innerText(), `${tree.storePath}/${DOCS}`);
    assert.deepEqual(await page.locator("nav.crumbs a").allInnerTexts(), ["/nix/store", basename]);
    const [file] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/hello%20%3Cworld%3E.txt")), link(page, HELLO).click()]);
    assert.equal(file.headers()["content-type"], "text/plain; charset=utf-8");
    await page.waitForLoadState();
    assert.equal(shown(await page.locator("body").innerText()), shown(HELLO_TEXT), "the text shown is the file's");
    assert.ok((await file.body()).equals(Buffer.from(HELLO_TEXT)), "the bytes received are the file's");
    const fileShot = join(work, "nar-bridge-file.png");
    await page.screenshot({ path: fileShot });
    t.diagnostic(`screenshot of the file: ${fileShot}`);

    // Back up, and the file whose bytes are no text: linked by its escaped name, downloaded exactly.
    await page.goBack();
    await page.goBack();
    const binHref = await link(page, "n\\xff.bin").getAttribute("href");
    assert.match(binHref ?? "", /\/n%FF\.bin$/);
    const bin = await page.request.get(`${bridge.url}${binHref}`);
    assert.equal(bin.headers()["content-type"], "application/octet-stream");
    assert.ok((await bin.body()).equals(BINARY));
  });

  test("an HTML file in the store shows as its source, and nothing in it runs", async () => {
    const page = await newPage(true);
    await page.goto(`${bridge.url}/browse/${tree.storePath.slice(11, 43)}/`);
    const [r] = await Promise.all([page.waitForResponse((x) => x.url().endsWith(".html")), link(page, EVIL).click()]);
    assert.equal(r.headers()["content-type"], "text/plain; charset=utf-8");
    assert.equal(r.headers()["x-content-type-options"], "nosniff");
    await page.waitForLoadState();
    assert.equal(shown(await page.locator("body").innerText()), shown(EVIL_HTML), "the source, as text");
    assert.notEqual(await page.title(), "pwned");
    assert.equal(await page.locator("h1").count(), 0);
    assert.deepEqual(ran, [], "no dialog opened and no page error on any page");
  });

  test("with JavaScript off, the same walk works: the pages need none", async () => {
    const page = await newPage(false);
    await page.goto(`${bridge.url}/`);
    await Promise.all([page.waitForURL(/\/browse\//), link(page, tree.storePath.slice(11)).click()]);
    await Promise.all([page.waitForURL(/%22\/$/), link(page, `${DOCS}/`).click()]);
    await Promise.all([page.waitForURL(/\.txt$/), link(page, HELLO).click()]);
    assert.equal(shown(await page.locator("body").innerText()), shown(HELLO_TEXT));
  });
});
