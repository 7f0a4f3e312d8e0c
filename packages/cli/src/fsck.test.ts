// castore fsck on the embedded store: a purged chunk, a flipped chunk, a tampered directory record
// and a path info whose content is gone are found (each with its digest), removed by --repair
// together with what depends on them, and a re-import then restores everything exactly.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { B3Digest, Directory, bucketName, fileNode } from "@castore/core";
import { ChunkedBlobService, JetStreamChunkStore } from "@castore/blob";
import { JetStreamDirectoryStore } from "@castore/directory";
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { bytes, castore, freshHome, ok, okJson } from "./cli.test-util.js";
import { assertSameTree } from "./tree.test-util.js";

const work = mkdtempSync(join(tmpdir(), "castore-fsck-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

function makeTree(name: string, seed: number): string {
  const root = join(work, name);
  mkdirSync(join(root, "sub"), { recursive: true });
  writeFileSync(join(root, "big"), bytes(1_500_000, seed)); // several chunks
  writeFileSync(join(root, "small"), bytes(3000, seed + 1));
  writeFileSync(join(root, "sub", "inner"), bytes(5000, seed + 2));
  return root;
}

async function fsckLines(home: string, extra: string[] = []): Promise<{ code: number | null; problems: Record<string, unknown>[]; summary: Record<string, unknown> }> {
  const r = await castore(["fsck", "--json", ...extra], { home });
  const lines = r.stdout.toString().trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.code, problems: lines.slice(0, -1), summary: lines[lines.length - 1]! };
}

test("fsck finds a purged and a flipped chunk, a tampered directory and a path info whose content is gone; --repair lets a re-import restore them", async (t) => {
  const home = freshHome(t);
  const a = makeTree("a", 1);
  const b = makeTree("b", 50);
  const ia = await okJson(["import", a, "--json"], { home });
  const ib = await okJson(["import", b, "--json"], { home });
  assert.deepEqual((await fsckLines(home)).summary["problems"], 0, "a fresh store is clean");
  assert.equal((await castore(["fsck"], { home })).code, 0);

  // Break things behind castore's back, as a failing disk or an operator would.
  const { url } = JSON.parse(readFileSync(join(home, "server.json"), "utf8")) as { url: string };
  const nc = await connect({ servers: url });
  t.after(() => nc.close());
  const chunks = await JetStreamChunkStore.open(nc, { prefix: "castore" });
  const dirs = await JetStreamDirectoryStore.open(nc, { prefix: "castore", blobs: new ChunkedBlobService(chunks) });
  const bigA = B3Digest.of(readFileSync(join(a, "big")));
  const purged = (await chunks.statBlob(bigA))!.chunks[1]!.digest;
  await chunks.purgeChunkOnly(purged);
  const flipped = B3Digest.of(readFileSync(join(a, "small")));
  await chunks.tamper(flipped, Buffer.alloc(3000, 0x41));
  const subDigest = Directory.fromEntries([fileNode("inner", B3Digest.of(readFileSync(join(a, "sub", "inner"))), 5000)]).digest();
  await dirs.tamper(subDigest, Directory.fromEntries([fileNode("other", B3Digest.of(Buffer.from("x")), 1)]).encode());
  await dirs.remove(String(ib["digest"])); // B's root directory: its path info's content is gone

  const found = await fsckLines(home);
  assert.equal(found.code, 1, "exit 1 when anything is wrong");
  const has = (kind: string, key: string, re: RegExp) =>
    assert.ok(found.problems.some((p) => p["kind"] === kind && p["key"] === key && re.test(String(p["problem"])) && p["repaired"] === false), `${kind} ${key} ${re}: ${JSON.stringify(found.problems)}`);
  has("chunk", flipped.toHex(), /do not hash to the chunk's digest/);
  has("blob", bigA.toHex(), new RegExp(`chunk 1 \\(${purged.toHex()}\\) is missing or corrupt`));
  has("presence", purged.toHex(), /names a chunk the store does not have/);
  has("directory", subDigest.toHex(), /hashes to [0-9a-f]{64}, not to its key/);
  has("directory", String(ia["digest"]), /below it is broken or missing|is missing or broken/);
  has("pathinfo", String(ia["storePath"]), /root directory .* is missing or broken/);
  has("pathinfo", String(ib["storePath"]), /root directory .* is missing or broken/);
  assert.equal(found.summary["problems"], found.problems.length);
  assert.equal(found.summary["repaired"], 0);

  const fixed = await fsckLines(home, ["--repair"]);
  assert.equal(fixed.code, 1, "data was lost: still exit 1");
  assert.ok(fixed.problems.every((p) => p["repaired"] === true));
  assert.equal(fixed.summary["repaired"], fixed.problems.length);
  const clean = await fsckLines(home);
  assert.equal(clean.code, 0, JSON.stringify(clean.problems));
  assert.equal(clean.summary["problems"], 0);
  const gone = await castore(["path-info", "get", String(ia["storePath"])], { home });
  assert.match(gone.stderr, /not found/);

  // A re-import restores everything; the tree exports exactly again.
  const again = await okJson(["import", a, "--json"], { home });
  assert.ok(Number(again["chunksUploaded"]) >= 2, "the purged and the flipped chunk were sent again");
  await okJson(["import", b, "--json"], { home });
  const copy = join(work, "copy");
  await ok(["export", String(ia["storePath"]), copy], { home });
  assertSameTree(copy, a);
  assert.equal((await fsckLines(home)).code, 0);
});

test("fsck gives a blob stored before trees existed its tree with --repair, and rebuilds a tree that differs from its content", async (t) => {
  const home = freshHome(t);
  const src = join(work, "trees");
  mkdirSync(src);
  const data = Buffer.alloc(1_500_000);
  for (let i = 0, x = 7; i < data.length; i++) data[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24; // FastCDC cuts this
  writeFileSync(join(src, "big"), data);
  await okJson(["import", src, "--json"], { home });
  const { url } = JSON.parse(readFileSync(join(home, "server.json"), "utf8")) as { url: string };
  const nc = await connect({ servers: url });
  t.after(() => nc.close());
  const chunks = await JetStreamChunkStore.open(nc, { prefix: "castore" });
  const digest = B3Digest.of(data);
  assert.ok(((await chunks.statBlob(digest))?.chunks.length ?? 0) >= 2, "a multi-chunk blob");

  await chunks.dropTree(digest);
  const before = await fsckLines(home);
  assert.equal(before.code, 0, "a missing tree is no problem: reads build it");
  assert.equal(before.summary["treesMissing"], 1);
  const built = await fsckLines(home, ["--repair"]);
  assert.equal(built.summary["treesBuilt"], 1);
  assert.equal((await fsckLines(home)).summary["treesMissing"], 0);

  await chunks.tamperTree(digest, 0, 0, new Uint8Array(32).fill(0x42));
  const found = await fsckLines(home);
  assert.equal(found.code, 1);
  assert.ok(found.problems.some((p) => p["kind"] === "blob" && p["key"] === digest.toHex() && /stored tree differs from its content at level 0/.test(String(p["problem"]))));
  const fixed = await fsckLines(home, ["--repair"]);
  assert.ok(fixed.problems.every((p) => p["repaired"] === true));
  assert.equal((await fsckLines(home)).code, 0, "the tree was rebuilt from the content");
  assert.ok((await ok(["cat", digest.toHex()], { home })).equals(data));
});

test("fsck checks packs against their directories: a missing part is built with --repair, a tampered one rewritten, an orphan removed", async (t) => {
  const home = freshHome(t);
  const src = join(work, "packs");
  mkdirSync(join(src, "many"), { recursive: true });
  mkdirSync(join(src, "more"));
  for (let i = 0; i < 5; i++) writeFileSync(join(src, "many", `f${i}`), bytes(1000 + i * 700, 200 + i));
  for (let i = 0; i < 3; i++) writeFileSync(join(src, "more", `g${i}`), bytes(2000 + i, 300 + i));
  await okJson(["import", src, "--json"], { home });
  const clean = await fsckLines(home);
  assert.equal(clean.code, 0);
  assert.equal(clean.summary["packs"], 2, "one part for each directory of small files");
  assert.equal(clean.summary["packsMissing"], 0);

  const { url } = JSON.parse(readFileSync(join(home, "server.json"), "utf8")) as { url: string };
  const nc = await connect({ servers: url });
  t.after(() => nc.close());
  const kv = await new Kvm(jetstream(nc)).open(bucketName("castore", "packs"));
  const dirKey = (name: string, files: string[]) =>
    `${Directory.fromEntries(files.map((f) => fileNode(f, B3Digest.of(readFileSync(join(src, name, f))), readFileSync(join(src, name, f)).length))).digest().toHex()}.0`;
  const many = dirKey("many", ["f0", "f1", "f2", "f3", "f4"]);
  const more = dirKey("more", ["g0", "g1", "g2"]);
  assert.ok((await kv.get(many))?.operation === "PUT" && (await kv.get(more))?.operation === "PUT");
  await kv.purge(many);
  const good = (await kv.get(more))!.value;
  const bad = Uint8Array.from(good);
  bad[bad.length - 1]! ^= 1;
  await kv.put(more, bad);
  const orphan = `${"ab".repeat(32)}.0`;
  await kv.put(orphan, good);

  const found = await fsckLines(home);
  assert.equal(found.code, 1);
  assert.equal(found.summary["packsMissing"], 1, "a missing part is no problem");
  const has = (key: string, re: RegExp) => assert.ok(found.problems.some((p) => p["kind"] === "pack" && p["key"] === key && re.test(String(p["problem"]))), `${key}: ${JSON.stringify(found.problems)}`);
  has(more, /blob 2 .* does not match its digest/);
  has(orphan, /not in the store/);
  assert.equal(found.problems.length, 2);

  const fixed = await fsckLines(home, ["--repair"]);
  assert.ok(fixed.problems.every((p) => p["repaired"] === true));
  assert.equal(fixed.summary["packsBuilt"], 1);
  const after = await fsckLines(home);
  assert.equal(after.code, 0, JSON.stringify(after.problems));
  assert.equal(after.summary["packsMissing"], 0);
  assert.ok(Buffer.from((await kv.get(more))!.value).equals(Buffer.from(good)), "the tampered part was rewritten from the chunks");
  assert.notEqual((await kv.get(orphan))?.operation, "PUT", "the orphan was removed");
  const copy = join(work, "packs-copy");
  await ok(["export", String((await okJson(["import", src, "--json"], { home }))["storePath"]), copy], { home });
  assertSameTree(copy, src);
});
