// No unverified byte leaves castore, through the CLI (issue 11): with a chunk, the blob index (two
// entries swapped) or the blob's tree tampered with behind castore's back, `cat` (full and range),
// `nar` and `export` fail with a verification error, and every byte they wrote before failing is
// the right one (a prefix of the true output); export leaves DEST absent.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { B3Digest } from "@castore/core";
import { JetStreamChunkStore } from "@castore/blob";
import { connect } from "@nats-io/transport-node";
import { bytes, castore, freshHome, ok, okJson } from "./cli.test-util.js";
import { nixDump } from "./oracle.test-util.js";

const work = mkdtempSync(join(tmpdir(), "castore-verified-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Pseudo-random bytes FastCDC cuts into several chunks (cli.test-util's bytes() never cuts). */
function cuttable(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

const TAMPERINGS = ["a chunk", "the index", "the tree"] as const;

for (const what of TAMPERINGS) {
  test(`with ${what} tampered, cat, cat --offset, nar and export fail and write no wrong byte`, async (t) => {
    const home = freshHome(t);
    const src = join(work, what.replace(/\W/g, "-"));
    mkdirSync(src);
    const big = cuttable(1_600_000, what.length);
    writeFileSync(join(src, "big"), big);
    writeFileSync(join(src, "small"), bytes(1000, 3));
    const imported = await okJson(["import", src, "--json"], { home });
    const storePath = String(imported["storePath"]);
    const digest = B3Digest.of(big);
    const nar = nixDump(src);
    // The tree is built and read once while the store is whole.
    assert.ok((await ok(["cat", digest.toHex()], { home })).equals(big));

    const { url } = JSON.parse(readFileSync(join(home, "server.json"), "utf8")) as { url: string };
    const nc = await connect({ servers: url });
    t.after(() => nc.close());
    const chunks = await JetStreamChunkStore.open(nc, { prefix: "castore" });
    const list = (await chunks.statBlob(digest))!.chunks;
    assert.ok(list.length >= 3, `the file is several chunks (${list.length})`);
    if (what === "a chunk") await chunks.tamper(list[0]!.digest, Buffer.alloc(list[0]!.size, 0x41));
    if (what === "the index") await chunks.tamperIndex(digest, [list[1]!, list[0]!, ...list.slice(2)]);
    if (what === "the tree") await chunks.tamperTree(digest, 0, 0, new Uint8Array(32).fill(0x42));

    const full = await castore(["cat", digest.toHex()], { home });
    assert.equal(full.code, 1);
    assert.match(full.stderr, /verification failed|missing from the store/);
    assert.ok(big.subarray(0, full.stdout.length).equals(full.stdout), "cat: every byte written is right");

    const range = await castore(["cat", digest.toHex(), "--offset", "10", "--length", "1000"], { home });
    assert.equal(range.code, 1);
    assert.ok(big.subarray(10, 10 + range.stdout.length).equals(range.stdout), "cat --offset: every byte written is right");

    const n = await castore(["nar", storePath], { home });
    assert.equal(n.code, 1);
    assert.match(n.stderr, /verification failed|missing from the store/);
    assert.ok(nar.subarray(0, n.stdout.length).equals(n.stdout), "nar: every byte written is a prefix of the true NAR");

    const dest = join(work, `${what.replace(/\W/g, "-")}-copy`);
    const e = await castore(["export", storePath, dest], { home });
    assert.equal(e.code, 1);
    assert.match(e.stderr, /verification failed|missing from the store/);
    assert.equal(existsSync(dest), false, "export leaves DEST absent");
  });
}
