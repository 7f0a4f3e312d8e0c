// Observability across OS processes: the three service mains and the nar-bridge's, each with
// --metrics 127.0.0.1:0 and debug logs, on a NATS of the test's own. One request id, sent by a client
// or in an HTTP request's X-Request-Id, shows up in the log of every process the request reached,
// and each process's /metrics counts its own endpoints.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { withRequestId } from "@castore/core";
import { withNatsServer } from "@castore/nats-server";
import { openStore } from "@castore/store";
import { finished, waitForServices, type Run } from "@castore/cli/testing";

const root = new URL("../../", import.meta.url).pathname;
const mains = {
  blob: join(root, "services/blob/dist/main.js"),
  directory: join(root, "services/directory/dist/main.js"),
  pathinfo: join(root, "services/pathinfo/dist/main.js"),
  bridge: join(root, "services/nar-bridge/dist/main.js"),
} as const;

type LogLine = Record<string, unknown>;

interface Proc {
  readonly child: ChildProcess;
  readonly done: Promise<Run>;
  readonly lines: LogLine[];
}

function start(main: string, args: string[]): Proc {
  const env: NodeJS.ProcessEnv = { CASTORE_LOG_LEVEL: "debug" };
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("CASTORE_")) env[k] = v;
  const child = spawn(process.execPath, [main, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  const lines: LogLine[] = [];
  let rest = "";
  child.stderr!.on("data", (b: Buffer) => {
    rest += b.toString("utf8");
    const parts = rest.split("\n");
    rest = parts.pop()!;
    for (const p of parts) if (p.trim() !== "") lines.push(JSON.parse(p) as LogLine);
  });
  const done = finished(child, 60_000);
  done.catch(() => undefined);
  return { child, done, lines };
}

async function metricsUrl(p: Proc, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const l = p.lines.find((x) => x["msg"] === "metrics");
    if (l) return String(l["url"]);
    if (Date.now() > deadline) throw new Error("no metrics log line");
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("one request id runs through the logs of every process it reached; each process counts its own endpoints", async (t) => {
  const nats = await withNatsServer(t);
  const common = ["--nats", nats.url, "--prefix", "obs", "--metrics", "127.0.0.1:0"];
  const blob = start(mains.blob, common);
  const dirs = start(mains.directory, common);
  const infos = start(mains.pathinfo, common);
  const bridge = start(mains.bridge, [...common, "--http", "127.0.0.1:0"]);
  const procs = [blob, dirs, infos, bridge];
  t.after(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await Promise.allSettled(procs.map((p) => p.done));
  });
  await waitForServices(nats.url, ["castore-blob", "castore-directory", "castore-pathinfo"]);
  const [blobMetrics, , infoMetrics, bridgeMetrics] = (await Promise.all(procs.map((p) => metricsUrl(p)))) as [string, string, string, string];

  const src = mkdtempSync(join(tmpdir(), "castore-obs-"));
  t.after(() => rmSync(src, { recursive: true, force: true }));
  mkdirSync(join(src, "t"));
  writeFileSync(join(src, "t", "a"), "a file\n");
  writeFileSync(join(src, "t", "b"), Buffer.alloc(300_000, 7));
  const store = await openStore(`${nats.url}?prefix=obs`);
  const imported = await withRequestId("obs-import", () => store.importPath(join(src, "t"))).finally(() => store.close());

  const deadline = Date.now() + 15_000;
  while (!bridge.lines.some((l) => l["msg"] === "serving")) {
    if (Date.now() > deadline) throw new Error("the nar-bridge did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  const http = String(bridge.lines.find((l) => l["msg"] === "serving")!["url"]);
  const hash = imported.storePath.slice("/nix/store/".length, "/nix/store/".length + 32);
  const narinfo = await fetch(`${http}/${hash}.narinfo`, { headers: { "x-request-id": "obs-http" } });
  assert.equal(narinfo.status, 200);
  const narPath = /^URL: (.+)$/m.exec(await narinfo.text())![1]!;
  assert.equal((await fetch(`${http}/${narPath}`, { headers: { "x-request-id": "obs-http" } })).status, 200);

  const blobText = await (await fetch(blobMetrics)).text();
  const infoText = await (await fetch(infoMetrics)).text();
  const bridgeText = await (await fetch(bridgeMetrics)).text();
  assert.match(blobText, /^castore_requests_total\{service="castore-blob",endpoint="stat",code="200"\} [1-9]/m);
  assert.doesNotMatch(blobText, /service="castore-pathinfo"/, "a process counts only its own endpoints");
  assert.match(infoText, /^castore_requests_total\{service="castore-pathinfo",endpoint="put",code="200"\} 1$/m);
  assert.match(infoText, /^castore_request_duration_seconds_count\{service="castore-pathinfo",endpoint="get"\} [1-9]/m);
  assert.match(bridgeText, /^castore_http_requests_total\{route="nar",method="GET",status="200"\} 1$/m);

  for (const p of procs) p.child.kill("SIGTERM");
  for (const p of procs) assert.equal((await p.done).code, 0);
  const has = (p: Proc, id: string): boolean => p.lines.some((l) => l["reqId"] === id);
  assert.ok(has(blob, "obs-import") && has(dirs, "obs-import") && has(infos, "obs-import"), "the client's id reached all three services");
  assert.ok(has(bridge, "obs-http"), "the bridge logs the HTTP request's id");
  assert.ok(has(infos, "obs-http") && has(dirs, "obs-http") && has(blob, "obs-http"), "the bridge passed it on to all three services");
});
