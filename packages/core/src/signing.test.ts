import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parseNarInfo, renderNarInfo, type NarInfo } from "./narinfo.js";
import { SigningKey, VerifyingKey, fingerprint, formatSignature, parseSignature } from "./signing.js";
import { parseStorePath } from "./store-path.js";
import { makeNixCaches, narinfoFile, tryNix, type NixCaches } from "./testing-nix.js";
import { assertInvalid } from "./assertions.js";

// nix-store --generate-binary-cache-key test-key-1 /tmp/t/sk /tmp/t/pk   (Nix 2.8)
const SECRET_1 = "test-key-1:hLdOW/Z9i2/pJK8WvX8pUmDh+/SHVKSXx5Cu9Ea7rqE2l8PRDAvvWwamx29U4n6VOgbtrpnQIOzZj6sBYd/7Zw==";
const PUBLIC_1 = "test-key-1:NpfD0QwL71sGpsdvVOJ+lToG7a6Z0CDs2Y+rAWHf+2c=";
// nix-store --generate-binary-cache-key other-key-2 /tmp/t/sk2 /tmp/t/pk2
const SECRET_2 = "other-key-2:RJ+4wwUKZptCUOH3Xgn7Ngz8h9ecty8uQsKqrMloN59MfapTX8FZp0sRpULChc/H4T7+CVUVdvpiMm6PbbNsBQ==";
const PUBLIC_2 = "other-key-2:TH2qU1/BWadLEaVCwoXPx+E+/glVFXb6YjJuj22zbAU=";

// Signed by Nix with SECRET_1: nix copy --to 'file:///tmp/cache2?compression=none&secret-key=/tmp/t/sk' <out>
// (the full narinfo is in narinfo.test.ts).
const SIGNED = parseNarInfo(`StorePath: /nix/store/nf22jazns0wlil0g1dplmf1d7x5x9v0g-withrefs
URL: nar/0b0yr5nshcwfhq4j1cd2n0gylbf9shf4cy26xx00jybikkfhphml.nar
NarHash: sha256:0b0yr5nshcwfhq4j1cd2n0gylbf9shf4cy26xx00jybikkfhphml
NarSize: 168
References: abxcn50cldw72vl3shm3i34gsa7bnz7b-dep.txt
Sig: test-key-1:CSNGz0qNOGW8UDYxosbsPDDAWWFxkSNF6GLGnkt/PXvrt0vyJ3G9ulYtVFIkjQUSX2KaGUwM4y6p3zxCHWUhDQ==
`);
const NIX_SIG = SIGNED.signatures[0]!;


let dir = "";
let caches: NixCaches;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "castore-signing-"));
  caches = makeNixCaches(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("the fingerprint is 1;path;sha256:narhash;size;references", () => {
  assert.equal(
    fingerprint(SIGNED),
    "1;/nix/store/nf22jazns0wlil0g1dplmf1d7x5x9v0g-withrefs;sha256:0b0yr5nshcwfhq4j1cd2n0gylbf9shf4cy26xx00jybikkfhphml;168;" +
      "/nix/store/abxcn50cldw72vl3shm3i34gsa7bnz7b-dep.txt",
  );
});

test("the fingerprint sorts and deduplicates references, as Nix's set does", () => {
  const a = parseStorePath("/nix/store/abxcn50cldw72vl3shm3i34gsa7bnz7b-dep.txt");
  const b = parseStorePath("/nix/store/yxgc0j5fvmcrm1g6ycn7wsb5jlzsmi5f-a.txt");
  const fp = fingerprint({ ...SIGNED, references: [b, a, b] });
  assert.ok(fp.endsWith(";168;/nix/store/abxcn50cldw72vl3shm3i34gsa7bnz7b-dep.txt,/nix/store/yxgc0j5fvmcrm1g6ycn7wsb5jlzsmi5f-a.txt"), fp);
  assert.ok(fingerprint({ ...SIGNED, references: [] }).endsWith(";168;"));
});

test("a signature made by Nix verifies with Nix's public key", () => {
  assert.equal(VerifyingKey.parse(PUBLIC_1).verify(fingerprint(SIGNED), NIX_SIG), true);
});

test("signing with the same key gives the very signature Nix made", () => {
  const ours = SigningKey.parse(SECRET_1).sign(fingerprint(SIGNED));
  assert.equal(formatSignature(ours), formatSignature(NIX_SIG));
});

test("every signature nix copy made verifies, and matches ours byte for byte", () => {
  const key = SigningKey.parse(caches.secretKey);
  const pub = VerifyingKey.parse(caches.publicKey);
  const files = readdirSync(caches.signed).filter((f) => f.endsWith(".narinfo"));
  assert.equal(files.length, caches.paths.length);
  for (const f of files) {
    const info = parseNarInfo(readFileSync(join(caches.signed, f), "utf8"));
    const [sig] = info.signatures;
    assert.ok(sig, f);
    assert.equal(pub.verify(fingerprint(info), sig), true, f);
    assert.deepEqual(key.sign(fingerprint(info)), sig, f);
  }
});

test("nix store verify accepts a narinfo we signed, and refuses it under another key", () => {
  // An input-addressed path: Nix trusts content-addressed ones without any signature.
  const file = narinfoFile(caches.unsigned, caches.withRefs);
  const info = parseNarInfo(readFileSync(file, "utf8"));
  assert.deepEqual(info.signatures, []);
  const key = SigningKey.parse(SECRET_2);
  const signed: NarInfo = { ...info, signatures: [key.sign(fingerprint(info))] };
  writeFileSync(file, renderNarInfo(signed));
  const verify = (trusted: string) =>
    tryNix("nix", [
      "store", "verify", "--store", `file://${caches.unsigned}`, "--no-contents",
      "--trusted-public-keys", trusted, "--sigs-needed", "1", caches.withRefs,
    ]);
  const ok = verify(PUBLIC_2);
  assert.equal(ok.status, 0, ok.stderr);
  const refused = verify(PUBLIC_1);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /is untrusted/);
});

test("a signature does not verify under a different key", () => {
  assert.equal(VerifyingKey.parse(PUBLIC_2).verify(fingerprint(SIGNED), NIX_SIG), false);
});

test("a signature does not verify under a key of its name with other bytes", () => {
  const impostor = VerifyingKey.parse("test-key-1:" + PUBLIC_2.split(":")[1]);
  assert.equal(impostor.verify(fingerprint(SIGNED), NIX_SIG), false);
});

test("a valid signature under another key's name does not count", () => {
  assert.equal(VerifyingKey.parse(PUBLIC_1).verify(fingerprint(SIGNED), { ...NIX_SIG, name: "other" }), false);
});

test("a changed NarSize fails verification", () => {
  assert.equal(VerifyingKey.parse(PUBLIC_1).verify(fingerprint({ ...SIGNED, narSize: 169n }), NIX_SIG), false);
});

test("a changed NarHash fails verification", () => {
  const narSha256 = Uint8Array.from(SIGNED.narSha256);
  narSha256[0] = (narSha256[0] ?? 0) ^ 1;
  assert.equal(VerifyingKey.parse(PUBLIC_1).verify(fingerprint({ ...SIGNED, narSha256 }), NIX_SIG), false);
});

test("a changed or dropped reference fails verification", () => {
  const pub = VerifyingKey.parse(PUBLIC_1);
  const other = parseStorePath("/nix/store/yxgc0j5fvmcrm1g6ycn7wsb5jlzsmi5f-a.txt");
  assert.equal(pub.verify(fingerprint({ ...SIGNED, references: [other] }), NIX_SIG), false);
  assert.equal(pub.verify(fingerprint({ ...SIGNED, references: [] }), NIX_SIG), false);
});

test("a changed store path fails verification", () => {
  const storePath = parseStorePath("/nix/store/nf22jazns0wlil0g1dplmf1d7x5x9v0g-withrefs2");
  assert.equal(VerifyingKey.parse(PUBLIC_1).verify(fingerprint({ ...SIGNED, storePath }), NIX_SIG), false);
});

test("a secret key's public key is the one Nix wrote beside it", () => {
  assert.equal(SigningKey.parse(SECRET_1).verifyingKey.toString(), PUBLIC_1);
  assert.equal(SigningKey.parse(SECRET_1 + "\n").name, "test-key-1");
});

test("a signature formats back to its text", () => {
  const text = "test-key-1:CSNGz0qNOGW8UDYxosbsPDDAWWFxkSNF6GLGnkt/PXvrt0vyJ3G9ulYtVFIkjQUSX2KaGUwM4y6p3zxCHWUhDQ==";
  assert.equal(formatSignature(parseSignature(text)), text);
});

test("a signature without a colon is rejected", () => {
  assertInvalid(() => parseSignature("test-key-1"), /signature "test-key-1" has no ":"/);
});

test("a signature that is not 64 bytes is rejected", () => {
  assertInvalid(() => parseSignature("k:" + Buffer.alloc(63).toString("base64")), /must be 64 bytes, got 63/);
});

test("a signature in non-canonical base64 is rejected", () => {
  const b64 = Buffer.alloc(64, 1).toString("base64");
  assertInvalid(() => parseSignature("k:" + b64.slice(0, -2)), /is not canonical base64/); // no padding
  assertInvalid(() => parseSignature("k:" + b64.slice(0, 10) + "!" + b64.slice(10)), /is not canonical base64/);
});

test("a key without a colon is rejected", () => {
  assertInvalid(() => VerifyingKey.parse("NpfD0QwL71sGpsdvVOJ+lToG7a6Z0CDs2Y+rAWHf+2c="), /public key .* has no ":"/);
});

test("a key name that is empty or has other characters than letters, digits, - and . is rejected", () => {
  for (const name of ["", "test_key", "test key", "cache.example.org/1"]) {
    assertInvalid(() => VerifyingKey.parse(name + PUBLIC_1.slice(10)), /name .* must be non-empty and use only letters, digits, "-" and "."/);
  }
  assert.equal(VerifyingKey.parse("cache.nixos.org-1" + PUBLIC_1.slice(10)).name, "cache.nixos.org-1");
});

test("a public key that is not 32 bytes is rejected", () => {
  assertInvalid(() => VerifyingKey.parse(SECRET_1), /public key ".*" must be 32 bytes, got 64/);
});

test("a secret key that is not 64 bytes is rejected without showing it", () => {
  assertInvalid(() => SigningKey.parse(PUBLIC_1), /^secret key "test-key-1" must be 64 bytes, got 32$/);
});

test("a secret key whose public half does not match its seed is rejected", () => {
  const bytes = Buffer.from(SECRET_1.split(":")[1] ?? "", "base64");
  bytes[40] = (bytes[40] ?? 0) ^ 1;
  assertInvalid(() => SigningKey.parse("test-key-1:" + bytes.toString("base64")), /public half does not match its seed/);
});
