// Trees on disk and NAR helpers shared by the NAR parser and restore tests (not exported from
// the package): odd trees to dump with real Nix, and a one-line-per-node description to compare.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { showBytes } from "./errors.js";
import { pseudoRandomBytes } from "./fixtures.js";
import type { NarTree } from "./nar-tree.js";
import { compareNames } from "./nodes.js";

export const NIX_ENV = { ...process.env, NIX_CONFIG: "experimental-features = nix-command\nsubstituters =" };
const work = mkdtempSync(join(tmpdir(), "castore-nar-"));
after(() => rmSync(work, { recursive: true, force: true }));

let seq = 0;
/** A path under the test's scratch directory that does not exist yet. */
export const fresh = (label: string): string => join(work, `${label}-${seq++}`);

export const nixDump = (p: string): Buffer => execFileSync("nix-store", ["--dump", p], { env: NIX_ENV, maxBuffer: 1 << 28 });

export const b = (s: string | number[]): Buffer => (typeof s === "string" ? Buffer.from(s) : Buffer.from(s));
export const hex = (x: Uint8Array): string => Buffer.from(x).toString("hex");
export const sha = (x: Uint8Array): string => createHash("sha256").update(x).digest("hex");

// --- tree descriptions: one line per node, so that a mismatch shows as a readable diff ---

export function describe(tree: NarTree): string[] {
  const out: string[] = [];
  const walk = (path: string, t: NarTree): void => {
    switch (t.type) {
      case "directory":
        out.push(`${path}: directory`);
        for (const e of t.entries) walk(`${path}/${showBytes(e.name, 300)}`, e.node);
        break;
      case "file":
        out.push(`${path}: file${t.executable ? " executable" : ""} ${t.contents.length} bytes sha256 ${sha(t.contents)}`);
        break;
      case "symlink":
        out.push(`${path}: symlink -> ${showBytes(t.target, 5000)}`);
        break;
    }
  };
  walk("", tree);
  return out;
}

/** The tree at a local path as Nix sees it: symlinks not followed, entries sorted bytewise. */
export function diskTree(path: Buffer): NarTree {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return { type: "symlink", target: readlinkSync(path, { encoding: "buffer" }) };
  if (st.isFile()) return { type: "file", executable: (st.mode & 0o100) !== 0, contents: readFileSync(path) };
  const names = readdirSync(path, { encoding: "buffer" }).sort(compareNames);
  return {
    type: "directory",
    entries: names.map((name) => ({ name, node: diskTree(Buffer.concat([path, b("/"), name])) })),
  };
}

// --- nasty trees on disk ---

export function nastyTree({ big = true } = {}): string {
  const root = fresh("nasty");
  const p = (...parts: (string | Buffer)[]): Buffer =>
    Buffer.concat([b(root), ...parts.flatMap((x) => [b("/"), typeof x === "string" ? b(x) : x])]);
  mkdirSync(root);
  writeFileSync(p("with space"), "x y\n");
  writeFileSync(p("ünïcödé 😀"), "unicode");
  // U+FFFF (EF BF BF) sorts before U+1F600 (F0 9F 98 80) bytewise, but after it in UTF-16.
  writeFileSync(p("\uFFFF"), "bmp");
  writeFileSync(p("\u{1F600}"), "astral");
  writeFileSync(p(b([0x66, 0xff, 0xfe])), "not UTF-8");
  writeFileSync(p(".hidden"), "");
  mkdirSync(p("..dots"));
  writeFileSync(p("..dots", ".x"), ".");
  writeFileSync(p("a".repeat(255)), "long name");
  writeFileSync(p("empty"), "");
  mkdirSync(p("empty dir"));
  writeFileSync(p("exec"), "#!/bin/sh\n");
  chmodSync(p("exec"), 0o755);
  writeFileSync(p("exec-empty"), "");
  chmodSync(p("exec-empty"), 0o700);
  for (const n of [1, 7, 8, 9, 15, 16, 17]) writeFileSync(p(`len${n}`), pseudoRandomBytes(n, n));
  if (big) writeFileSync(p("big"), pseudoRandomBytes((1 << 20) + 3, 7));
  symlinkSync("../x/y", p("rel"));
  symlinkSync("/nix/store/abc-def", p("abs"));
  symlinkSync("does-not-exist", p("dangling"));
  symlinkSync(b([0xff, 0x2f, 0x61, 0x20]), p("link to non-UTF-8"));
  symlinkSync("a/".repeat(2047) + "a", p("longest target"));
  let deep = p("deep");
  mkdirSync(deep);
  for (let i = 0; i < 60; i++) {
    deep = Buffer.concat([deep, b(`/${i % 10}`)]);
    mkdirSync(deep);
  }
  writeFileSync(Buffer.concat([deep, b("/leaf")]), "bottom");
  return root;
}

export function loneFile(executable: boolean, contents: Uint8Array): string {
  const f = fresh("file");
  writeFileSync(f, contents);
  chmodSync(f, executable ? 0o755 : 0o644);
  return f;
}

function loneSymlink(target: string): string {
  const f = fresh("symlink");
  symlinkSync(target, f);
  return f;
}

export function emptyDir(): string {
  const d = fresh("empty");
  mkdirSync(d);
  return d;
}

export const cases: [string, () => string][] = [
  ["a tree of odd names, sizes, modes and symlinks", nastyTree],
  ["a lone file", () => loneFile(false, b("just a file\n"))],
  ["a lone executable empty file", () => loneFile(true, new Uint8Array(0))],
  ["a lone symlink", () => loneSymlink("/nix/store/somewhere")],
  ["an empty directory", emptyDir],
];

/** The bytes in pieces of `size` bytes, or of sizes drawn from `size()` (the last may be shorter). */
export function* pieces(bytes: Uint8Array, size: number | (() => number)): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; ) {
    const n = typeof size === "number" ? size : size();
    yield bytes.slice(i, i + n);
    i += n;
  }
}
