// Rough edges users hit with `castore` (issue 10, items 12-16), each as a user meets it: one
// process per command on the embedded default.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { B3Digest } from "@castore/core";
import { bytes, castore, freshHome, ok, okJson } from "./cli.test-util.js";

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
});
