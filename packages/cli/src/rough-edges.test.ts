// Rough edges users hit with `castore` (issue 10, items 12-16), each as a user meets it: one
// process per command on the embedded default.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { B3Digest } from "@castore/core";
import { bin, bytes, castore, childEnv, freshHome, ok, okJson } from "./cli.test-util.js";

const work = mkdtempSync(join(tmpdir(), "castore-rough-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

describe("rough edges of the CLI", () => {
  const home = freshHome({ after });
  const tree = join(work, "tree");
  let root: Record<string, unknown>;

  before(async () => {
    mkdirSync(join(tree, "sub", "deeper"), { recursive: true });
    writeFileSync(join(tree, "top"), "top file\n");
    writeFileSync(join(tree, "sub", "deeper", "x"), "x inside\n");
    root = await okJson(["import", tree], { home });
  });

  test("cat DIGEST/sub/path writes the file at that path inside the directory", async () => {
    const digest = B3Digest.parse(String(root["digest"]));
    for (const spelling of [digest.toHex(), digest.toB3(), digest.toSri()]) {
      assert.equal((await ok(["cat", `${spelling}/sub/deeper/x`], { home })).toString(), "x inside\n", spelling);
    }
    assert.equal((await ok(["cat", `${root["storePath"]}/top`], { home })).toString(), "top file\n");
    const dir = await castore(["cat", `${digest.toHex()}/sub`], { home });
    assert.equal(dir.code, 1);
    assert.match(dir.stderr, /^castore cat: .*\/sub is a directory, not a file\n$/);
  });

  test("path-info get of a malformed store path names the store path, not a digest", async () => {
    const r = await castore(["path-info", "get", "/nix/store/bad"], { home });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^castore path-info get: invalid store path "\/nix\/store\/bad": too short for <32 nixbase32 characters>-<name>\n$/);
    const short = await castore(["path-info", "get", "bad-name"], { home });
    assert.equal(short.code, 1);
    assert.match(short.stderr, /invalid store path "bad-name"/);
    assert.doesNotMatch(short.stderr, /BLAKE3/);
  });

  test("import-nar of content already stored sends nothing, as import of the same tree does", async () => {
    const d = join(work, "stored");
    mkdirSync(d);
    // Small files (sent without asking unless the import asks first), one repeated, and files
    // of several chunks.
    for (let i = 0; i < 300; i++) writeFileSync(join(d, `small-${i}`), bytes(100 + i * 200, i + 1));
    writeFileSync(join(d, "again"), bytes(100, 1));
    writeFileSync(join(d, "medium"), bytes(300_000, 7));
    writeFileSync(join(d, "large"), bytes(3_000_000, 8));
    const imported = await okJson(["import", d], { home });
    assert.ok((imported["bytesUploaded"] as number) > 3_000_000);
    const nar = spawnSync("nix-store", ["--dump", d], { maxBuffer: 64 << 20 });
    assert.equal(nar.status, 0, nar.stderr?.toString());
    const r = await okJson(["import-nar", "-", "--name", "stored"], { home, input: nar.stdout });
    assert.equal(r["narHash"], imported["narHash"]);
    assert.equal(r["storePath"], imported["storePath"]);
    assert.equal(r["bytesUploaded"], 0, "no byte sent again");
    assert.equal(r["chunksUploaded"], 0, "no chunk stored again");
    assert.ok((r["chunksSkipped"] as number) >= 301, `chunks skipped: ${r["chunksSkipped"]}`);
  });

  test("blob stat for people is a short summary; --json still lists every chunk", async () => {
    // Bytes of `bytes()` are cut only at the maximum chunk size, so the two halves share chunks.
    const data = Buffer.concat([bytes(1 << 20, 5), bytes(1 << 20, 5), bytes(100_000, 6)]);
    const digest = String((await okJson(["blob", "put", "-"], { home, input: data }))["digest"]);
    const st = await okJson(["blob", "stat", digest], { home });
    assert.deepEqual(Object.keys(st), ["digest", "size", "chunks", "chunkList"]);
    const list = st["chunkList"] as { digest: string; size: number }[];
    assert.equal(list.length, st["chunks"]);
    assert.ok(list.length > 3);
    const sizes = list.map((c) => c.size);
    const distinct = new Set(list.map((c) => c.digest)).size;
    assert.ok(distinct < list.length, "the repeated half shares chunks");
    const avg = Math.round(data.length / list.length);
    assert.equal(
      (await ok(["blob", "stat", digest], { home })).toString(),
      [
        `digest           ${digest}`,
        `size             ${data.length} (2.1 MiB)`,
        `chunks           ${list.length}`,
        `distinct chunks  ${distinct}`,
        `chunk sizes      min ${Math.min(...sizes)}, avg ${avg}, max ${Math.max(...sizes)} bytes`,
        "",
      ].join("\n"),
    );
  });

  test("export errors name DEST or a path under it, never the temporary name it builds under", async () => {
    const r = await castore(["export", String(root["digest"]), "/proc/castore-out"], { home });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "castore export: cannot create the directory /proc/castore-out: no such file or directory (ENOENT)\n");

    // A path deeper than PATH_MAX fails inside the tree: shown under DEST as the user gave it.
    const name = "n".repeat(250);
    const deep = join(work, "deep-out");
    const e = await castore(["export", String((await importNar(deepNar(name, 20), "deep"))["digest"]), deep], { home });
    assert.equal(e.code, 1);
    assert.ok(e.stderr.startsWith(`castore export: cannot create the directory ${deep}/${name}/${name}/`), e.stderr);
    assert.match(e.stderr, /: file name too long \(ENAMETOOLONG\)\n$/);
    assert.doesNotMatch(e.stderr, /\.castore-/);
    assert.equal(existsSync(deep), false);
    assert.deepEqual(readdirSync(work).filter((n) => n.startsWith(".castore-")), [], "no temporary left");
  });

  test("an export that runs out of space says so for DEST", async (t) => {
    // A 1 MiB tmpfs in a private mount namespace (unshare: no privileges needed where user
    // namespaces are allowed).
    if (spawnSync("unshare", ["-rm", "true"]).status !== 0) return t.skip("unshare -rm is not available here");
    const mnt = join(work, "small");
    mkdirSync(mnt);
    const data = bytes(3 << 20, 9);
    const digest = String((await okJson(["blob", "put", "-"], { home, input: data }))["digest"]);
    const script = `mount -t tmpfs -o size=1m tmpfs "$0" && "$@"; rc=$?; ls -A "$0"; exit $rc`;
    const r = spawnSync("unshare", ["-rm", "sh", "-c", script, mnt, process.execPath, bin, "export", digest, `${mnt}/out`], {
      env: childEnv(home),
      encoding: "utf8",
    });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, `castore export: cannot write the export at ${mnt}/out: no space left on device (ENOSPC)\n`);
    assert.equal(r.stdout, "", "nothing left in the full file system");
  });

  test("a signing key file with garbage is called no Nix secret key, naming the file", async () => {
    const garbage = join(work, "garbage.sec");
    writeFileSync(garbage, "this is no key\n");
    const r = await castore(["path-info", "list", "--signing-key", garbage], { home });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `castore path-info list: --signing-key ${JSON.stringify(garbage)} is not a Nix secret key (expected NAME:BASE64, as made by ` +
        'nix-store --generate-binary-cache-key): secret key has no ":" between name and base64\n',
    );
  });

  test("export into an existing empty directory needs no --force; a non-empty one still does", async () => {
    const dest = join(work, "empty-dest");
    mkdirSync(dest);
    await ok(["export", String(root["digest"]), dest], { home });
    assert.equal(readFileSync(join(dest, "sub", "deeper", "x"), "utf8"), "x inside\n");
    assert.deepEqual(readdirSync(dest).sort(), ["sub", "top"]);

    // A file replaces the empty directory too.
    const fileDest = join(work, "empty-for-file");
    mkdirSync(fileDest);
    await ok(["export", `${root["digest"]}/top`, fileDest], { home });
    assert.ok(lstatSync(fileDest).isFile());
    assert.equal(readFileSync(fileDest, "utf8"), "top file\n");

    const r = await castore(["export", String(root["digest"]), dest], { home });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /empty-dest already exists; give --force to replace it\n$/);
  });

  async function importNar(nar: Buffer, name: string): Promise<Record<string, unknown>> {
    return okJson(["import-nar", "-", "--name", name], { home, input: nar });
  }
});

/** A NAR of `depth` directories nested in each other, each called `name`, with a file at the bottom. */
function deepNar(name: string, depth: number): Buffer {
  const parts: Buffer[] = [];
  const str = (s: string | Buffer): void => {
    const b = Buffer.from(s);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(b.length));
    parts.push(len, b, Buffer.alloc((8 - (b.length % 8)) % 8));
  };
  str("nix-archive-1");
  for (let i = 0; i < depth; i++) {
    for (const s of ["(", "type", "directory", "entry", "(", "name", name, "node"]) str(s);
  }
  for (const s of ["(", "type", "regular", "contents", "bottom\n", ")"]) str(s);
  for (let i = 0; i < depth; i++) for (const s of [")", ")"]) str(s);
  return Buffer.concat(parts);
}
