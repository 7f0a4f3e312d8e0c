// `castore blob put/stat` and `castore cat` on the embedded default, as a user runs them: one
// process per command, so every result also shows that the data persists across commands.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { B3Digest } from "@castore/core";
import { bytes, castore, freshHome, ok, okJson } from "./cli.test-util.js";

describe("blob put, stat and cat on the embedded default", () => {
  const home = freshHome({ after });

  const sizes: [string, number][] = [
    ["the empty blob", 0],
    ["a 1-byte blob", 1],
    ["a 1.5 MiB blob of several chunks", 1536 * 1024 + 7],
  ];
  for (const [name, size] of sizes) {
    test(`${name} goes in with put and comes back with stat and cat`, async () => {
      const data = bytes(size, size + 1);
      const file = join(home, `in-${size}`);
      writeFileSync(file, data);
      const digest = B3Digest.of(data).toHex();

      const put = await okJson(["blob", "put", file], { home });
      assert.equal(put["digest"], digest);
      assert.equal(put["size"], size);
      assert.equal(put["bytesUploaded"], size);
      assert.equal(put["chunksSkipped"], 0);
      assert.equal(put["chunksUploaded"], put["chunks"]);

      const st = await okJson(["blob", "stat", digest], { home });
      assert.equal(st["digest"], digest);
      assert.equal(st["size"], size);
      assert.equal(st["chunks"], put["chunks"]);
      const list = st["chunkList"] as { digest: string; size: number }[];
      if (size > 512 * 1024) {
        assert.equal(list.length, put["chunks"]);
        assert.equal(list.reduce((n, c) => n + c.size, 0), size);
        assert.match(list[0]!.digest, /^[0-9a-f]{64}$/);
      } else {
        assert.deepEqual(list, [], "a blob of at most one chunk has no chunk list");
      }

      assert.deepEqual(await ok(["cat", digest], { home }), data);
    });
  }

  test("a second put of the same bytes uploads nothing", async () => {
    const data = bytes(1536 * 1024 + 7, 1536 * 1024 + 8);
    const file = join(home, "again");
    writeFileSync(file, data);
    const put = await okJson(["blob", "put", file], { home });
    assert.equal(put["bytesUploaded"], 0);
    assert.equal(put["chunksUploaded"], 0);
    assert.equal(put["chunksSkipped"], put["chunks"]);
  });

  test("blob put - reads stdin and gives the digest of the bytes", async () => {
    const data = bytes(700_000, 42);
    const put = await okJson(["blob", "put", "-"], { home, input: data });
    assert.equal(put["digest"], B3Digest.of(data).toHex());
    assert.equal(put["size"], data.length);
    assert.deepEqual(await ok(["cat", B3Digest.of(data).toSri()], { home }), data, "cat takes blake3-<base64> too");
  });

  test("cat --offset and --length return exactly that range", async () => {
    const data = bytes(1_200_000, 7);
    const digest = B3Digest.of(data).toB3();
    await ok(["blob", "put", "-"], { home, input: data });
    const cases: [number, number | undefined][] = [
      [0, 10],
      [524_000, 2000],
      [1_199_990, undefined],
      [1_199_990, 100],
      [1_200_000, undefined],
    ];
    for (const [offset, length] of cases) {
      const args = ["cat", digest, "--offset", String(offset), ...(length === undefined ? [] : ["--length", String(length)])];
      const want = data.subarray(offset, length === undefined ? undefined : offset + length);
      assert.deepEqual(await ok(args, { home }), want, `offset ${offset} length ${length}`);
    }
  });

  test("cat and blob stat of a missing blob say not found and exit 1", async () => {
    const missing = B3Digest.of(Buffer.from("never stored")).toHex();
    for (const args of [["cat", missing], ["blob", "stat", missing, "--json"]]) {
      const r = await castore(args, { home });
      assert.equal(r.code, 1);
      assert.equal(r.stdout.length, 0, "nothing on stdout");
      assert.match(r.stderr, /not found/);
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, "one line on stderr");
    }
  });

  test("the data survives castore stop and a restart of the embedded server", async () => {
    const data = bytes(900_000, 99);
    const digest = B3Digest.of(data).toHex();
    await ok(["blob", "put", "-"], { home, input: data });
    assert.match((await ok(["stop"], { home })).toString(), /stopped/);
    assert.deepEqual(await ok(["cat", digest], { home }), data);
  });

  test("a digest that is not one is rejected with the expected spellings", async () => {
    const r = await castore(["cat", "abc"], { home });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /64 hex characters, b3:<base64> or blake3-<base64>/);
  });
});
