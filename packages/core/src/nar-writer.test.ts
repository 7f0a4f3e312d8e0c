import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { B3Digest } from "./digest.js";
import type { Directory } from "./directory.js";
import { isStoreError } from "./errors.js";
import { pseudoRandomBytes } from "./fixtures.js";
import { hashPath } from "./hash-path.js";
import { narOfPath, renderNar, type NarSources } from "./nar-writer.js";
import { fileNode } from "./nodes.js";

const NIX_ENV = { ...process.env, NIX_CONFIG: "experimental-features = nix-command\nsubstituters =" };
const work = mkdtempSync(join(tmpdir(), "castore-nar-writer-"));
after(() => rmSync(work, { recursive: true, force: true }));

const nixDump = (p: string): Buffer => execFileSync("nix-store", ["--dump", p], { env: NIX_ENV, maxBuffer: 1 << 28 });

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of it) parts.push(p);
  return Buffer.concat(parts);
}

function makeTree(root: string): void {
  mkdirSync(root);
  writeFileSync(join(root, "a"), "hello");
  writeFileSync(join(root, "exec"), pseudoRandomBytes(130_001, 2));
  chmodSync(join(root, "exec"), 0o755);
  writeFileSync(join(root, "empty"), "");
  mkdirSync(join(root, "sub"));
  mkdirSync(join(root, "sub", "empty-dir"));
  writeFileSync(join(root, "sub", "\u{1F600}"), "emoji");
  writeFileSync(join(root, "sub", "\uFFFF"), "bmp");
  writeFileSync(Buffer.from(join(root, "sub", "x") + "\xff", "latin1"), "non-utf8");
  symlinkSync("../a", join(root, "sub", "link"));
}

test("the NAR of a local path is byte-identical to nix-store --dump", async () => {
  const root = join(work, "tree");
  makeTree(root);
  assert.deepEqual(await collect(narOfPath(root)), nixDump(root));
});

test("the NAR rendered from castore nodes is byte-identical to nix-store --dump", async () => {
  const root = join(work, "tree2");
  makeTree(root);
  const dirs = new Map<string, Directory>();
  const h = await hashPath(root, { onDirectory: (d) => void dirs.set(d.digest().toHex(), d) });
  // Blob bytes by digest, read from disk by path (outside castore's walker).
  const blobs = new Map<string, Buffer>();
  const addBlobs = (p: string): void => {
    for (const f of ["a", "exec", "empty", "sub/\u{1F600}", "sub/\uFFFF"]) {
      const data = readFileSync(join(p, f));
      blobs.set(B3Digest.of(data).toHex(), data);
    }
    const odd = readFileSync(Buffer.from(join(p, "sub", "x") + "\xff", "latin1"));
    blobs.set(B3Digest.of(odd).toHex(), odd);
  };
  addBlobs(root);
  const sources: NarSources = {
    getDirectory: async (d) => dirs.get(d.toHex()) ?? null,
    readBlob: async (d) => {
      const b = blobs.get(d.toHex());
      if (!b) return null;
      return (async function* () {
        for (let i = 0; i < b.length; i += 4096) yield b.subarray(i, i + 4096);
      })();
    },
  };
  const nar = await collect(renderNar(h.node, sources));
  const expected = nixDump(root);
  assert.deepEqual(nar, expected);
  // hashPath's NAR figures describe the same bytes.
  assert.equal(h.narSize, BigInt(expected.length));
  assert.deepEqual(Buffer.from(h.narSha256), createHash("sha256").update(expected).digest());
});

test("rendering a file whose blob is missing fails with NotFound naming the digest", async () => {
  const node = fileNode("", B3Digest.of(Buffer.from("x")), 1);
  const sources: NarSources = { getDirectory: async () => null, readBlob: async () => null };
  await assert.rejects(collect(renderNar(node, sources)), (e) => {
    assert.ok(isStoreError(e) && e.code === 404);
    assert.match(e.message, new RegExp(`blob ${node.digest.toHex()} not found`));
    return true;
  });
});

test("rendering a blob shorter than its file node says is bad input (400), with both figures", async () => {
  const node = fileNode("", B3Digest.of(Buffer.from("xy")), 2);
  const sources: NarSources = {
    getDirectory: async () => null,
    readBlob: async () => (async function* () { yield Buffer.from("x"); })(),
  };
  await assert.rejects(collect(renderNar(node, sources)), (e) => isStoreError(e) && e.code === 400 && /has only 1 bytes, its file node says 2/.test(e.message));
});
