// The Nix-facing commands on the embedded default, judged by real Nix: `import` registers the
// path `nix-store --add` gives, `nar` is byte for byte `nix-store --dump`, `import-nar` of that
// dump lands on the same path, store-path REFs (with subpaths) resolve for cat/ls/export, and
// the service's signatures (CASTORE_SIGNING_KEY) are accepted by `nix store verify`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { formatStorePath, nixbase32Decode, nixbase32Encode, parseStorePath, renderNarInfo, storePath } from "@castore/core";
import { bin, castore, childEnv, freshHome, ok, okJson } from "./cli.test-util.js";
import { generateKey, nixVerify, writeCacheEntry } from "./nix-cache.test-util.js";
import { nixDump, nixHash, nixStoreAdd } from "./oracle.test-util.js";
import { B, assertSameTree, makeNastyTree } from "./tree.test-util.js";

const work = mkdtempSync(join(tmpdir(), "castore-pathinfo-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

const INFO_KEYS = ["storePath", "narHash", "narSize", "references", "signatures", "ca", "node"];

describe("path infos on the embedded default", () => {
  const home = freshHome({ after });
  const key = generateKey(work, "castore-test-1");
  const other = generateKey(work, "other-key-2");
  const opts = { home, env: { CASTORE_SIGNING_KEY: key.secretFile } };
  const nasty = join(work, "nasty");
  makeNastyTree(B(nasty));
  let imported: Record<string, unknown>;
  let sp: string;

  test("import registers the store path nix-store --add gives, and nar of it is nix-store --dump", async () => {
    imported = await okJson(["import", nasty], opts);
    sp = String(imported["storePath"]);
    assert.equal(sp, nixStoreAdd(nasty));
    const dump = nixDump(nasty);
    const nar = await ok(["nar", sp], opts);
    assert.ok(nar.equals(dump), `castore nar (${nar.length} bytes) differs from nix-store --dump (${dump.length} bytes)`);
    // The same NAR by the root digest and by the basename form of the store path.
    assert.ok((await ok(["nar", String(imported["digest"])], opts)).equals(dump));
    assert.ok((await ok(["nar", sp.slice("/nix/store/".length)], opts)).equals(dump));
  });

  test("nar of a subpath is nix-store --dump of that part of the tree; a lone file's too", async () => {
    assert.ok((await ok(["nar", `${sp}/z/d0`], opts)).equals(nixDump(join(nasty, "z/d0"))));
    assert.ok((await ok(["nar", `${sp}/big`], opts)).equals(nixDump(join(nasty, "big"))));
    const lone = join(work, "lone.txt");
    writeFileSync(lone, "a lone file\n");
    const r = await okJson(["import", lone], opts);
    assert.equal(r["storePath"], nixStoreAdd(lone));
    assert.ok((await ok(["nar", String(r["storePath"])], opts)).equals(nixDump(lone)));
  });

  test("nar and cat into a regular file (written from the libuv pool, not process.stdout) give the same bytes", async () => {
    const out = join(work, "stdout-file");
    const toFile = (args: string[]): Buffer => {
      const fd = openSync(out, "w");
      try {
        const r = spawnSync(process.execPath, [bin, ...args], { env: childEnv(home, opts.env), stdio: ["ignore", fd, "pipe"] });
        assert.equal(r.status, 0, r.stderr?.toString());
      } finally {
        closeSync(fd);
      }
      return readFileSync(out);
    };
    assert.ok(toFile(["nar", sp]).equals(nixDump(nasty)), "nar into a file is nix-store --dump");
    assert.ok(toFile(["cat", `${sp}/big`]).equals(readFileSync(join(nasty, "big"))), "cat into a file is the file");
  });

  test("path-info get --json has DESIGN §7's fields, signed with the service's key", async () => {
    const info = await okJson(["path-info", "get", sp], opts);
    assert.deepEqual(Object.keys(info), INFO_KEYS);
    const narHash = nixHash(nasty);
    assert.equal(info["storePath"], sp);
    assert.equal(info["narHash"], `sha256:${narHash}`);
    assert.equal(info["narSize"], nixDump(nasty).length);
    assert.equal(info["narSize"], imported["narSize"]);
    assert.deepEqual(info["references"], []);
    assert.equal(info["ca"], `fixed:r:sha256:${narHash}`);
    assert.deepEqual(info["node"], { type: "directory", digest: imported["digest"], size: imported["size"] });
    const sigs = info["signatures"] as string[];
    assert.equal(sigs.length, 1);
    assert.match(sigs[0]!, /^castore-test-1:[A-Za-z0-9+/]{86}==$/);
    // The basename form names the same path.
    assert.deepEqual(await okJson(["path-info", "get", sp.slice("/nix/store/".length)], opts), info);
  });

  test("nix store verify accepts the service's signature with its public key and refuses another key", async () => {
    const info = await okJson(["path-info", "get", sp], opts);
    const nar = await ok(["nar", sp], opts);
    const cache = join(work, "cache-signed");
    // Without the CA line: Nix would trust a content-addressed path without any signature.
    writeCacheEntry(cache, info, nar, false);
    const good = nixVerify(cache, sp, key.publicKey);
    assert.equal(good.status, 0, good.stderr);
    const bad = nixVerify(cache, sp, other.publicKey);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /is untrusted/);
    // With the CA line Nix checks the content address instead, and accepts it too.
    const ca = join(work, "cache-ca");
    writeCacheEntry(ca, info, nar, true);
    const byCa = nixVerify(ca, sp, other.publicKey);
    assert.equal(byCa.status, 0, byCa.stderr);
  });

  test("store-path REFs with subpaths work for cat, ls and export; a missing one is 'not found'", async () => {
    assert.equal((await ok(["cat", `${sp}/z/d0/d1/d2/again/inner/exec`], opts)).toString(), "#!/bin/sh\necho inner\n");
    assert.ok((await ok(["cat", `${sp.slice("/nix/store/".length)}/size-131072`], opts)).equals(readFileSync(join(nasty, "size-131072"))));
    const listed = (await ok(["ls", `${sp}/a-shared/inner`, "--json"], opts)).toString().trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(listed.map((e: { name: string }) => e.name), ["exec", "up"]);
    const dest = join(work, "export-sub");
    await ok(["export", `${sp}/b-shared`, dest], opts);
    assertSameTree(dest, join(nasty, "b-shared"));
    const dest2 = join(work, "export-whole");
    await ok(["export", sp, dest2], opts);
    assertSameTree(dest2, nasty);

    const missing = `/nix/store/${nixbase32Encode(randomBytes(20))}-nothing`;
    for (const args of [["cat", `${missing}/x`], ["ls", missing], ["nar", missing], ["path-info", "get", missing], ["export", missing, join(work, "no")]]) {
      const r = await castore(args, opts);
      assert.equal(r.code, 1, args.join(" "));
      assert.match(r.stderr, /not found/, args.join(" "));
      assert.equal(r.stdout.length, 0);
    }
    const noEntry = await castore(["cat", `${sp}/no-such-entry`], opts);
    assert.equal(noEntry.code, 1);
    assert.match(noEntry.stderr, /: not found \(no entry "no-such-entry"\)\n$/);
  });

  test("import-nar of nix-store --dump output registers nix-store --add's path, and nar round-trips", async () => {
    const dir = join(work, "for-nar");
    makeNastyTree(B(dir));
    writeFileSync(join(dir, "marker"), randomBytes(16).toString("hex")); // a path no other test has
    const dump = nixDump(dir);
    const file = join(work, "for-nar.nar");
    writeFileSync(file, dump);
    const r = await okJson(["import-nar", file, "--name", "for-nar"], opts);
    assert.equal(r["storePath"], nixStoreAdd(dir));
    assert.equal(r["narHash"], `sha256:${nixHash(dir)}`);
    assert.equal(r["narSize"], dump.length);
    assert.deepEqual(Object.keys(r), [...Object.keys(await okJson(["hash", dir, "--name", "for-nar"], opts)), "bytesUploaded", "chunksUploaded", "chunksSkipped"]);
    assert.ok((await ok(["nar", String(r["storePath"])], opts)).equals(dump));
    const info = await okJson(["path-info", "get", String(r["storePath"])], opts);
    assert.equal(info["ca"], `fixed:r:sha256:${nixHash(dir)}`);
    // From stdin, the same path again.
    const again = await okJson(["import-nar", "-", "--name", "for-nar"], { ...opts, input: dump });
    assert.equal(again["storePath"], r["storePath"]);
  });

  test("a malformed NAR is refused with exit 1 and registers nothing", async () => {
    const before = await ok(["path-info", "list", "--json"], opts);
    const lines = before.toString().trim().split("\n");
    assert.ok(lines.length >= 3, "the earlier imports are listed");
    for (const l of lines) assert.deepEqual(Object.keys(JSON.parse(l)), INFO_KEYS);
    const dir = join(work, "for-bad-nar");
    makeNastyTree(B(dir));
    const dump = nixDump(dir);
    const cases: [string, Buffer][] = [
      ["truncated", dump.subarray(0, dump.length - 100)],
      ["trailing garbage", Buffer.concat([dump, Buffer.from("x")])],
      ["not a NAR", Buffer.from("hello, world, this is not a NAR at all")],
    ];
    for (const [what, bytes] of cases) {
      const r = await castore(["import-nar", "-", "--name", "bad"], { ...opts, input: bytes });
      assert.equal(r.code, 1, what);
      assert.match(r.stderr, /^castore import-nar: .*NAR/, what);
      assert.equal(r.stdout.length, 0, what);
    }
    assert.ok((await ok(["path-info", "list", "--json"], opts)).equals(before), "path-info list unchanged");
  });

  test("path-info put takes references, deriver and signatures from a narinfo, checks NarHash/NarSize against the node", async () => {
    const target = parseStorePath(`/nix/store/${nixbase32Encode(randomBytes(20))}-put-test`);
    const deriver = storePath(randomBytes(20), "put-test.drv");
    const narHash = nixHash(join(nasty, "a-shared"));
    const narSize = BigInt(nixDump(join(nasty, "a-shared")).length);
    const narinfo = (sha: string, size: bigint): string =>
      renderNarInfo({
        storePath: target,
        url: "nar/whatever.nar",
        compression: "none",
        narSha256: nixbase32Decode(sha),
        narSize: size,
        references: [parseStorePath(sp), target],
        deriver,
        signatures: [],
      });
    const node = `${sp}/a-shared`;
    const wrongHash = await castore(["path-info", "put", "--node", node], { ...opts, input: Buffer.from(narinfo(nixHash(nasty), narSize)) });
    assert.equal(wrongHash.code, 1);
    assert.match(wrongHash.stderr, /^castore path-info put: .*NarHash .* does not match the node's NAR .*nothing stored\n$/);
    const wrongSize = await castore(["path-info", "put", "--node", node], { ...opts, input: Buffer.from(narinfo(narHash, narSize + 1n)) });
    assert.equal(wrongSize.code, 1);
    assert.match(wrongSize.stderr, /NarSize .* does not match/);
    const absent = await castore(["path-info", "get", formatStorePath(target)], opts);
    assert.equal(absent.code, 1);
    assert.match(absent.stderr, /not found/);

    const stored = await okJson(["path-info", "put", "--node", node], { ...opts, input: Buffer.from(narinfo(narHash, narSize)) });
    const got = await okJson(["path-info", "get", String(stored["storePath"])], opts);
    assert.deepEqual(got, stored);
    assert.deepEqual(Object.keys(got), ["storePath", "narHash", "narSize", "references", "signatures", "deriver", "node"]);
    assert.deepEqual(got["references"], [sp, String(got["storePath"])]);
    assert.equal(got["deriver"], `/nix/store/${nixbase32Encode(deriver.digest)}-put-test.drv`);
    assert.equal(got["narHash"], `sha256:${narHash}`);
    // An input-addressed path: only the signature can make Nix trust it.
    const cache = join(work, "cache-put");
    writeCacheEntry(cache, got, await ok(["nar", String(got["storePath"])], opts), false);
    // The referenced path goes into the cache too, in case Nix looks it up.
    writeCacheEntry(cache, await okJson(["path-info", "get", sp], opts), await ok(["nar", sp], opts), false);
    const good = nixVerify(cache, String(got["storePath"]), key.publicKey);
    assert.equal(good.status, 0, good.stderr);
    assert.notEqual(nixVerify(cache, String(got["storePath"]), other.publicKey).status, 0);
  });
});
