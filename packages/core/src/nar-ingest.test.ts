import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { B3Digest } from "./digest.js";
import type { Directory } from "./directory.js";
import { isStoreError } from "./errors.js";
import { pseudoRandomBytes } from "./fixtures.js";
import { hashPath } from "./hash-path.js";
import { ingestNar } from "./nar-ingest.js";
import { renderNar } from "./nar-writer.js";

const NIX_ENV = { ...process.env, NIX_CONFIG: "experimental-features = nix-command\nsubstituters =" };
const work = mkdtempSync(join(tmpdir(), "castore-nar-ingest-"));
after(() => rmSync(work, { recursive: true, force: true }));

function sinks() {
  const blobs = new Map<string, Buffer>();
  const dirs = new Map<string, Directory>();
  const order: string[] = [];
  return {
    blobs,
    dirs,
    order,
    putBlob: async (data: AsyncIterable<Uint8Array> | Uint8Array) => {
      const parts: Buffer[] = [];
      if (data instanceof Uint8Array) parts.push(Buffer.from(data));
      else for await (const p of data) parts.push(Buffer.from(p));
      const b = Buffer.concat(parts);
      const d = B3Digest.of(b);
      blobs.set(d.toHex(), b);
      return d;
    },
    putDirectory: async (dir: Directory) => {
      for (const c of dir.directories) assert.ok(dirs.has(c.digest.toHex()), "children arrive before parents");
      dirs.set(dir.digest().toHex(), dir);
      order.push(dir.digest().toHex());
    },
  };
}

function tree(): string {
  const root = join(work, "t");
  mkdirSync(join(root, "sub", "deeper"), { recursive: true });
  mkdirSync(join(root, "empty"));
  writeFileSync(join(root, "small"), "hi");
  writeFileSync(join(root, "big"), pseudoRandomBytes(3 << 20, 4));
  writeFileSync(join(root, "sub", "deeper", "x"), "");
  writeFileSync(join(root, "exec"), "#!/bin/sh\n");
  chmodSync(join(root, "exec"), 0o755);
  symlinkSync("../small", join(root, "sub", "link"));
  return root;
}

test("a NAR from nix-store --dump ingests to the same root node castore hash computes", async () => {
  const root = tree();
  const nar = execFileSync("nix-store", ["--dump", root], { env: NIX_ENV, maxBuffer: 1 << 26 });
  const s = sinks();
  const r = await ingestNar([nar], s);
  const h = await hashPath(root);
  assert.equal(r.node.type, "directory");
  assert.ok(r.node.type === "directory" && h.node.type === "directory" && r.node.digest.equals(h.node.digest));
  assert.deepEqual(Buffer.from(r.narSha256), createHash("sha256").update(nar).digest());
  assert.equal(r.narSize, BigInt(nar.length));
  // Rendering the ingested content gives back the very same NAR.
  const out: Uint8Array[] = [];
  for await (const p of renderNar(r.node, {
    getDirectory: async (d) => s.dirs.get(d.toHex()) ?? null,
    readBlob: async (d) => {
      const b = s.blobs.get(d.toHex());
      return b ? (async function* () {
        yield b;
      })() : null;
    },
  })) out.push(p);
  assert.ok(Buffer.concat(out).equals(nar));
});

test("a lone file NAR ingests to a file node", async () => {
  const f = join(work, "lone");
  writeFileSync(f, "lone file");
  const nar = execFileSync("nix-store", ["--dump", f], { env: NIX_ENV });
  const r = await ingestNar([nar], sinks());
  assert.equal(r.node.type, "file");
  assert.ok(r.node.type === "file" && r.node.digest.equals(B3Digest.of(Buffer.from("lone file"))));
});

test("a malformed NAR is refused", async () => {
  const nar = execFileSync("nix-store", ["--dump", tree2()], { env: NIX_ENV });
  await assert.rejects(ingestNar([nar.subarray(0, nar.length - 9)], sinks()), (e) => isStoreError(e) && e.code === 400);
});

function tree2(): string {
  const root = join(work, "t2");
  mkdirSync(root);
  writeFileSync(join(root, "a"), "a");
  return root;
}
