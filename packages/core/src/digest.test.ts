import assert from "node:assert/strict";
import { test } from "node:test";
import { B3Digest, EMPTY_BLAKE3 } from "./digest.js";
import { isStoreError } from "./errors.js";

// printf '' | b3sum
const EMPTY_HEX = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";
// printf '' | b3sum --no-names | xxd -r -p | base64
const EMPTY_B64 = "rxNJufX5oaagQE3qNtzJSZvLJcmtwRK3zJqTyuQfMmI=";

test("the three spellings of a digest parse to the same bytes", () => {
  for (const s of [EMPTY_HEX, EMPTY_HEX.toUpperCase(), `b3:${EMPTY_B64}`, `blake3-${EMPTY_B64}`]) {
    assert.ok(B3Digest.parse(s).equals(EMPTY_BLAKE3), s);
  }
});

test("a digest formats as hex, b3: and blake3-", () => {
  assert.equal(EMPTY_BLAKE3.toHex(), EMPTY_HEX);
  assert.equal(EMPTY_BLAKE3.toB3(), `b3:${EMPTY_B64}`);
  assert.equal(EMPTY_BLAKE3.toSri(), `blake3-${EMPTY_B64}`);
});

test("a digest of 31 bytes is rejected with its length", () => {
  assert.throws(() => B3Digest.fromBytes(new Uint8Array(31)), (e) => {
    assert.ok(isStoreError(e));
    assert.equal(e.code, 400);
    assert.equal(e.message, "digest must be 32 bytes, got 31");
    return true;
  });
});

test("text that is not a digest is rejected and shown", () => {
  for (const s of [EMPTY_HEX.slice(1), "b3:" + EMPTY_B64.slice(1), "sha256-" + EMPTY_B64, "", "zz" + EMPTY_HEX.slice(2)]) {
    assert.equal(B3Digest.tryParse(s), null, s);
    assert.throws(() => B3Digest.parse(s), /not a BLAKE3 digest/);
  }
});

test("a base64 digest with non-zero trailing bits is rejected", () => {
  // The last base64 character carries 2 padding bits; 'J' (..01) sets one of them.
  assert.equal(B3Digest.tryParse("b3:" + EMPTY_B64.slice(0, 42) + "J="), null);
});
