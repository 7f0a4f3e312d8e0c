import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, after, test } from "node:test";
import { formatCaHash } from "./ca-hash.js";
import { parseNarInfo, renderNarInfo, type NarInfo } from "./narinfo.js";
import { formatSignature } from "./signing.js";
import { formatStorePath, storePathBasename } from "./store-path.js";
import { makeNixCaches, narinfoFile, runNix, type NixCaches } from "./testing-nix.js";
import { assertInvalid } from "./assertions.js";

// nix copy --to 'file:///tmp/cache2?compression=none&secret-key=/tmp/t/sk' <out>   (Nix 2.8), where
// <out> is the output of derivation { name = "withrefs"; builder = "/bin/sh";
//   args = [ "-c" "echo ${builtins.toFile "dep.txt" "dependency"} > $out" ]; … }
// and /tmp/t/sk is from nix-store --generate-binary-cache-key test-key-1 /tmp/t/sk /tmp/t/pk.
const NIX_NARINFO = `StorePath: /nix/store/nf22jazns0wlil0g1dplmf1d7x5x9v0g-withrefs
URL: nar/0b0yr5nshcwfhq4j1cd2n0gylbf9shf4cy26xx00jybikkfhphml.nar
Compression: none
FileHash: sha256:0b0yr5nshcwfhq4j1cd2n0gylbf9shf4cy26xx00jybikkfhphml
FileSize: 168
NarHash: sha256:0b0yr5nshcwfhq4j1cd2n0gylbf9shf4cy26xx00jybikkfhphml
NarSize: 168
References: abxcn50cldw72vl3shm3i34gsa7bnz7b-dep.txt
Deriver: z58mnjnnw189c3z9ccrbwjy8d5q7r33k-withrefs.drv
Sig: test-key-1:CSNGz0qNOGW8UDYxosbsPDDAWWFxkSNF6GLGnkt/PXvrt0vyJ3G9ulYtVFIkjQUSX2KaGUwM4y6p3zxCHWUhDQ==
`;

/** NIX_NARINFO with its line `n` (1-based) replaced, or removed when `text` is null. */
function withLine(n: number, text: string | null): string {
  const lines = NIX_NARINFO.split("\n");
  lines.splice(n - 1, 1, ...(text === null ? [] : [text]));
  return lines.join("\n");
}


const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

let dir = "";
let caches: NixCaches;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "castore-narinfo-"));
  caches = makeNixCaches(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const narinfosIn = (cache: string): string[] =>
  readdirSync(cache)
    .filter((f) => f.endsWith(".narinfo"))
    .map((f) => readFileSync(join(cache, f), "utf8"));

test("every narinfo nix copy writes renders back byte for byte", () => {
  const texts = [...narinfosIn(caches.signed), ...narinfosIn(caches.unsigned)];
  assert.equal(texts.length, 2 * caches.paths.length);
  for (const text of texts) assert.equal(renderNarInfo(parseNarInfo(text)), text);
  // The round trip covered every optional field Nix 2.8 writes.
  const all = texts.map(parseNarInfo);
  assert.ok(all.some((i) => i.deriver && i.references.length > 0 && i.signatures.length === 1));
  assert.ok(all.some((i) => i.ca?.type === "nar") && all.some((i) => i.ca?.type === "flat"));
  assert.ok(all.some((i) => i.ca?.type === "text"));
  assert.ok(all.some((i) => i.compression === "xz" && i.fileHash && hex(i.fileHash) !== hex(i.narSha256)));
});

test("a narinfo from nix copy carries what nix path-info says about the path", () => {
  const info = parseNarInfo(readFileSync(narinfoFile(caches.signed, caches.withRefs), "utf8"));
  const [expected] = JSON.parse(runNix("nix", ["path-info", "--json", caches.withRefs])) as [
    { path: string; narHash: string; narSize: number; references: string[]; deriver: string },
  ];
  assert.ok(expected);
  assert.equal(formatStorePath(info.storePath), expected.path);
  assert.equal("sha256-" + Buffer.from(info.narSha256).toString("base64"), expected.narHash);
  assert.equal(info.narSize, BigInt(expected.narSize));
  assert.deepEqual(info.references.map(formatStorePath), expected.references);
  assert.equal(info.deriver && formatStorePath(info.deriver), expected.deriver);
  assert.equal(info.signatures[0]?.name, "castore-test-1");
});

test("the pasted Nix narinfo parses to its fields", () => {
  const info = parseNarInfo(NIX_NARINFO);
  assert.equal(storePathBasename(info.storePath), "nf22jazns0wlil0g1dplmf1d7x5x9v0g-withrefs");
  assert.equal(info.url, "nar/0b0yr5nshcwfhq4j1cd2n0gylbf9shf4cy26xx00jybikkfhphml.nar");
  assert.equal(info.compression, "none");
  assert.equal(info.fileSize, 168n);
  assert.equal(info.narSize, 168n);
  // nix hash to-base16 --type sha256 0b0yr5nshcwfhq4j1cd2n0gylbf9shf4cy26xx00jybikkfhphml
  assert.equal(hex(info.narSha256), "b4c20bdd9c71790940ef4678461cd4c92dea1fb0a2b12009868e33a86dc91e2c");
  assert.deepEqual(info.fileHash, info.narSha256);
  assert.deepEqual(info.references.map(storePathBasename), ["abxcn50cldw72vl3shm3i34gsa7bnz7b-dep.txt"]);
  assert.equal(info.deriver && storePathBasename(info.deriver), "z58mnjnnw189c3z9ccrbwjy8d5q7r33k-withrefs.drv");
  assert.deepEqual(info.signatures.map(formatSignature), [
    "test-key-1:CSNGz0qNOGW8UDYxosbsPDDAWWFxkSNF6GLGnkt/PXvrt0vyJ3G9ulYtVFIkjQUSX2KaGUwM4y6p3zxCHWUhDQ==",
  ]);
  assert.equal(info.ca, undefined);
  assert.equal(info.system, undefined);
  assert.equal(info.unknownFields, undefined);
});

test("a narinfo without references renders References with a trailing space", () => {
  const text = withLine(8, "References: ");
  assert.deepEqual(parseNarInfo(text).references, []);
  assert.equal(renderNarInfo(parseNarInfo(text)), text);
});

test("System, CA and unknown fields survive a round trip, unknown ones last", () => {
  const text =
    NIX_NARINFO.replace("Sig:", "System: x86_64-linux\nSig:") +
    "CA: fixed:r:sha256:04zwf782yjwnh3q6hz5izfd6jyip8kgw6g6yj43fiqhbyhdd0dqw\nX-Custom: kept as is\nX-Other: too\n";
  const info = parseNarInfo(text);
  assert.equal(info.system, "x86_64-linux");
  assert.equal(info.ca && formatCaHash(info.ca), "fixed:r:sha256:04zwf782yjwnh3q6hz5izfd6jyip8kgw6g6yj43fiqhbyhdd0dqw");
  assert.deepEqual(info.unknownFields, [["X-Custom", "kept as is"], ["X-Other", "too"]]);
  assert.equal(renderNarInfo(info), text);
});

test("a narinfo without Compression renders without it, which Nix reads as bzip2", () => {
  const text = withLine(3, null);
  const info = parseNarInfo(text);
  assert.equal(info.compression, undefined);
  assert.equal(renderNarInfo(info), text);
});

test("a NarHash in hex is accepted and rendered in nixbase32", () => {
  const info = parseNarInfo(withLine(6, "NarHash: sha256:b4c20bdd9c71790940ef4678461cd4c92dea1fb0a2b12009868e33a86dc91e2c"));
  assert.equal(renderNarInfo(info), NIX_NARINFO);
});

test("a narinfo whose last line has no newline is accepted", () => {
  assert.equal(renderNarInfo(parseNarInfo(NIX_NARINFO.trimEnd())), NIX_NARINFO);
});

test("several Sig lines are kept in order", () => {
  const other = "other-key-2:" + Buffer.alloc(64, 7).toString("base64");
  const text = NIX_NARINFO + `Sig: ${other}\n`;
  assert.deepEqual(parseNarInfo(text).signatures.map((s) => s.name), ["test-key-1", "other-key-2"]);
  assert.equal(renderNarInfo(parseNarInfo(text)), text);
});

test("a line without a colon and space is rejected with its line number", () => {
  assertInvalid(() => parseNarInfo(withLine(5, "FileSize:168")), /^narinfo line 5: expected "<Key>: <value>", got "FileSize:168"$/);
  assertInvalid(() => parseNarInfo(withLine(5, "FileSize 168")), /^narinfo line 5: expected/);
});

test("an empty line is rejected with its line number", () => {
  assertInvalid(() => parseNarInfo(withLine(4, "")), /^narinfo line 4: expected "<Key>: <value>", got ""$/);
});

test("a repeated field is rejected at its second line", () => {
  assertInvalid(() => parseNarInfo(NIX_NARINFO + "NarSize: 168\n"), /^narinfo line 11: duplicate NarSize$/);
});

test("a narinfo missing a required field is rejected, naming the field", () => {
  for (const [line, key] of [[1, "StorePath"], [2, "URL"], [6, "NarHash"], [7, "NarSize"], [8, "References"]] as const) {
    assertInvalid(() => parseNarInfo(withLine(line, null)), new RegExp(`^narinfo has no ${key} line$`));
  }
});

test("a StorePath that is not an absolute store path is rejected", () => {
  assertInvalid(
    () => parseNarInfo(withLine(1, "StorePath: nf22jazns0wlil0g1dplmf1d7x5x9v0g-withrefs")),
    /^narinfo line 1: invalid store path "nf22jazns0wlil0g1dplmf1d7x5x9v0g-withrefs": expected an absolute path/,
  );
});

test("an empty URL is rejected", () => {
  assertInvalid(() => parseNarInfo(withLine(2, "URL: ")), /^narinfo line 2: URL is empty$/);
});

test("an empty Compression is rejected", () => {
  assertInvalid(() => parseNarInfo(withLine(3, "Compression: ")), /^narinfo line 3: Compression is empty$/);
});

test("a hash without the sha256: prefix is rejected", () => {
  assertInvalid(
    () => parseNarInfo(withLine(4, "FileHash: md5:4425hx5d1mc9y39llj4k4nm55i")),
    /^narinfo line 4: FileHash must start with "sha256:", got "md5:4425hx5d1mc9y39llj4k4nm55i"$/,
  );
});

test("a hash that is not 32 bytes of nixbase32 is rejected", () => {
  assertInvalid(
    () => parseNarInfo(withLine(6, "NarHash: sha256:0b0yr5nshcwfhq4j1cd2n0gylbf9shf4cy26xx00jybikkfhphm")),
    /^narinfo line 6: nixbase32 text for 32 bytes must be 52 characters, got 51/,
  );
});

test("a size that is not a decimal u64 is rejected", () => {
  for (const v of ["", "-1", "0x10", "0168", "1e3", "18446744073709551616"]) {
    assertInvalid(() => parseNarInfo(withLine(7, `NarSize: ${v}`)), new RegExp(`^narinfo line 7: NarSize is not a decimal u64: "${v}"$`));
  }
  assert.equal(parseNarInfo(withLine(7, "NarSize: 18446744073709551615")).narSize, 2n ** 64n - 1n);
});

test("an invalid reference is rejected with its position", () => {
  assertInvalid(
    () => parseNarInfo(withLine(8, "References: abxcn50cldw72vl3shm3i34gsa7bnz7b-dep.txt /nix/store/abxcn50cldw72vl3shm3i34gsa7bnz7b-dep.txt")),
    /^narinfo line 8: reference 2: invalid store path .*expected a basename/,
  );
  assertInvalid(
    () => parseNarInfo(withLine(8, "References: abxcn50cldw72vl3shm3i34gsa7bnz7b-dep.txt  abxcn50cldw72vl3shm3i34gsa7bnz7b-dep.txt")),
    /^narinfo line 8: reference 2: invalid store path "": too short/,
  );
});

test("a Deriver not ending in .drv is rejected", () => {
  assertInvalid(
    () => parseNarInfo(withLine(9, "Deriver: z58mnjnnw189c3z9ccrbwjy8d5q7r33k-withrefs")),
    /^narinfo line 9: Deriver "z58mnjnnw189c3z9ccrbwjy8d5q7r33k-withrefs" does not end in \.drv$/,
  );
});

test("an empty System is rejected", () => {
  assertInvalid(() => parseNarInfo(withLine(9, "System: ")), /^narinfo line 9: System is empty$/);
});

test("a malformed Sig is rejected", () => {
  assertInvalid(() => parseNarInfo(withLine(10, "Sig: test-key-1:AAAA")), /^narinfo line 10: signature "test-key-1:AAAA" must be 64 bytes, got 3$/);
});

test("a malformed CA is rejected", () => {
  assertInvalid(() => parseNarInfo(NIX_NARINFO + "CA: fixed:sha256:xyz\n"), /^narinfo line 11: content address "fixed:sha256:xyz" has a bad hash/);
});

test("rendering refuses a value with a newline, which would inject a field", () => {
  const info: NarInfo = { ...parseNarInfo(NIX_NARINFO), url: "nar/x.nar\nNarSize: 1" };
  assertInvalid(() => renderNarInfo(info), /^narinfo URL contains a newline: "nar\/x.nar\\nNarSize: 1"$/);
});

test("rendering refuses a NAR hash that is not 32 bytes", () => {
  const info: NarInfo = { ...parseNarInfo(NIX_NARINFO), narSha256: new Uint8Array(20) };
  assertInvalid(() => renderNarInfo(info), /^narinfo NarHash must be 32 bytes, got 20$/);
});
