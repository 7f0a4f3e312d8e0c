import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { getJson, readServerInfo, sleep } from "./probe.js";
import { jsApi, rawRequest } from "./raw-nats.js";
import { getFreePorts } from "./ports.js";
import { isProcessAlive, stopPid } from "./pid.js";
import { NatsServerStartError } from "./process.js";
import { startNatsServer, startNatsServerWith } from "./server.js";
import { withNatsProcess, withNatsServer } from "./testing.js";

const INDEX = fileURLToPath(new URL("./index.js", import.meta.url));

async function waitGone(pid: number, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** Runs an ESM snippet in a fresh Node process; resolves once it exited AND closed its stdio. */
function runNode(
  source: string,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", source], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  // 'close' waits for the pipes too: a server that inherited them would hold this open.
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
}

test("a started server accepts connections and announces JetStream in INFO", async (t) => {
  const server = await withNatsProcess(t);
  const info = await readServerInfo(server.url);
  assert.equal(info.jetstream, true);
  assert.equal(info.server_name, server.serverName);
  assert.equal(server.host, "127.0.0.1");
  const health = await getJson(`${server.monitorUrl}/healthz`);
  assert.equal(health.status, 200);
});

test("max_payload is configurable and announced in INFO", async (t) => {
  const server = await withNatsProcess(t, { maxPayload: 2 * 1024 * 1024 });
  assert.equal((await readServerInfo(server.url)).max_payload, 2 * 1024 * 1024);
});

test("two servers started at once get different ports and store dirs", async (t) => {
  const [a, b] = await Promise.all([withNatsProcess(t), withNatsProcess(t)]);
  assert.notEqual(a.port, b.port);
  assert.notEqual(a.monitorPort, b.monitorPort);
  assert.notEqual(a.storeDir, b.storeDir);
  assert.notEqual((await readServerInfo(a.url)).server_id, (await readServerInfo(b.url)).server_id);
});

test("stop ends the process and removes the temp dir", async () => {
  const server = await startNatsServer();
  const { pid, storeDir, logFile } = server;
  assert.ok(existsSync(join(storeDir, "jetstream")));
  await server.stop();
  assert.equal(server.running, false);
  assert.equal(isProcessAlive(pid), false);
  assert.equal(existsSync(storeDir), false);
  assert.equal(existsSync(logFile), false);
  await assert.rejects(readServerInfo(server.url));
});

test("stop is idempotent, also when called concurrently", async () => {
  const server = await startNatsServer();
  await Promise.all([server.stop(), server.stop()]);
  await server.stop();
  assert.equal(server.running, false);
  await assert.rejects(server.restart(), /stopped for good/);
});

test("keepStoreDir leaves the store behind after stop", async () => {
  const server = await startNatsServer({ keepStoreDir: true });
  await server.stop();
  try {
    assert.ok(existsSync(join(server.storeDir, "jetstream")));
  } finally {
    rmSync(join(server.storeDir, ".."), { recursive: true, force: true });
  }
});

test("a bad extra config rejects with the server's log tail and leaves no temp dir", async (t) => {
  // os.tmpdir() follows TMPDIR, so a private one shows exactly what this start left behind.
  const privateTmp = mkdtempSync(join(tmpdir(), "castore-tmpdir-test-"));
  const saved = process.env["TMPDIR"];
  process.env["TMPDIR"] = privateTmp;
  t.after(() => {
    if (saved === undefined) delete process.env["TMPDIR"];
    else process.env["TMPDIR"] = saved;
    rmSync(privateTmp, { recursive: true, force: true });
  });
  const err = await startNatsServer({ extraConfig: "bogus_field: 1" }).then(
    () => assert.fail("start should have failed"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof NatsServerStartError);
  assert.match(err.message, /exited during start/);
  assert.match(err.message, /unknown field "bogus_field"/);
  assert.deepEqual(readdirSync(privateTmp), []);
});

test("a taken fixed port fails fast instead of being retried", async (t) => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const address = blocker.address();
  assert.ok(address !== null && typeof address === "object");
  const err = await startNatsServer({ port: address.port }).then(
    () => assert.fail("start should have failed"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof NatsServerStartError);
  assert.equal(err.portInUse, address.port);
  assert.match(err.message, /address already in use/);
});

test("a picked port lost to another process is retried with fresh ports", async (t) => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const address = blocker.address();
  assert.ok(address !== null && typeof address === "object");
  let calls = 0;
  const server = await startNatsServerWith({}, async (count, host) => {
    calls++;
    const fresh = await getFreePorts(count, host);
    // First attempt: hand out the port someone else is already listening on.
    return calls === 1 ? [address.port, ...fresh.slice(1)] : fresh;
  });
  t.after(() => server.stop());
  assert.equal(calls, 2);
  assert.notEqual(server.port, address.port);
  assert.equal((await readServerInfo(server.url)).server_name, server.serverName);
});

test("a missing binary is named in the error", async () => {
  await assert.rejects(startNatsServer({ binary: "/nonexistent/nats-server" }), /\/nonexistent\/nats-server does not exist/);
});

test("restart keeps the ports and the JetStream data", async (t) => {
  const server = await withNatsProcess(t);
  await jsApi(server.url, "STREAM.CREATE.KEEP", { name: "KEEP", subjects: ["keep.>"], storage: "file" });
  assert.match(await rawRequest(server.url, "keep.a", "hello"), /"seq":1/);
  const { port, pid } = server;
  await server.restart();
  assert.equal(server.port, port);
  assert.notEqual(server.pid, pid);
  const info = await jsApi<{ state: { messages: number } }>(server.url, "STREAM.INFO.KEEP");
  assert.equal(info.state.messages, 1);
});

test("a killed server can be restarted", async (t) => {
  const server = await withNatsProcess(t);
  await server.kill();
  assert.equal(server.running, false);
  await assert.rejects(readServerInfo(server.url));
  await server.restart();
  assert.equal((await readServerInfo(server.url)).server_name, server.serverName);
});

test("ownProcessGroup puts the server in a process group of its own", async (t) => {
  const pgrpOf = (pid: number): number => {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  };
  const [own, shared] = await Promise.all([withNatsProcess(t, { ownProcessGroup: true }), withNatsProcess(t)]);
  assert.equal(pgrpOf(own.pid), own.pid);
  assert.equal(pgrpOf(shared.pid), pgrpOf(process.pid));
});

test("withNatsProcess stops the server when the test that asked for it ends", async (t) => {
  let pid = -1;
  // The hook is registered on the subtest's context, which node:test runs whether it passes or fails.
  await t.test("inner test that starts a server", async (inner) => {
    pid = (await withNatsProcess(inner)).pid;
  });
  assert.ok(pid > 0);
  assert.equal(isProcessAlive(pid), false);
});

test("withNatsServer on the process backend gives a working endpoint", async (t) => {
  const server = await withNatsServer(t, { backend: "process" });
  assert.equal((await readServerInfo(server.url)).jetstream, true);
});

test("the docker backend without testcontainers says what to install", async (t) => {
  try {
    await import("testcontainers" as string);
    t.skip("testcontainers is installed");
    return;
  } catch {
    // Expected here: the package is not a dependency.
  }
  await assert.rejects(withNatsServer(t, { backend: "docker" }), /npm i -D testcontainers/);
});

test("a detached server outlives its starter and writes only to its log file", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "castore-detached-test-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const logFile = join(dir, "server.log");
  const source = `
    import { startNatsServer } from ${JSON.stringify(INDEX)};
    import { writeFileSync } from "node:fs";
    const s = await startNatsServer({
      detached: true, logFile: ${JSON.stringify(logFile)},
      storeDir: ${JSON.stringify(join(dir, "store"))}, configFile: ${JSON.stringify(join(dir, "nats.conf"))},
    });
    writeFileSync(${JSON.stringify(join(dir, "handle.json"))}, JSON.stringify({ pid: s.pid, url: s.url }));
  `;
  const run = await runNode(source);
  assert.equal(run.code, 0, run.stderr);
  const { pid, url } = JSON.parse(readFileSync(join(dir, "handle.json"), "utf8")) as { pid: number; url: string };
  t.after(() => stopPid(pid));
  assert.equal(run.stdout, "");
  assert.equal(run.stderr, "");
  assert.equal((await readServerInfo(url)).jetstream, true);
  assert.match(readFileSync(logFile, "utf8"), /Server is ready/);
  assert.equal(await stopPid(pid), true);
  assert.equal(isProcessAlive(pid), false);
  assert.equal(await stopPid(pid), false);
});

for (const [how, code] of [
  ["an uncaught exception", `throw new Error("boom");`],
  ["SIGTERM", `process.kill(process.pid, "SIGTERM"); await new Promise(() => setTimeout(() => {}, 60_000));`],
] as const) {
  test(`a crash by ${how} kills the servers the process started and removes their temp dirs`, async () => {
    const source = `
      import { startNatsServer } from ${JSON.stringify(INDEX)};
      const s = await startNatsServer();
      console.log(JSON.stringify({ pid: s.pid, storeDir: s.storeDir }));
      ${code}
    `;
    const run = await runNode(source);
    const { pid, storeDir } = JSON.parse(run.stdout) as { pid: number; storeDir: string };
    if (how === "SIGTERM") assert.equal(run.signal, "SIGTERM");
    else assert.equal(run.code, 1);
    assert.equal(await waitGone(pid), true, `nats-server ${pid} survived`);
    assert.equal(existsSync(storeDir), false);
  });
}
