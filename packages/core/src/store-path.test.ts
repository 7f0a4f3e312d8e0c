import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseCaHash } from "./ca-hash.js";
import {
  caStorePath,
  caStorePathFlat,
  caStorePathRecursive,
  formatStorePath,
  makeStorePath,
  parseStorePath,
  parseStorePathWithSubpath,
  storePath,
  storePathBasename,
} from "./store-path.js";
import { runNix } from "./testing-nix.js";
import { assertInvalid } from "./assertions.js";

// nix-hash --type sha1 --to-base32 8a12321522fd91efbd60ebb2481af88580f61600
const BASE = "00bgd045z0d4icpbc2yyz4gx48ak44la-net-tools-1.60_p20170221182432";
const DIGEST_HEX = "8a12321522fd91efbd60ebb2481af88580f61600";
const ABS = "/nix/store/" + BASE;


const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

test("an absolute store path parses to its 20-byte digest and name", () => {
  const p = parseStorePath(ABS);
  assert.equal(hex(p.digest), DIGEST_HEX);
  assert.equal(p.name, "net-tools-1.60_p20170221182432");
});

test("the basename form parses to the same store path", () => {
  assert.deepEqual(parseStorePath(BASE), parseStorePath(ABS));
  assert.deepEqual(parseStorePath(Buffer.from(BASE)), parseStorePath(ABS));
});

test("a store path formats back to its absolute and basename forms", () => {
  const p = parseStorePath(ABS);
  assert.equal(formatStorePath(p), ABS);
  assert.equal(storePathBasename(p), BASE);
});

test("a name may start with a dot, like Nix's .gitignore paths", () => {
  assert.equal(parseStorePath("fli4bwscgna7lpm7v5xgnjxrxh0yc7ra-.gitignore").name, ".gitignore");
});

test("a name of 211 bytes is accepted", () => {
  assert.equal(parseStorePath(BASE.slice(0, 33) + "a".repeat(211)).name.length, 211);
});

test("the absolute form is refused where a basename is required", () => {
  assertInvalid(() => parseStorePath(ABS, "basename"), /expected a basename/);
});

test("the basename form is refused where an absolute path is required", () => {
  assertInvalid(() => parseStorePath(BASE, "absolute"), /expected an absolute path starting with \/nix\/store\//);
});

test("a store path too short for hash, dash and name is rejected", () => {
  assertInvalid(() => parseStorePath("/nix/store/00bgd045z0d4icpbc2yy-net"), /"\/nix\/store\/00bgd045z0d4icpbc2yy-net": too short/);
});

test("a store path without a dash after the hash is rejected", () => {
  assertInvalid(() => parseStorePath("00bgd045z0d4icpbc2yyz4gx48ak44lanet-tools"), /expected "-" after the 32-character hash/);
});

test("a store path hash with a character outside nixbase32 is rejected", () => {
  assertInvalid(() => parseStorePath("00bgd045z0d4icpbc2yyz4gx48aku4la-net-tools"), /invalid character "u" at position 28/);
});

test("a store path with an empty name is rejected", () => {
  assertInvalid(() => storePath(new Uint8Array(20), ""), /name is empty/);
});

test("a store path name longer than 211 bytes is rejected", () => {
  assertInvalid(() => parseStorePath(BASE.slice(0, 33) + "a".repeat(212)), /name is 212 bytes, more than 211/);
});

test("a store path name with a character outside [A-Za-z0-9+-_?=.] is rejected", () => {
  for (const [c, shown] of [["/", "/"], [" ", " "], ["@", "@"], ["é", "é"], ["~", "~"]]) {
    assertInvalid(() => parseStorePath(`${BASE}x${c}y`), new RegExp(`invalid character "${shown}" at position 31`));
  }
  assertInvalid(() => parseStorePath(Buffer.concat([Buffer.from(BASE), Buffer.from([0xff])])), /\\xff": name has invalid character "ÿ" at position 30/);
});

test("a store path digest that is not 20 bytes is rejected", () => {
  assertInvalid(() => storePath(new Uint8Array(32), "x"), /digest must be 20 bytes, got 32/);
});

test("a path inside a store path splits into the store path and its components", () => {
  const { storePath: p, subpath } = parseStorePathWithSubpath(ABS + "/bin/arp");
  assert.equal(formatStorePath(p), ABS);
  assert.deepEqual(subpath.map((c) => Buffer.from(c).toString()), ["bin", "arp"]);
});

test("a basename with a subpath splits the same way", () => {
  const { storePath: p, subpath } = parseStorePathWithSubpath(BASE + "/bin/arp");
  assert.equal(formatStorePath(p), ABS);
  assert.deepEqual(subpath.map((c) => Buffer.from(c).toString()), ["bin", "arp"]);
});

test("a subpath skips empty components, so trailing and doubled slashes are harmless", () => {
  assert.deepEqual(parseStorePathWithSubpath(ABS).subpath, []);
  assert.deepEqual(parseStorePathWithSubpath(ABS + "/").subpath, []);
  assert.deepEqual(
    parseStorePathWithSubpath(ABS + "//bin//arp/").subpath.map((c) => Buffer.from(c).toString()),
    ["bin", "arp"],
  );
});

test("a subpath with a .. component is rejected", () => {
  assertInvalid(() => parseStorePathWithSubpath(ABS + "/bin/../../etc"), /component "\.\.": name is "\.\."/);
});

test("makeStorePath computes the path of a text file as Nix does", () => {
  // nix-instantiate --read-write-mode --eval -E 'builtins.toFile "dep.txt" "dependency"'
  //   -> /nix/store/abxcn50cldw72vl3shm3i34gsa7bnz7b-dep.txt
  // nix hash to-base16 --type sha256 0cfzzvyc0byk59pffqr7k9f02xmgbpxn7i4ssszsl69zzvd50qzj (its CA)
  const p = makeStorePath("text", "sha256:f26350dafe3f19aabfd69ac463fb5daf76015c9a2763e76e2ad32fc0fcfedf31", "dep.txt");
  assert.equal(formatStorePath(p), "/nix/store/abxcn50cldw72vl3shm3i34gsa7bnz7b-dep.txt");
});

test("a text content address with a reference gives Nix's path", () => {
  // p=$(nix-instantiate --read-write-mode --eval -E \
  //   'builtins.toFile "b.txt" "see ${builtins.toFile "a.txt" "x"}"'); nix path-info --json $p
  const ca = parseCaHash("text:sha256:1y2m6p31jb4pi9vpmkv3qx7h3jkikb929q2csd1b0hnad5gpkxaj");
  const ref = parseStorePath("/nix/store/yxgc0j5fvmcrm1g6ycn7wsb5jlzsmi5f-a.txt");
  assert.equal(formatStorePath(caStorePath(ca, "b.txt", [ref])), "/nix/store/5zr9dnrzmb7i9ybcqizcyma00lbbvz0f-b.txt");
});

test("a flat content address with references is rejected", () => {
  const ca = parseCaHash("fixed:sha256:00xyyr3fi8l6hb839bv3f7yb86yjv7xi1cgh1xnhipym4asvb4aq");
  assertInvalid(() => caStorePath(ca, "x", [parseStorePath(ABS)]), /flat sha256 content address cannot have references, got 1/);
});

test("content-addressed paths match nix-store --add and --add-fixed on real files", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "castore-store-path-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "hello.txt");
  writeFileSync(file, `hello from castore ${process.pid}\n`);
  const tree = join(dir, "tree");
  mkdirSync(join(tree, "sub"), { recursive: true });
  writeFileSync(join(tree, "a"), "x");
  writeFileSync(join(tree, "sub", "run"), "#!/bin/sh\n");
  chmodSync(join(tree, "sub", "run"), 0o755);
  symlinkSync("a", join(tree, "link"));
  const dotfile = join(dir, ".gitignore");
  writeFileSync(dotfile, "");
  const recursive = [file, tree, dotfile];

  const added = runNix("nix-store", ["--add", ...recursive]).split("\n");
  const narHashes = runNix("nix-hash", ["--type", "sha256", ...recursive]).split("\n");
  recursive.forEach((p, i) => {
    const name = p.slice(dir.length + 1);
    const ours = caStorePathRecursive(Buffer.from(narHashes[i] ?? "", "hex"), name);
    assert.equal(formatStorePath(ours), added[i], `nix-store --add ${name}`);
  });

  const flat = runNix("nix-store", ["--add-fixed", "sha256", file]);
  const fileSha = runNix("nix-hash", ["--type", "sha256", "--flat", file]);
  assert.equal(formatStorePath(caStorePathFlat(Buffer.from(fileSha, "hex"), "hello.txt")), flat);

  // Other algorithms take Nix's `output:out` route, recursive or not.
  const sha512Tree = runNix("nix-store", ["--add-fixed", "--recursive", "sha512", tree]);
  const tree512 = runNix("nix-hash", ["--type", "sha512", tree]);
  const ca512 = { type: "nar", algo: "sha512", digest: Buffer.from(tree512, "hex") } as const;
  assert.equal(formatStorePath(caStorePath(ca512, "tree")), sha512Tree);
  const md5File = runNix("nix-store", ["--add-fixed", "md5", file]);
  const fileMd5 = runNix("nix-hash", ["--type", "md5", "--flat", file]);
  assert.equal(formatStorePath(caStorePath({ type: "flat", algo: "md5", digest: Buffer.from(fileMd5, "hex") }, "hello.txt")), md5File);
});
