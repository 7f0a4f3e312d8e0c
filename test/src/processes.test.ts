// Every service its own OS process: the blob, directory and path-info services started as
// `node services/<name>/dist/main.js --nats URL --prefix P` (no `castore serve`) on a NATS of the
// test's own serve an import / export round trip and a NAR through the CLI, then stop cleanly on
// SIGTERM. Also each service main's --help and its refusal of a bad configuration.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { withNatsServer } from "@castore/nats-server";
import { assertSameTree, castore, finished, freshHome, makeNastyTree, nixDump, nixStoreAdd, ok, okJson, waitForServices, type Run } from "@castore/cli/testing";

const root = new URL("../../", import.meta.url).pathname;
const mains = {
  blob: join(root, "services/blob/dist/main.js"),
  directory: join(root, "services/directory/dist/main.js"),
  pathinfo: join(root, "services/pathinfo/dist/main.js"),
} as const;

const work = mkdtempSync(join(tmpdir(), "castore-processes-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("CASTORE_")) env[k] = v;
  return env;
}

function startService(main: string, args: string[]): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [main, ...args], { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  const done = finished(child, 120_000);
  done.catch(() => undefined);
  return { child, done };
}

describe("the three services as three OS processes", () => {
  test("serve an import/export round trip and a NAR, and stop cleanly on SIGTERM", async (t) => {
    const nats = await withNatsServer(t);
    const prefix = "procs";
    const procs = Object.values(mains).map((m) => startService(m, ["--nats", nats.url, "--prefix", prefix]));
    t.after(async () => {
      for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
      await Promise.allSettled(procs.map((p) => p.done));
    });
    assert.equal(new Set(procs.map((p) => p.child.pid)).size, 3, "three processes");
    await waitForServices(nats.url, ["castore-blob", "castore-directory", "castore-pathinfo"]);

    const src = join(work, "src");
    makeNastyTree(Buffer.from(src));
    const home = freshHome(t);
    const flags = ["--nats", nats.url, "--prefix", prefix];
    const imported = await okJson(["import", src, "--name", "src", "--json", ...flags], { home });
    assert.equal(imported["storePath"], nixStoreAdd(src));
    const copy = join(work, "copy");
    await ok(["export", String(imported["storePath"]), copy, ...flags], { home });
    assertSameTree(copy, src);
    const nar = await ok(["nar", String(imported["storePath"]), ...flags], { home });
    assert.ok(nar.equals(nixDump(src)), "castore nar through the three processes equals nix-store --dump");
    const direct = await ok(["nar", String(imported["storePath"]), ...flags, "--read", "direct"], { home });
    assert.ok(direct.equals(nar), "with --read direct (chunks straight from JetStream) the NAR is the same");

    for (const p of procs) p.child.kill("SIGTERM");
    const runs = await Promise.all(procs.map((p) => p.done));
    for (const r of runs) {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /"msg":"service stopped"/, "each drained its service before exiting");
    }
    // Nothing answers any more: a client fails fast and says how to start the services.
    const r = await castore(["ls", String(imported["storePath"]), ...flags], { home });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no castore services on nats:\/\/127\.0\.0\.1:\d+ \(prefix procs\); run `castore serve/);
  });
});

describe("a service main as users call it", () => {
  for (const [name, main] of Object.entries(mains)) {
    test(`${name}: --help shows the usage, the options and the environment, exit 0`, () => {
      const r = spawnSync(process.execPath, [main, "--help"], { env: cleanEnv(), encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Usage: castore-${name} --nats URLS`));
      assert.match(r.stdout, /--prefix P/);
      assert.match(r.stdout, /CASTORE_NATS_URL/);
      assert.equal(r.stdout.includes("--signing-key"), name === "pathinfo", "only the path-info service signs");
    });

    test(`${name}: without --nats it says what is missing, exit 1`, () => {
      const r = spawnSync(process.execPath, [main], { env: cleanEnv(), encoding: "utf8" });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, new RegExp(`^castore-${name}: --nats URLS \\(or CASTORE_NATS_URL\\) is required`));
    });

    test(`${name}: a bad value names its variable, exit 1`, () => {
      const r = spawnSync(process.execPath, [main, "--nats", "nats://127.0.0.1:1"], {
        env: { ...cleanEnv(), CASTORE_REPLICAS: "2" },
        encoding: "utf8",
      });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /CASTORE_REPLICAS must be 1, 3 or 5, got "2"/);
    });
  }
});
