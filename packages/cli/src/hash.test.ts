import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { bytes } from "./cli.test-util.js";
import { NIX_ENV, nixDump, nixHash, nixStoreAdd, oracleNode } from "./oracle.test-util.js";

const bin = new URL("../bin/castore.js", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "castore-hash-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

function castore(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: NIX_ENV });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function hashJson(path: string, ...extra: string[]): Record<string, unknown> {
  const r = castore("hash", path, "--json", ...extra);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split("\n").filter(Boolean);
  assert.equal(lines.length, 1, "exactly one JSON line");
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

const B = (s: string | number[]): Buffer => (typeof s === "string" ? Buffer.from(s) : Buffer.from(s));
const at = (dir: Buffer, name: Buffer): Buffer => Buffer.concat([dir, B("/"), name]);


/** Asserts castore hash agrees with every outside tool on `path`. */
function assertAgreesWithOracles(path: string): void {
  const ours = hashJson(path);
  const o = oracleNode(B(path));
  assert.equal(ours["type"], o.type);
  if (o.type === "symlink") {
    assert.equal(ours["target"], o.target!.toString());
  } else {
    assert.equal(ours["digest"], o.digest, "digest (protoc + b3sum)");
    assert.equal(ours["size"], o.size, "size");
  }
  if (o.type === "file") assert.equal(ours["executable"], o.executable);
  assert.equal(ours["narHash"], `sha256:${nixHash(path)}`, "narHash (nix-hash)");
  assert.equal(ours["narSize"], nixDump(path).length, "narSize (nix-store --dump)");
  assert.equal(ours["storePath"], nixStoreAdd(path), "storePath (nix-store --add)");
}

function makeNastyTree(root: Buffer): void {
  mkdirSync(root);
  const w = (name: Buffer | string, data: Buffer, mode = 0o644): void => {
    const p = at(root, typeof name === "string" ? B(name) : name);
    writeFileSync(p, data);
    chmodSync(p, mode);
  };
  w("with space", B("a"));
  w("ünïcödé ✓ 😀", B("unicode"));
  w(B("\uFFFF"), B("sorts before U+1F600 as bytes"));
  w(B([0xff, 0xfe, 0x41]), B("not utf-8"));
  w(".hidden", B(""));
  w("x".repeat(255), B("long name"));
  w("empty", B(""));
  w("exec", B("#!/bin/sh\n"), 0o755);
  w("group-exec-only", B("not executable for Nix"), 0o654);
  for (const n of [1023, 1024, 1025, 128 * 1024 - 1, 128 * 1024, 256 * 1024 + 1, 512 * 1024, 512 * 1024 + 1]) {
    w(`size-${n}`, bytes(n, n));
  }
  w("big", bytes(10 * 1024 * 1024 + 3, 7));
  mkdirSync(at(root, B("empty-dir")));
  symlinkSync("with space", at(root, B("rel-link")));
  symlinkSync("/nix/store/somewhere/else", at(root, B("abs-link")));
  symlinkSync("does/not/exist", at(root, B("dangling")));
  symlinkSync(B([0xc3, 0x28]), at(root, B("link-non-utf8")));
  let deep = root;
  for (let i = 0; i < 40; i++) {
    deep = at(deep, B(`d${i}`));
    mkdirSync(deep);
  }
  writeFileSync(at(deep, B("leaf")), "deep");
}

test("castore hash agrees with b3sum, protoc and Nix on a nasty tree", () => {
  const root = join(work, "nasty");
  makeNastyTree(B(root));
  assertAgreesWithOracles(root);
});

test("castore hash of a lone file gives the file node and nix-store --add's recursive store path", () => {
  const p = join(work, "lone-file");
  writeFileSync(p, bytes(300_000, 3));
  chmodSync(p, 0o755);
  assertAgreesWithOracles(p);
});

test("castore hash of a lone symlink gives the symlink node", () => {
  const p = join(work, "lone-link");
  symlinkSync("../somewhere", p);
  assertAgreesWithOracles(p);
});

test("castore hash of an empty file and an empty directory agree with Nix", () => {
  const f = join(work, "empty-file");
  writeFileSync(f, "");
  assertAgreesWithOracles(f);
  const d = join(work, "empty-dir");
  mkdirSync(d);
  assertAgreesWithOracles(d);
});

test("property: castore hash of random trees equals what the outside tools say", () => {
  for (let seed = 1; seed <= 12; seed++) {
    let x = seed * 2654435761;
    const rand = (n: number): number => {
      x = (x * 1103515245 + 12345) >>> 0;
      return x % n;
    };
    const root = B(join(work, `random-${seed}`));
    const grow = (dir: Buffer, depth: number): void => {
      mkdirSync(dir);
      const n = rand(7);
      for (let i = 0; i < n; i++) {
        const nameBytes = [...Array(1 + rand(12))].map(() => {
          const c = 1 + rand(255);
          return c === 0x2f ? 0x5f : c; // no "/"
        });
        const name = B(nameBytes);
        if (name.equals(B(".")) || name.equals(B(".."))) continue;
        const p = at(dir, name);
        try {
          const kind = rand(depth > 3 ? 2 : 3);
          if (kind === 0) {
            writeFileSync(p, bytes(rand(4) === 0 ? rand(600_000) : rand(3000), seed * 100 + i), { flag: "wx" });
            chmodSync(p, rand(2) ? 0o755 : 0o644);
          } else if (kind === 1) symlinkSync(Buffer.from(bytes(1 + rand(30), i).map((c) => c || 1)), p);
          else grow(p, depth + 1);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        }
      }
    };
    grow(root, 0);
    assertAgreesWithOracles(root.toString());
  }
});

test("--name sets the store path name", () => {
  const d = join(work, "named");
  mkdirSync(d);
  writeFileSync(join(d, "f"), "x");
  const withName = hashJson(d, "--name", "other-name");
  assert.match(String(withName["storePath"]), /^\/nix\/store\/[0-9a-z]{32}-other-name$/);
  assert.notEqual(withName["storePath"], hashJson(d)["storePath"]);
});

test("options may stand before the path", () => {
  const d = join(work, "named");
  assert.deepEqual(JSON.parse(castore("hash", "--json", d).stdout), hashJson(d));
});

test("without --json the result is printed as key/value lines", () => {
  const r = castore("hash", join(work, "named"));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^type +directory$/m);
  assert.match(r.stdout, /^narHash +sha256:[0-9a-z]{52}$/m);
});

test("a missing path fails with one line naming it and exit status 1", () => {
  const r = castore("hash", join(work, "nope"), "--json");
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^castore hash: .*nope: no such file or directory\n$/);
});

test("a name that cannot be a store path name is refused before reading the tree", () => {
  const d = join(work, "bad name!");
  mkdirSync(d);
  const r = castore("hash", d, "--json");
  assert.equal(r.status, 1);
  assert.match(r.stderr, /bad name!/);
  assert.equal(castore("hash", d, "--json", "--name", "good-name").status, 0);
});

test("a FIFO in the tree is refused with a clear error", () => {
  const d = join(work, "with-fifo");
  mkdirSync(d);
  const mk = spawnSync("mkfifo", [join(d, "pipe")]);
  assert.equal(mk.status, 0);
  const r = castore("hash", d, "--json");
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unsupported file type at .*pipe/);
});

test("an unknown option is a usage error", () => {
  const r = castore("hash", "--frobnicate", work);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /frobnicate/);
});
