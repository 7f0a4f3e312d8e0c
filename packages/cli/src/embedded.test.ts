// The embedded default's lifecycle: started once per $CASTORE_HOME even by commands that start
// together, reused, stopped by `castore stop`, and never holding the caller's pipes open.
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { B3Digest } from "@castore/core";
import { isProcessAlive } from "@castore/nats-server";
import { bytes, castore, finished, freshHome, ok, okJson, serversOf, start } from "./cli.test-util.js";

const record = (home: string): { pid: number; url: string } =>
  JSON.parse(readFileSync(join(home, "server.json"), "utf8")) as { pid: number; url: string };

test("commands started together share one embedded server, and castore stop stops it", async (t) => {
  const home = freshHome(t);
  const inputs = [1, 2, 3, 4].map((i) => bytes(300_000 + i, i));
  const runs = await Promise.all(inputs.map((input) => castore(["blob", "put", "-", "--json"], { home, input })));
  runs.forEach((r, i) => {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout.toString())["digest"], B3Digest.of(inputs[i]!).toHex());
  });
  const { pid } = record(home);
  assert.deepEqual(serversOf(home), [pid], "exactly one nats-server, the recorded one");
  assert.equal(existsSync(join(home, "server.lock")), false, "the start lock was released");

  const stopped = await okJson(["stop"], { home });
  assert.deepEqual(stopped, { stopped: true, pid });
  assert.equal(isProcessAlive(pid), false);
  assert.equal(existsSync(join(home, "server.json")), false);
  assert.deepEqual(await okJson(["stop"], { home }), { stopped: false }, "a second stop finds nothing to stop");
});

test("later commands reuse the running server", async (t) => {
  const home = freshHome(t);
  await ok(["blob", "put", "-"], { home, input: bytes(10, 1) });
  const first = record(home);
  await ok(["blob", "put", "-"], { home, input: bytes(10, 2) });
  assert.deepEqual(record(home), first);
  assert.deepEqual(serversOf(home), [first.pid]);
});

test("a server that died is replaced on the next command", async (t) => {
  const home = freshHome(t);
  const data = bytes(1000, 5);
  await ok(["blob", "put", "-"], { home, input: data });
  const dead = record(home);
  process.kill(dead.pid, "SIGKILL");
  while (isProcessAlive(dead.pid)) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(await ok(["cat", B3Digest.of(data).toHex()], { home }), data);
  assert.notEqual(record(home).pid, dead.pid);
});

test("a server that was never recorded is stopped, not run twice on one store", async (t) => {
  const home = freshHome(t);
  const data = bytes(1000, 6);
  await ok(["blob", "put", "-"], { home, input: data });
  const orphan = record(home);
  // As if its starter died between starting it and writing server.json.
  rmSync(join(home, "server.json"));
  assert.deepEqual(await ok(["cat", B3Digest.of(data).toHex()], { home }), data);
  assert.equal(isProcessAlive(orphan.pid), false);
  assert.deepEqual(serversOf(home), [record(home).pid]);
});

test("the background server does not hold the caller's stdout and stderr open", async (t) => {
  const home = freshHome(t);
  const child = start(["blob", "put", "-", "--json"], { home });
  child.stdin?.end(bytes(100, 3));
  // finished() waits for 'close', which needs both pipes closed by every process holding them.
  const r = await finished(child, 20_000);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(isProcessAlive(record(home).pid), true, "the server still runs after the command ended");
});

test("a bad environment value names the variable; an empty one counts as unset", async (t) => {
  const home = freshHome(t);
  const digest = B3Digest.of(new Uint8Array()).toHex();
  const bad = await castore(["blob", "stat", digest], { home, env: { CASTORE_REPLICAS: "2" } });
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, `castore blob stat: CASTORE_REPLICAS must be 1, 3 or 5, got "2"\n`);
  assert.equal(existsSync(join(home, "server.json")), false, "nothing was started");

  const flag = await castore(["blob", "stat", digest, "--replicas", "x"], { home });
  assert.match(flag.stderr, /--replicas must be 1, 3 or 5, got "x"/);

  const empty = await okJson(["blob", "stat", digest], { home, env: { CASTORE_REPLICAS: "", CASTORE_NATS_URL: "" } });
  assert.equal(empty["size"], 0);
});
