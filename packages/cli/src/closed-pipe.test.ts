// A reader that stops early (`castore … | head`) ends every command quietly: status 0, nothing
// on stderr. Each command runs in a real shell pipeline, as a user types it, with output well
// past a pipe buffer (64 KiB), so the write after `head` has gone fails with EPIPE.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { B3Digest, chunk } from "@castore/core";
import { openStore } from "@castore/store";
import { bin, bytes, childEnv, finished, freshHome, okJson, type Run } from "./cli.test-util.js";

const work = mkdtempSync(join(tmpdir(), "castore-pipe-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** `castore ARGS | READER` in bash with pipefail: the status is castore's unless it is 0. */
function piped(args: string[], reader: string, home: string): Promise<Run> {
  const script = `set -o pipefail; "$@" | ${reader}`;
  const child = spawn("bash", ["-c", script, "bash", process.execPath, "--enable-source-maps", bin, ...args], {
    env: childEnv(home),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return finished(child, 60_000);
}

function assertQuiet(r: Run, what: string): void {
  assert.equal(r.stderr, "", `${what}: nothing on stderr`);
  assert.equal(r.code, 0, `${what}: status 0`);
}

/**
 * A blob of many small chunks (so `blob stat --json` prints more than a pipe buffer) that costs
 * little to store: one unit repeated, built so FastCDC cuts at its end, every time — zeros up
 * to the minimum chunk size, then the 64 bytes that end a chunk cut below the average size in
 * random data (the cut falls before the byte that matched, so one byte past it is included).
 */
async function manyChunkBlob(units: number): Promise<Buffer> {
  // SHA-256 in counter mode: `bytes()` (an LCG's top byte) never matches FastCDC's masks.
  const random = Buffer.concat(Array.from({ length: (8 << 20) / 32 }, (_, i) => createHash("sha256").update(`unit ${i}`).digest()));
  let end = 0;
  for await (const c of chunk([random])) {
    end += c.length;
    if (c.length < 256 * 1024 && end > c.length) break;
  }
  const unit = Buffer.concat([Buffer.alloc(128 * 1024), random.subarray(end - 63, end + 1)]);
  return Buffer.concat(Array<Buffer>(units).fill(unit));
}

describe("a closed pipe ends every command quietly", () => {
  const home = freshHome({ after });
  let tree: Record<string, unknown>;
  let big: Buffer;
  let manyChunks: Buffer;

  before(async () => {
    const root = join(work, "tree");
    mkdirSync(join(root, "big"), { recursive: true });
    for (let i = 0; i < 6000; i++) writeFileSync(join(root, "big", `file-${i}`), `${i}\n`);
    tree = await okJson(["import", root], { home });
    big = bytes(2 << 20, 3);
    writeFileSync(join(work, "big"), big);
    await okJson(["blob", "put", join(work, "big")], { home });
    manyChunks = await manyChunkBlob(900);
    writeFileSync(join(work, "many-chunks"), manyChunks);
    const put = await okJson(["blob", "put", join(work, "many-chunks")], { home });
    assert.equal(put["chunks"], 900, "the crafted blob cuts once per unit");
    // Path infos enough for `path-info list --json` to exceed a pipe buffer (~330 bytes each).
    const store = await openStore(undefined, { home });
    try {
      for (let i = 0; i < 250; i++) {
        const f = join(work, `p${i}`);
        writeFileSync(f, `path ${i}\n`);
        await store.importPath(f, { name: `p${i}` });
      }
    } finally {
      await store.close();
    }
  });

  test("ls -R of a 6,000-entry directory | head -1", async () => {
    const r = await piped(["ls", "-R", String(tree["storePath"])], "head -n 1", home);
    assertQuiet(r, "ls -R");
    assert.equal(r.stdout.toString(), "dir             -  big/\n");
  });

  test("blob stat --json of a 900-chunk blob | head -c 400", async () => {
    const r = await piped(["blob", "stat", B3Digest.of(manyChunks).toHex(), "--json"], "head -c 400", home);
    assertQuiet(r, "blob stat --json");
    assert.equal(r.stdout.length, 400);
    assert.ok(r.stdout.toString().startsWith(`{"digest":"${B3Digest.of(manyChunks).toHex()}"`));
  });

  test("cat of a 2 MiB blob | head -c 10", async () => {
    const r = await piped(["cat", B3Digest.of(big).toHex()], "head -c 10", home);
    assertQuiet(r, "cat");
    assert.deepEqual(r.stdout, big.subarray(0, 10));
  });

  test("nar of the tree | head -c 10", async () => {
    const r = await piped(["nar", String(tree["digest"])], "head -c 10", home);
    assertQuiet(r, "nar");
    assert.equal(r.stdout.length, 10);
  });

  test("path-info list --json | head -1", async () => {
    const r = await piped(["path-info", "list", "--json"], "head -n 1", home);
    assertQuiet(r, "path-info list");
    assert.match(r.stdout.toString(), /^\{"storePath":"\/nix\/store\/[^"]+"[^\n]*\}\n$/);
  });
});
