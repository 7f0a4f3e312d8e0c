// The README's library example, run as written over each kind of store openStore opens: memory://,
// the embedded default (a nats-server under a home of the test's own), and nats:// (clients of
// the three services, started here on a NATS of the test's own). Checked against outside oracles:
// the store path `nix-store --add` gives, the NAR `nix-store --dump` writes, and the tree itself.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { B3Digest, parseStorePath } from "@castore/core";
import { blobStarter } from "@castore/blob";
import { directoryStarter } from "@castore/directory";
import { stopPid, withNatsServer } from "@castore/nats-server";
import { pathInfoStarter } from "@castore/pathinfo";
import { silentLogger, type RunningService } from "@castore/service-kit";
import { liveServer, openStore, type OpenStoreOptions } from "@castore/store";
import { connect } from "@nats-io/transport-node";
import { assertSameTree, makeNastyTree, nixDump, nixStoreAdd } from "@castore/cli/testing";

const work = mkdtempSync(join(tmpdir(), "castore-library-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

const dir = join(work, "dir");
makeNastyTree(Buffer.from(dir));
const expectedPath = nixStoreAdd(dir);
const expectedNar = nixDump(dir);

/** The example of README.md and issue 9, with the URL and options a case gives. */
async function example(url: string | undefined, opts: OpenStoreOptions, copy: string): Promise<void> {
  const store = await openStore(url, opts);
  try {
    const r = await store.importPath(dir, { name: "dir" });
    assert.equal(r.storePath, expectedPath, "the store path nix-store --add gives");
    assert.equal(r.type, "directory");
    assert.match(r.digest ?? "", /^[0-9a-f]{64}$/);
    assert.match(r.narHash, /^sha256:[0-9a-z]{52}$/);
    assert.equal(r.narSize, BigInt(expectedNar.length));
    const pieces: Uint8Array[] = [];
    for await (const piece of store.nar(r.storePath)) pieces.push(piece);
    assert.ok(Buffer.concat(pieces).equals(expectedNar), "store.nar is byte-identical to nix-store --dump");
    await store.exportTo(r.storePath, copy);
    assertSameTree(copy, dir);
    // A second import of the same tree sends nothing.
    const again = await store.importPath(dir, { name: "dir" });
    assert.equal(again.bytesUploaded, 0);
    assert.equal(again.storePath, r.storePath);
    // resolve: a subpath of the store path names an entry.
    const sub = await store.resolve(`${r.storePath}/a-shared`);
    assert.equal(sub.node.type, "directory");
  } finally {
    await store.close();
  }
}

describe("the library example (openStore, importPath, nar, exportTo, close)", () => {
  test("over memory://", async () => {
    await example("memory://", {}, join(work, "copy-memory"));
  });

  test("over the embedded default, which starts its nats-server under the given home", async (t) => {
    const home = join(work, "home");
    t.after(async () => {
      const r = await liveServer(home);
      if (r) await stopPid(r.pid);
    });
    await example(undefined, { home }, join(work, "copy-embedded"));
    assert.ok(await liveServer(home), "the embedded server runs in the background and is reused");
    // Data persists across opens.
    const store = await openStore(undefined, { home });
    try {
      assert.ok(await store.pathInfos.get(parseStorePath(expectedPath).digest), "the path info persisted");
    } finally {
      await store.close();
    }
  });

  test("over nats://, against the three services", async (t) => {
    const nats = await withNatsServer(t);
    const nc = await connect({ servers: nats.url });
    const running: RunningService[] = [];
    t.after(async () => {
      for (const r of running) await r.stop();
      await nc.close();
    });
    const ctx = { prefix: "lib", replicas: 1, signingKey: null, logger: silentLogger };
    for (const s of [blobStarter, directoryStarter, pathInfoStarter]) running.push(await s.start(nc, ctx));
    await example(`${nats.url}?prefix=lib`, { require: ["blobs", "directories", "pathInfos"] }, join(work, "copy-nats"));
  });
});

describe("openStore refuses what it cannot open, clearly", () => {
  test("an unknown scheme or parameter names the address", async () => {
    await assert.rejects(openStore("s3://bucket"), /unknown store address "s3:\/\/bucket"/);
    await assert.rejects(openStore("memory://?prefix=x"), /memory:\/\/ does not take the parameter "prefix"/);
    await assert.rejects(openStore("nats://127.0.0.1:1?prefix=bad prefix"), /prefix/);
  });

  test("a NATS without castore services fails fast naming the URL and what to run", async (t) => {
    const nats = await withNatsServer(t);
    await assert.rejects(openStore(`${nats.url}?prefix=none`, { require: ["blobs"] }), (e: Error) => {
      assert.match(e.message, /^no castore services on nats:\/\/127\.0\.0\.1:\d+ \(prefix none\); run `castore serve --nats nats:\/\/127\.0\.0\.1:\d+`$/);
      return true;
    });
    // Without `require`, the check happens on first use.
    const store = await openStore(`${nats.url}?prefix=none`);
    try {
      await assert.rejects(store.directories.get(B3Digest.fromBytes(new Uint8Array(32))), /no castore directory service/);
    } finally {
      await store.close();
    }
  });
});
