// `castore import`, `export` and `ls` on the embedded default, one process per command as a
// user runs them; trees are compared byte for byte with what was imported, and digests with
// outside oracles (protoc + b3sum) and with `castore hash`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { B3Digest } from "@castore/core";
import { castore, freshHome, ok, okJson } from "./cli.test-util.js";
import { b3sum, oracleNode } from "./oracle.test-util.js";
import { B, assertSameTree, at, makeNastyTree } from "./tree.test-util.js";

const work = mkdtempSync(join(tmpdir(), "castore-import-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

const TRANSFER = ["bytesUploaded", "chunksUploaded", "chunksSkipped"] as const;
const withoutTransfer = (r: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(r).filter(([k]) => !(TRANSFER as readonly string[]).includes(k)));

describe("import, export and ls on the embedded default", () => {
  const home = freshHome({ after });
  const nasty = join(work, "nasty");
  makeNastyTree(B(nasty));
  let first: Record<string, unknown>;

  test("import of a nasty tree prints hash's JSON plus transfer figures, with the oracle's root digest", async () => {
    first = await okJson(["import", nasty], { home });
    const hashed = await okJson(["hash", nasty], { home });
    assert.deepEqual(withoutTransfer(first), hashed, "exactly castore hash's fields and values");
    const oracle = oracleNode(B(nasty));
    assert.equal(first["digest"], oracle.digest, "root digest (protoc + b3sum)");
    assert.equal(first["size"], oracle.size);
    assert.ok((first["bytesUploaded"] as number) > 3_000_000, "the file bytes were sent");
    assert.ok((first["bytesUploaded"] as number) < 4_000_000, "each distinct content about once");
    assert.ok((first["chunksUploaded"] as number) > 0);
  });

  test("export of the imported tree reproduces it byte for byte, with restore's modes", async () => {
    const dest = join(work, "nasty-out");
    assert.equal((await ok(["export", String(first["digest"]), dest], { home })).length, 0, "nothing on stdout");
    assertSameTree(dest, nasty);
    // The shared subtree was written at all three places, also below a later parent.
    assert.equal(readFileSync(join(dest, "z/d0/d1/d2/again/inner/exec"), "utf8"), "#!/bin/sh\necho inner\n");
  });

  test("a second import of the unchanged tree stores no chunk and sends no file above 64 KiB again", async () => {
    const again = await okJson(["import", nasty], { home });
    assert.deepEqual(withoutTransfer(again), withoutTransfer(first));
    // Blobs of one chunk up to 64 KiB are sent without asking first (the blob service's choice:
    // one round trip instead of two for a new one), so those few bytes travel again; no larger
    // file is sent again, and no chunk is stored again.
    assert.ok((again["bytesUploaded"] as number) < 64 * 1024, `bytes sent again: ${again["bytesUploaded"]}`);
    assert.equal(again["chunksUploaded"], 0);
    assert.equal(again["chunksSkipped"], (first["chunksUploaded"] as number) + (first["chunksSkipped"] as number));
  });

  test("a FIFO in the tree is refused with an error naming it", async () => {
    const d = join(work, "with-fifo");
    mkdirSync(d);
    writeFileSync(join(d, "a"), "a");
    assert.equal(spawnSync("mkfifo", [join(d, "pipe")]).status, 0);
    const r = await castore(["import", d, "--json"], { home });
    assert.equal(r.code, 1);
    assert.equal(r.stdout.length, 0);
    assert.match(r.stderr, /^castore import: unsupported file type at .*with-fifo\/pipe.*\n$/);
  });

  test("export to an existing DEST fails without --force and touches nothing; --force replaces it", async () => {
    const parent = join(work, "existing");
    const dest = join(parent, "dest");
    mkdirSync(dest, { recursive: true });
    writeFileSync(join(dest, "keep"), "precious");
    const before = readdirSync(parent);
    const r = await castore(["export", String(first["digest"]), dest], { home });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /dest already exists; give --force to replace it\n$/);
    assert.deepEqual(readdirSync(parent), before, "no temporary left next to DEST");
    assert.deepEqual(readdirSync(dest), ["keep"]);
    assert.equal(readFileSync(join(dest, "keep"), "utf8"), "precious");

    await ok(["export", "--force", String(first["digest"]), dest], { home });
    assertSameTree(dest, nasty);
    assert.deepEqual(readdirSync(parent), ["dest"], "the old DEST and the temporary are gone");

    // A file replaced by a tree, and a read-only tree replaced too.
    const file = join(parent, "file");
    writeFileSync(file, "old");
    await ok(["export", String(first["digest"]), file, "--force"], { home });
    assertSameTree(file, nasty);
    chmodSync(join(dest, "empty-dir"), 0o555);
    chmodSync(dest, 0o555);
    await ok(["export", String(first["digest"]), dest, "--force"], { home });
    assertSameTree(dest, nasty);
  });

  test("ls lists a directory and ls -R --json the whole tree, names that are not UTF-8 in nameB64", async () => {
    const small = join(work, "small");
    mkdirSync(join(small, "sub"), { recursive: true });
    writeFileSync(join(small, "b.txt"), "bee");
    writeFileSync(join(small, "run.sh"), "#!/bin/sh\n", { mode: 0o755 });
    writeFileSync(join(small, "sub", "x"), "x");
    symlinkSync("../b.txt", join(small, "sub", "link"));
    writeFileSync(at(small, B([0xff])), "odd");
    const root = String((await okJson(["import", small], { home }))["digest"]);
    const sub = oracleNode(B(join(small, "sub")));
    const h = (s: string): string => b3sum(Buffer.from(s));

    const lines = (await ok(["ls", root], { home })).toString("utf8");
    assert.equal(
      lines,
      ["file            3  b.txt", "exec           10  run.sh", "dir             -  sub/", "file            3  \uFFFD", ""].join("\n"),
    );
    const file = (name: string, data: string, executable: boolean, path: string): string =>
      JSON.stringify({ name, type: "file", digest: h(data), size: data.length, executable, path });
    const json = (await ok(["ls", "-R", root, "--json"], { home })).toString("utf8");
    assert.equal(
      json,
      [
        file("b.txt", "bee", false, "b.txt"),
        file("run.sh", "#!/bin/sh\n", true, "run.sh"),
        JSON.stringify({ name: "sub", type: "directory", digest: sub.digest, size: 2, path: "sub" }),
        JSON.stringify({ name: "link", type: "symlink", target: "../b.txt", path: "sub/link" }),
        file("x", "x", false, "sub/x"),
        JSON.stringify({ name: "\uFFFD", nameB64: "/w==", type: "file", digest: h("odd"), size: 3, executable: false, path: "\uFFFD", pathB64: "/w==" }),
        "",
      ].join("\n"),
    );
    // A subpath below the digest, and the digest in its other spellings.
    const b3 = B3Digest.parse(root).toB3();
    assert.equal((await ok(["ls", `${b3}/sub`], { home })).toString("utf8"), "link            -  link -> ../b.txt\nfile            1  x\n");
    assert.equal((await ok(["ls", "-R", `${B3Digest.parse(root).toSri()}/sub`], { home })).toString("utf8"),
      "link            -  link -> ../b.txt\nfile            1  x\n");
  });

  test("a blob digest exports as a plain non-executable file, and ls and cat show it", async () => {
    const exe = join(work, "lone-exec");
    const data = Buffer.alloc(700_000, 3);
    writeFileSync(exe, data, { mode: 0o755 });
    const r = await okJson(["import", exe], { home });
    assert.equal(r["type"], "file");
    assert.equal(r["executable"], true);
    const digest = String(r["digest"]);
    assert.equal(digest, b3sum(data));

    const dest = join(work, "lone-out");
    await ok(["export", digest, dest], { home });
    assert.ok(readFileSync(dest).equals(data));
    assert.equal(lstatSync(dest).mode & 0o7777, 0o666 & ~process.umask(), "a blob is a plain, non-executable file");
    assert.equal((await ok(["ls", digest], { home })).toString(), `file       700000  ${digest}\n`);
    assert.deepEqual(await okJson(["ls", digest], { home }), { name: digest, type: "file", digest, size: 700000, executable: false });
    assert.ok((await ok(["cat", digest], { home })).equals(data));
  });

  test("import of a lone symlink prints its target and uploads nothing; --name names the store path", async () => {
    const link = join(work, "lone-link");
    symlinkSync("../somewhere", link);
    const r = await okJson(["import", link, "--name", "other-name"], { home });
    assert.deepEqual(withoutTransfer(r), await okJson(["hash", link, "--name", "other-name"], { home }));
    assert.equal(r["target"], "../somewhere");
    assert.match(String(r["storePath"]), /^\/nix\/store\/[0-9a-z]{32}-other-name$/);
    assert.equal(r["bytesUploaded"], 0);
  });

  test("a REF that names nothing says not found for ls, export and cat, and creates nothing", async () => {
    const missing = B3Digest.of(Buffer.from("never stored")).toHex();
    const dest = join(work, "never");
    for (const args of [["ls", missing], ["export", missing, dest], ["cat", missing], ["ls", `${first["digest"]}/no-such-entry`]]) {
      const r = await castore(args, { home });
      assert.equal(r.code, 1, args.join(" "));
      assert.equal(r.stdout.length, 0);
      assert.match(r.stderr, /^castore \w+: .*not found.*\n$/);
    }
    assert.equal(existsSync(dest), false);
    assert.deepEqual(readdirSync(work).filter((n) => n.startsWith(".castore-")), []);
  });
});
