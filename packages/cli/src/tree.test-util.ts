// Test trees and a byte-for-byte tree comparison that uses only node:fs (names as bytes).
import assert from "node:assert/strict";
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { bytes } from "./cli.test-util.js";

export const B = (s: string | number[]): Buffer => (typeof s === "string" ? Buffer.from(s) : Buffer.from(s));
export const at = (dir: Buffer | string, name: Buffer | string): Buffer =>
  Buffer.concat([Buffer.from(dir), B("/"), Buffer.from(name)]);

/** A subtree that occurs several times in the nasty tree (a diamond, also across levels). */
function makeShared(dir: Buffer): void {
  mkdirSync(dir);
  writeFileSync(at(dir, "shared-file"), "in every copy of the shared subtree");
  mkdirSync(at(dir, "inner"));
  writeFileSync(at(at(dir, "inner"), "exec"), "#!/bin/sh\necho inner\n", { mode: 0o755 });
  symlinkSync("../shared-file", at(at(dir, "inner"), "up"));
}

/**
 * Odd names (spaces, unicode, not UTF-8, leading dots, 255 bytes), symlinks (relative, absolute,
 * dangling, a target that is not UTF-8), empty files and directories, exec bits, sizes around
 * the chunking bounds and above 1 MiB, repeated file contents, and one subtree at three places:
 * twice at the same depth and once deeper, below a directory listed after its first copy.
 */
export function makeNastyTree(root: Buffer): void {
  mkdirSync(root);
  const w = (dir: Buffer, name: Buffer | string, data: Buffer | string, mode = 0o644): void => {
    const p = at(dir, name);
    writeFileSync(p, data);
    chmodSync(p, mode);
  };
  w(root, "with space", "a");
  w(root, "ünïcödé ✓ 😀", "unicode");
  w(root, B([0xff, 0xfe, 0x41]), "not utf-8");
  w(root, ".hidden", "");
  w(root, "x".repeat(255), "long name");
  w(root, "empty", "");
  w(root, "exec", "#!/bin/sh\n", 0o755);
  w(root, "group-exec-only", "not executable for Nix", 0o654);
  w(root, "same-1", "same content");
  w(root, "same-2", "same content");
  for (const n of [128 * 1024 - 1, 128 * 1024, 256 * 1024 + 1, 512 * 1024, 512 * 1024 + 1]) w(root, `size-${n}`, bytes(n, n));
  w(root, "big", bytes(1536 * 1024 + 3, 7), 0o755);
  mkdirSync(at(root, "empty-dir"));
  symlinkSync("with space", at(root, "rel-link"));
  symlinkSync("/nix/store/somewhere/else", at(root, "abs-link"));
  symlinkSync("does/not/exist", at(root, "dangling"));
  symlinkSync(B([0xc3, 0x28]), at(root, "link-non-utf8"));
  const odd = at(root, B([0x64, 0x69, 0x72, 0x80])); // "dir" + a stray continuation byte
  mkdirSync(odd);
  w(odd, B([0xe9, 0x74, 0xe9]), "latin-1 name");
  makeShared(at(root, "a-shared"));
  makeShared(at(root, "b-shared"));
  let deep = at(root, "z");
  mkdirSync(deep);
  for (let i = 0; i < 3; i++) {
    deep = at(deep, `d${i}`);
    mkdirSync(deep);
  }
  makeShared(at(deep, "again"));
}

/**
 * Asserts `actual` is `expected` exactly: the same names (as bytes), kinds, file bytes, exec
 * bits, symlink targets; and that actual's modes are `nix-store --restore`'s less the umask.
 */
export function assertSameTree(actual: Buffer | string, expected: Buffer | string, where = ""): void {
  const a = lstatSync(actual);
  const e = lstatSync(expected);
  const umask = process.umask();
  const shown = where === "" ? "the root" : where;
  const kind = (s: typeof a): string => (s.isSymbolicLink() ? "symlink" : s.isDirectory() ? "directory" : s.isFile() ? "file" : "other");
  assert.equal(kind(a), kind(e), `kind of ${shown}`);
  if (e.isSymbolicLink()) {
    assert.deepEqual(readlinkSync(actual, { encoding: "buffer" }), readlinkSync(expected, { encoding: "buffer" }), `target of ${shown}`);
  } else if (e.isFile()) {
    assert.ok(readFileSync(actual).equals(readFileSync(expected)), `contents of ${shown}`);
    const exec = (e.mode & 0o100) !== 0;
    assert.equal(a.mode & 0o7777, (exec ? 0o777 : 0o666) & ~umask, `mode of ${shown}`);
  } else {
    assert.equal(a.mode & 0o7777, 0o777 & ~umask, `mode of ${shown}`);
    const names = (p: Buffer | string): Buffer[] => readdirSync(p, { encoding: "buffer" }).sort(Buffer.compare);
    const an = names(actual);
    const en = names(expected);
    assert.deepEqual(an.map((n) => n.toString("hex")), en.map((n) => n.toString("hex")), `names in ${shown}`);
    for (const n of en) assertSameTree(at(Buffer.from(actual), n), at(Buffer.from(expected), n), `${where}/${n.toString()}`);
  }
}
