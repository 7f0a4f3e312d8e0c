// The Nix-facing commands with --nats against `castore serve --signing-key K --nats`: the same
// store paths and NARs as Nix, signatures made by the served path-info service and accepted by
// `nix store verify`, and a fast failure when no path-info service runs.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { withNatsServer } from "@castore/nats-server";
import { B, castore, freshHome, generateKey, makeNastyTree, nixDump, nixStoreAdd, nixVerify, ok, okJson, serve, waitForServices, writeCacheEntry } from "@castore/cli/testing";

const work = mkdtempSync(join(tmpdir(), "castore-pathinfo-nats-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

test("with --nats, import/nar/import-nar/path-info go through castore serve, which signs with --signing-key", async (t) => {
  const nats = await withNatsServer(t);
  const home = freshHome(t);
  const key = generateKey(work, "served-key-1");
  const other = generateKey(work, "other-key-2");
  const s = serve(t, ["--nats", nats.url, "--signing-key", key.secretFile], { home });
  await waitForServices(nats.url, ["castore-blob", "castore-directory", "castore-pathinfo"]);
  const via = ["--nats", nats.url];
  const nasty = join(work, "nasty");
  makeNastyTree(B(nasty));

  const r = await okJson(["import", nasty, ...via], { home });
  const sp = String(r["storePath"]);
  assert.equal(sp, nixStoreAdd(nasty));
  const dump = nixDump(nasty);
  const nar = await ok(["nar", sp, ...via], { home });
  assert.ok(nar.equals(dump), "castore nar --nats is nix-store --dump");

  const info = await okJson(["path-info", "get", sp, ...via], { home });
  assert.equal(info["narSize"], dump.length);
  assert.match((info["signatures"] as string[])[0]!, /^served-key-1:/);
  const cache = join(work, "cache");
  writeCacheEntry(cache, info, nar, false);
  const good = nixVerify(cache, sp, key.publicKey);
  assert.equal(good.status, 0, good.stderr);
  assert.match(nixVerify(cache, sp, other.publicKey).stderr, /is untrusted/);

  // import-nar of a different tree's dump registers nix-store --add's path for it.
  const dir = join(work, "second");
  makeNastyTree(B(dir));
  writeFileSync(join(dir, "extra"), "only in the second tree");
  const second = nixDump(dir);
  const imported = await okJson(["import-nar", "-", "--name", "second", ...via], { home, input: second });
  assert.equal(imported["storePath"], nixStoreAdd(dir));
  assert.ok((await ok(["nar", String(imported["storePath"]), ...via], { home })).equals(second));
  const listed = (await ok(["path-info", "list", ...via], { home })).toString().trim().split("\n").sort();
  assert.deepEqual(listed, [sp, String(imported["storePath"])].sort());

  s.child.kill("SIGTERM");
  assert.equal((await s.done).code, 0);
});

test("with --nats, path-info commands fail fast when no path-info service runs", async (t) => {
  const nats = await withNatsServer(t);
  const home = freshHome(t);
  const s = serve(t, ["--only", "blob,directory", "--nats", nats.url], { home });
  await waitForServices(nats.url, ["castore-blob", "castore-directory"]);
  const t0 = Date.now();
  const r = await castore(["path-info", "list", "--nats", nats.url], { home });
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    `castore path-info list: no castore path-info service on ${nats.url} (prefix castore); run \`castore serve --nats ${nats.url}\`\n`,
  );
  assert.ok(Date.now() - t0 < 10_000, "fails fast");
  s.child.kill("SIGTERM");
  assert.equal((await s.done).code, 0);
});
