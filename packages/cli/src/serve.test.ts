// `castore serve` on a NATS of its own and on the embedded server, and commands with --nats.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { B3Digest } from "@castore/core";
import { isProcessAlive, withNatsServer } from "@castore/nats-server";
import { connect } from "@nats-io/transport-node";
import { bytes, castore, finished, freshHome, ok, okJson, sleep, start, type Run } from "./cli.test-util.js";
import { generateKey } from "./nix-cache.test-util.js";

/** Starts `castore serve ARGS`; killed after the test if it is still running. */
function serve(t: TestContext, args: string[], home: string): { child: ChildProcess; done: Promise<Run> } {
  const child = start(["serve", ...args], { home });
  const done = finished(child, 60_000);
  done.catch(() => undefined);
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await done.catch(() => undefined);
  });
  return { child, done };
}

/** Waits until `$SRV.PING.castore-blob` answers on `url`; returns the answer. */
async function waitForPing(url: string, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  const nc = await connect({ servers: url });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const m = await nc.request("$SRV.PING.castore-blob", undefined, { timeout: 500 });
        return m.json<Record<string, unknown>>();
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await sleep(100);
      }
    }
  } finally {
    await nc.close();
  }
}

/** Waits for the child's exit and how long it took after the signal. */
async function stopWith(signal: NodeJS.Signals, s: { child: ChildProcess; done: Promise<Run> }): Promise<{ run: Run; ms: number }> {
  const t0 = Date.now();
  s.child.kill(signal);
  const run = await s.done;
  return { run, ms: Date.now() - t0 };
}

test("serve --nats answers $SRV.PING, serves blob put and cat, and exits 0 on SIGTERM", async (t) => {
  const nats = await withNatsServer(t);
  const home = freshHome(t);
  // Credentials in the URL reach the server and never the logs (this server has no auth).
  const url = nats.url.replace("nats://", "nats://alice:s3cret@");
  const s = serve(t, ["--nats", url], home);
  const ping = await waitForPing(nats.url);
  assert.equal(ping["name"], "castore-blob");
  assert.equal(ping["type"], "io.nats.micro.v1.ping_response");

  const data = bytes(1_100_000, 11);
  const put = await okJson(["blob", "put", "-", "--nats", nats.url], { home, input: data });
  assert.equal(put["digest"], B3Digest.of(data).toHex());
  assert.deepEqual(await ok(["cat", String(put["digest"]), "--nats", nats.url], { home }), data);
  assert.equal(existsSync(join(home, "server.json")), false, "--nats starts no embedded server");

  const { run, ms } = await stopWith("SIGTERM", s);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(ms < 5000, `exited ${ms} ms after SIGTERM`);
  const logs = run.stderr
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const startLog = logs.find((l) => l["msg"] === "castore serve starting");
  assert.deepEqual((startLog?.["config"] as Record<string, unknown>)["nats"], nats.url.replace("nats://", "nats://alice:***@"));
  assert.ok(!run.stderr.includes("s3cret"), "no password in the logs");
  assert.equal(run.stdout.length, 0, "serve prints nothing on stdout");
});

test("serve without --nats runs the embedded server in the foreground, shared with commands", async (t) => {
  const home = freshHome(t);
  const s = serve(t, [], home);
  const deadline = Date.now() + 15_000;
  while (!existsSync(join(home, "server.json"))) {
    assert.ok(Date.now() < deadline, "serve never recorded its server");
    await sleep(50);
  }
  const rec = JSON.parse(readFileSync(join(home, "server.json"), "utf8")) as { pid: number; url: string; background: boolean };
  assert.equal(rec.background, false);
  await waitForPing(rec.url);

  const data = bytes(5000, 8);
  await ok(["blob", "put", "-"], { home, input: data });
  assert.deepEqual(await ok(["cat", B3Digest.of(data).toHex(), "--nats", rec.url], { home }), data);

  const { run } = await stopWith("SIGINT", s);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(isProcessAlive(rec.pid), false, "the foreground server stopped with serve");
  assert.equal(existsSync(join(home, "server.json")), false);
});

test("commands on the embedded default go through a foreground serve's services: its signing key signs what they import", async (t) => {
  const home = freshHome(t);
  const key = generateKey(home, "serve-key-1");
  const s = serve(t, ["--signing-key", key.secretFile], home);
  const deadline = Date.now() + 15_000;
  while (!existsSync(join(home, "server.json"))) {
    assert.ok(Date.now() < deadline, "serve never recorded its server");
    await sleep(50);
  }
  const rec = JSON.parse(readFileSync(join(home, "server.json"), "utf8")) as { url: string };
  await waitForPing(rec.url);
  const tree = join(home, "tree");
  mkdirSync(tree);
  writeFileSync(join(tree, "f"), "signed by the service\n");
  // No signing key in this command's environment: only the serve's path-info service has one.
  const r = await okJson(["import", tree], { home });
  const info = await okJson(["path-info", "get", String(r["storePath"])], { home });
  assert.deepEqual((info["signatures"] as string[]).map((x) => x.split(":")[0]), ["serve-key-1"]);
  const { run } = await stopWith("SIGTERM", s);
  assert.equal(run.code, 0, run.stderr);
});

test("a command with --nats on a NATS without castore services fails fast and says what to run", async (t) => {
  const nats = await withNatsServer(t);
  const home = freshHome(t);
  const t0 = Date.now();
  const r = await castore(["blob", "stat", B3Digest.of(new Uint8Array()).toHex(), "--nats", nats.url], { home });
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    `castore blob stat: no castore services on ${nats.url} (prefix castore); run \`castore serve --nats ${nats.url}\`\n`,
  );
  assert.ok(Date.now() - t0 < 10_000);
});

test("serve --only refuses services that do not exist and a bad signing key, naming where it came from", async (t) => {
  const home = freshHome(t);
  const bad = join(home, "bad.sec");
  writeFileSync(bad, "k1:notbase64!\n");
  const r = await castore(["serve", "--only", "pathinfo", "--nats", "nats://127.0.0.1:1"], { home, env: { CASTORE_SIGNING_KEY: bad } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^castore serve: CASTORE_SIGNING_KEY /);
  const unknown = await castore(["serve", "--only", "blobs"], { home });
  assert.match(unknown.stderr, /unknown service "blobs"/);
});
