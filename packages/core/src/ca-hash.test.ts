import assert from "node:assert/strict";
import { test } from "node:test";
import { caHash, caHashFromProto, caHashToProto, formatCaHash, parseCaHash, type CaHash } from "./ca-hash.js";
import { assertInvalid } from "./assertions.js";

// The CA strings are Nix 2.8's, from `nix path-info --json <path>` after, in order:
//   nix-store --add hello.txt;  nix-store --add-fixed sha256 hello.txt;  nix-store --add-fixed md5 hello.txt
//   nix-store --add-fixed --recursive sha1 d;  nix-store --add-fixed sha512 hello.txt
//   nix-instantiate --read-write-mode --eval -E 'builtins.toFile "b.txt" "see ${builtins.toFile "a.txt" "x"}"'
// with hello.txt = "hello\n" and d = { a = "x"; link -> a; sub/run (executable) = "#!/bin/sh\n" }.
// The hex digests are `nix-hash --type <algo> [--flat] <path>` of the same inputs.
const GOLDEN: ReadonlyArray<readonly [string, CaHash["type"], CaHash["algo"], string]> = [
  ["fixed:r:sha256:04zwf782yjwnh3q6hz5izfd6jyip8kgw6g6yj43fiqhbyhdd0dqw", "nar", "sha256", "1c37d01af40be2e80691de3cc3df44377a699afbb17c68f080964b2fd071fc13"],
  ["fixed:sha256:00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq", "flat", "sha256", "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"],
  ["fixed:md5:4425hx5d1mc9y39llj4k4nm55i", "flat", "md5", "b1946ac92492d2347c6235b4d2611184"],
  ["fixed:r:sha1:8bh2i5b1dm69ms48bj6q98jw913a2h0y", "nar", "sha1", "1e40a146485ca2848d5c88e89a4c6d619528e042"],
  [
    "fixed:sha512:0lrc0dwnvipqviibf7qfm1y492qvjwb1zhkcyi05cndmva1mr5gjcgrnz1x36djmk0sfg8djd2n0qv68vib2jg590mwznar9jcjphp7",
    "flat",
    "sha512",
    "e7c22b994c59d9cf2b48e549b1e24666636045930d3da7c1acb299d1c3b7f931f94aae41edda2c2b207a36e10f8bcb8d45223e54878f5b316e7ce3b6bc019629",
  ],
  ["text:sha256:1y2m6p31jb4pi9vpmkv3qx7h3jkikb929q2csd1b0hnad5gpkxaj", "text", "sha256", "52f5795f69ca42b042d34ce024d29a71ca014fc763cf7a778a972c19c63555f8"],
];


test("Nix's content-address strings parse to type, algorithm and digest", () => {
  for (const [text, type, algo, hex] of GOLDEN) {
    const ca = parseCaHash(text);
    assert.equal(ca.type, type, text);
    assert.equal(ca.algo, algo, text);
    assert.equal(Buffer.from(ca.digest).toString("hex"), hex, text);
  }
});

test("a parsed content address formats back to the string Nix wrote", () => {
  for (const [text] of GOLDEN) assert.equal(formatCaHash(parseCaHash(text)), text);
});

test("each proto CA.Hash value maps to its type and algorithm and back", () => {
  const expected = [
    ["nar", "sha256", 32],
    ["nar", "sha1", 20],
    ["nar", "sha512", 64],
    ["nar", "md5", 16],
    ["text", "sha256", 32],
    ["flat", "sha1", 20],
    ["flat", "md5", 16],
    ["flat", "sha256", 32],
    ["flat", "sha512", 64],
  ] as const;
  expected.forEach(([type, algo, len], value) => {
    const digest = new Uint8Array(len).fill(value + 1);
    const ca = caHashFromProto({ type: value, digest });
    assert.deepEqual(ca, { type, algo, digest });
    assert.deepEqual(caHashToProto(ca), { type: value, digest });
  });
});

test("an unset proto CA type means NAR_SHA256, the enum's zero value", () => {
  assert.equal(caHashFromProto({ digest: new Uint8Array(32) }).type, "nar");
});

test("an unknown proto CA type is rejected", () => {
  assertInvalid(() => caHashFromProto({ type: 9, digest: new Uint8Array(32) }), /unknown CA hash type 9/);
});

test("a proto CA digest of the wrong length is rejected with both lengths", () => {
  assertInvalid(
    () => caHashFromProto({ type: 5, digest: new Uint8Array(32) }),
    /CA digest for FLAT_SHA1 must be 20 bytes, got 32/,
  );
});

test("a content address with an unknown prefix is rejected", () => {
  assertInvalid(() => parseCaHash("sha256:04zwf782yjwnh3q6hz5izfd6jyip8kgw6g6yj43fiqhbyhdd0dqw"), /not a content address/);
});

test("a content address with an unknown hash algorithm is rejected", () => {
  assertInvalid(() => parseCaHash("fixed:r:sha3:04zwf782yjwnh3q6hz5izfd6jyip8kgw6g6yj43fiqhbyhdd0dqw"), /unknown hash algorithm "sha3"/);
});

test("a text content address with an algorithm other than sha256 is rejected", () => {
  assertInvalid(() => parseCaHash("text:sha1:8bh2i5b1dm69ms48bj6q98jw913a2h0y"), /text content address must use sha256/);
});

test("a content address whose hash does not fit its algorithm is rejected", () => {
  assertInvalid(() => parseCaHash("fixed:sha256:8bh2i5b1dm69ms48bj6q98jw913a2h0y"), /bad hash: .*must be 52 characters, got 32/);
});

test("a hand-built content address with a digest of the wrong length cannot be formatted", () => {
  const ca = { type: "flat", algo: "md5", digest: new Uint8Array(20) } as const;
  assertInvalid(() => formatCaHash(ca), /md5 content-address digest must be 16 bytes, got 20/);
  assertInvalid(() => caHash("flat", "md5", new Uint8Array(20)), /must be 16 bytes, got 20/);
});
