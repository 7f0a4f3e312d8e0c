import assert from "node:assert/strict";
import { test } from "node:test";
import { B3Digest } from "@castore/core";
import { parseTreeRef } from "./ref.js";

// A digest whose base64 spelling contains "/", so the subpath cannot be found by the first "/".
const digest = B3Digest.fromBytes(new Uint8Array(32).fill(0xff));

test("a tree REF is a digest in any spelling, optionally followed by a subpath", () => {
  assert.ok(digest.toB3().includes("/"));
  for (const spelling of [digest.toHex(), digest.toB3(), digest.toSri()]) {
    const bare = parseTreeRef(spelling);
    assert.ok(bare.digest?.equals(digest), spelling);
    assert.deepEqual(bare.subpath, []);
    const deep = parseTreeRef(`${spelling}/bin//./sh/`);
    assert.ok(deep.digest?.equals(digest));
    assert.deepEqual(deep.subpath.map(String), ["bin", "sh"]);
  }
});

test("a tree REF may be a store path, absolute or as a basename, with a subpath", () => {
  for (const text of ["/nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello/bin//sh", "0123456789abcdfghijklmnpqrsvwxyz-hello/bin/sh"]) {
    const r = parseTreeRef(text);
    assert.equal(r.storePath?.name, "hello", text);
    assert.deepEqual(r.subpath.map(String), ["bin", "sh"]);
  }
  assert.deepEqual(parseTreeRef("0123456789abcdfghijklmnpqrsvwxyz-hello").subpath, []);
  assert.throws(() => parseTreeRef("/nix/store/0123456789abcdfghijklmnpqrsvwxyz-hello/a/../b"), /invalid subpath/);
});

test("a tree REF refuses '..' and what is no digest", () => {
  assert.throws(() => parseTreeRef(`${digest.toHex()}/a/../b`), /"\.\." is not allowed/);
  assert.throws(() => parseTreeRef(`${digest.toHex()}x`), /not a BLAKE3 digest/);
  assert.throws(() => parseTreeRef("abc/def"), /not a BLAKE3 digest/);
});

test("a REF under /nix/store is parsed as a store path, so a malformed one is named as one", () => {
  assert.throws(() => parseTreeRef("/nix/store/bad"), /invalid store path "\/nix\/store\/bad": too short/);
  assert.throws(() => parseTreeRef("/nix/store/bad/sub"), /invalid store path "\/nix\/store\/bad"/);
});
