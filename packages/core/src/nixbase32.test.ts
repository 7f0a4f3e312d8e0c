import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { nixbase32Decode, nixbase32Encode, nixbase32EncodedLength } from "./nixbase32.js";
import { assertInvalid } from "./assertions.js";

// for t in md5 sha1 sha256 sha512; do h=$(printf abc | ${t}sum | cut -d' ' -f1); \
//   echo "$t $h $(nix-hash --type $t --to-base32 $h)"; done            (Nix 2.8)
// plus: nix-hash --type md5 --to-base32 ffffffffffffffffffffffffffffffff
//       nix-hash --type sha256 --to-base32 ff…ff (64 f)
//       nix-hash --type sha1 --to-base32 8a12321522fd91efbd60ebb2481af88580f61600
const GOLDEN: ReadonlyArray<readonly [string, string]> = [
  ["900150983cd24fb0d6963f7d28e17f72", "3jgzhjhz9zjvbb0kyj7jc500ch"],
  ["a9993e364706816aba3e25717850c26c9cd0d89d", "kpcd173cq987hw957sx6m0868wv3x6d9"],
  ["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s"],
  [
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    "2gs8k559z4rlahfx0y688s49m2vvszylcikrfinm30ly9rak69236nkam5ydvly1ai7xac99vxfc4ii84hawjbk876blyk1jfhkbbyx",
  ],
  ["ffffffffffffffffffffffffffffffff", "7zzzzzzzzzzzzzzzzzzzzzzzzz"],
  ["f".repeat(64), "1" + "z".repeat(51)],
  ["8a12321522fd91efbd60ebb2481af88580f61600", "00bgd045z0d4icpbc2yyz4gx48ak44la"],
];


test("encoding matches nix-hash --to-base32 for md5, sha1, sha256 and sha512 digests", () => {
  for (const [hex, nb32] of GOLDEN) assert.equal(nixbase32Encode(Buffer.from(hex, "hex")), nb32, hex);
});

test("decoding gives back the bytes nix-hash encoded", () => {
  for (const [hex, nb32] of GOLDEN) {
    assert.equal(Buffer.from(nixbase32Decode(nb32)).toString("hex"), hex, nb32);
    assert.equal(Buffer.from(nixbase32Decode(nb32, hex.length / 2)).toString("hex"), hex, nb32);
  }
});

test("the encoded length is ceil(8n/5)", () => {
  assert.deepEqual([0, 1, 2, 5, 16, 20, 32, 64].map(nixbase32EncodedLength), [0, 2, 4, 8, 26, 32, 52, 103]);
});

test("every length from 0 to 70 bytes round-trips", () => {
  for (let n = 0; n <= 70; n++) {
    const b = new Uint8Array(randomBytes(n));
    const s = nixbase32Encode(b);
    assert.equal(s.length, nixbase32EncodedLength(n));
    assert.deepEqual(nixbase32Decode(s), b, `length ${n}`);
  }
});

test("decoding rejects a length no byte count encodes to", () => {
  assertInvalid(() => nixbase32Decode("000"), /nixbase32 text of 3 characters has no valid length: "000"/);
});

test("decoding rejects a length other than the expected byte count's", () => {
  assertInvalid(
    () => nixbase32Decode("kpcd173cq987hw957sx6m0868wv3x6d9", 32),
    /for 32 bytes must be 52 characters, got 32: "kpcd173cq987hw957sx6m0868wv3x6d9"/,
  );
});

test("decoding rejects characters outside the alphabet", () => {
  for (const c of ["e", "o", "t", "u", "A", "-", "é"]) {
    const s = "kpcd173cq987hw957sx6m0868wv3x6d" + c;
    assertInvalid(() => nixbase32Decode(s, 20), new RegExp(`invalid character "${c}" at position 31`));
  }
});

test("decoding rejects non-zero unused high bits, as Nix does", () => {
  // Each one is refused by Nix 2.8: `nix hash to-base16 --type <t> <text>` says
  // "invalid base-32 hash". 52 characters carry 260 bits for 256; 26 carry 130 for 128.
  for (const s of [
    "zb8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s",
    "2b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s",
    "8zzzzzzzzzzzzzzzzzzzzzzzzz",
  ]) {
    assertInvalid(() => nixbase32Decode(s), /non-zero unused high bits/);
  }
});
