// `castore import`, `export` and `ls` with --nats against `castore serve --nats` on a NATS of
// the test's own: the same results as the embedded default, through the services' protocol.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { withNatsServer } from "@castore/nats-server";
import { assertSameTree, B, castore, freshHome, makeNastyTree, ok, okJson, oracleNode, serve, waitForServices } from "@castore/cli/testing";

const work = mkdtempSync(join(tmpdir(), "castore-import-nats-test-"));
after(() => rmSync(work, { recursive: true, force: true }));


test("import, export and ls with --nats give what the embedded store gives, through castore serve", async (t) => {
  const nats = await withNatsServer(t);
  const home = freshHome(t);
  const s = serve(t, ["--nats", nats.url], { home });
  await waitForServices(nats.url, ["castore-blob", "castore-directory", "castore-pathinfo"]);
  const nasty = join(work, "nasty");
  makeNastyTree(B(nasty));
  const via = ["--nats", nats.url];

  const first = await okJson(["import", nasty, ...via], { home });
  assert.equal(first["digest"], oracleNode(B(nasty)).digest, "root digest (protoc + b3sum)");
  const { bytesUploaded, chunksUploaded, chunksSkipped, ...rest } = first;
  assert.deepEqual(rest, await okJson(["hash", nasty], { home }));
  assert.ok((bytesUploaded as number) > 3_000_000);

  const dest = join(work, "out");
  await ok(["export", String(first["digest"]), dest, ...via], { home });
  assertSameTree(dest, nasty);

  const again = await okJson(["import", nasty, ...via], { home });
  assert.equal(again["digest"], first["digest"]);
  // Blobs of one chunk up to 64 KiB are sent without asking first (the blob service's choice:
  // one round trip instead of two for a new one), so those few bytes travel again; no larger
  // file is sent again, and no chunk is stored again.
  assert.ok((again["bytesUploaded"] as number) < 64 * 1024, `bytes sent again: ${again["bytesUploaded"]}`);
  assert.equal(again["chunksUploaded"], 0);
  assert.equal(again["chunksSkipped"], (chunksUploaded as number) + (chunksSkipped as number));

  const listing = (await ok(["ls", "-R", "--json", String(first["digest"]), ...via], { home })).toString().trim().split("\n");
  const paths = listing.map((l) => (JSON.parse(l) as { path: string }).path);
  assert.ok(paths.includes("z/d0/d1/d2/again/inner/up"), "the subtree below a later parent is listed too");
  assert.equal(paths.filter((p) => p.endsWith("/inner/exec")).length, 3, "the shared subtree at all three places");

  s.child.kill("SIGTERM");
  assert.equal((await s.done).code, 0);
});

test("with --nats, import fails fast when only the blob service runs, and says what to run", async (t) => {
  const nats = await withNatsServer(t);
  const home = freshHome(t);
  const s = serve(t, ["--only", "blob", "--nats", nats.url], { home });
  await waitForServices(nats.url, ["castore-blob"]);
  const t0 = Date.now();
  const r = await castore(["import", work, "--nats", nats.url], { home });
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    `castore import: no castore directory service on ${nats.url} (prefix castore); run \`castore serve --nats ${nats.url}\`\n`,
  );
  assert.ok(Date.now() - t0 < 10_000, "fails fast");
  s.child.kill("SIGTERM");
  assert.equal((await s.done).code, 0);
});
