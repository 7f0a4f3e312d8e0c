// Observability of `castore serve`: the Prometheus endpoint of --metrics counts what the services
// and the nar-bridge did, and one request id joins the log lines of every part a request touched.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { B3Digest, withRequestId } from "@castore/core";
import { withNatsServer } from "@castore/nats-server";
import { openStore } from "@castore/store";
import { bytes, freshHome, sleep } from "./cli.test-util.js";
import { serve } from "./serve.test-util.js";

type LogLine = Record<string, unknown>;

/** The child's stderr as pino lines, as they arrive. */
function logLines(child: ChildProcess): LogLine[] {
  const lines: LogLine[] = [];
  let rest = "";
  child.stderr?.on("data", (b: Buffer) => {
    rest += b.toString("utf8");
    const parts = rest.split("\n");
    rest = parts.pop()!;
    for (const p of parts) if (p.trim() !== "") lines.push(JSON.parse(p) as LogLine);
  });
  return lines;
}

async function waitFor(lines: LogLine[], msg: string, timeoutMs = 15_000): Promise<LogLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const l = lines.find((x) => x["msg"] === msg);
    if (l) return l;
    if (Date.now() > deadline) throw new Error(`no "${msg}" log line within ${timeoutMs} ms; got ${JSON.stringify(lines.map((x) => x["msg"]))}`);
    await sleep(50);
  }
}

/** Prometheus text → value of each sample, keyed `name{labels as written}`. */
function samples(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const i = line.lastIndexOf(" ");
    m.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return m;
}

/** The value of `name` with (at least) these labels; 0 when absent. */
function value(s: Map<string, number>, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const [key, v] of s) {
    if (!key.startsWith(`${name}{`) && key !== name) continue;
    if (want.every((w) => key.includes(w))) sum += v;
  }
  return sum;
}

test("serve --metrics counts requests by endpoint and outcome, and one request id runs through every service's log", async (t) => {
  const nats = await withNatsServer(t);
  const home = freshHome(t);
  const s = serve(t, ["--nats", nats.url, "--http", "127.0.0.1:0", "--metrics", "127.0.0.1:0"], { home, env: { CASTORE_LOG_LEVEL: "debug" } });
  const lines = logLines(s.child);
  const serving = await waitFor(lines, "serving");
  const metricsUrl = String((await waitFor(lines, "metrics"))["url"]);
  assert.match(metricsUrl, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  assert.equal(serving["metrics"], metricsUrl);
  const http = String(serving["http"]);

  const before = samples(await (await fetch(metricsUrl)).text());

  // Through the NATS clients: an import (blob, directory and path-info puts; the path-info service
  // computes the NAR), a hit and a miss.
  const src = mkdtempSync(join(tmpdir(), "castore-metrics-"));
  t.after(() => rmSync(src, { recursive: true, force: true }));
  mkdirSync(join(src, "tree", "sub"), { recursive: true });
  const big = bytes(600_000, 3);
  writeFileSync(join(src, "tree", "big"), big);
  writeFileSync(join(src, "tree", "sub", "small"), "small file\n");
  const store = await openStore(`${nats.url}?prefix=castore`);
  let storePath: string;
  try {
    const imported = await withRequestId("test-import-1", () => store.importPath(join(src, "tree")));
    storePath = imported.storePath;
    assert.notEqual(await store.blobs.stat(B3Digest.of(big)), null);
    assert.equal(await store.blobs.stat(B3Digest.of(bytes(10, 9))), null);
  } finally {
    await store.close();
  }

  // Through the nar-bridge, whose NATS requests carry the HTTP request's id on to the services.
  const hash = storePath.slice("/nix/store/".length, "/nix/store/".length + 32);
  const narinfo = await fetch(`${http}/${hash}.narinfo`, { headers: { "x-request-id": "test-narinfo-1" } });
  assert.equal(narinfo.status, 200);
  assert.equal(narinfo.headers.get("x-request-id"), "test-narinfo-1");
  const narPath = /^URL: (.+)$/m.exec(await narinfo.text())?.[1];
  assert.ok(narPath, "the narinfo names its NAR");
  const nar = await fetch(`${http}/${narPath}`, { headers: { "x-request-id": "test-nar-1" } });
  assert.equal(nar.status, 200);
  assert.ok((await nar.arrayBuffer()).byteLength > big.length);
  assert.equal((await fetch(`${http}/${"0".repeat(32)}.narinfo`)).status, 404);
  assert.match(String((await fetch(`${http}/nix-cache-info`)).headers.get("x-request-id")), /^[0-9a-f]{16}$/, "a request without an id gets one");

  const text = await (await fetch(metricsUrl)).text();
  const after = samples(text);
  const moved = (name: string, labels: Record<string, string>): number => value(after, name, labels) - value(before, name, labels);
  const blob = { service: "castore-blob" };
  const pathinfo = { service: "castore-pathinfo" };
  const dirs = { service: "castore-directory" };
  // Requests by endpoint and outcome: a hit is 200, a miss is the 404 the service sent.
  assert.ok(moved("castore_requests_total", { ...blob, endpoint: "stat", code: "200" }) >= 1, "blob stat hit counted");
  assert.ok(moved("castore_requests_total", { ...blob, endpoint: "stat", code: "404" }) >= 1, "blob stat miss counted as 404");
  assert.ok(moved("castore_request_errors_total", { ...blob, endpoint: "stat", code: "404" }) >= 1, "the miss is an error outcome");
  assert.equal(moved("castore_request_errors_total", { ...blob, endpoint: "stat", code: "200" }), 0);
  assert.ok(moved("castore_requests_total", { ...dirs, endpoint: "put", code: "200" }) >= 1, "directory put counted");
  assert.ok(moved("castore_requests_total", { ...pathinfo, endpoint: "put", code: "200" }) >= 1, "path-info put counted");
  assert.ok(moved("castore_requests_total", { ...pathinfo, endpoint: "get", code: "200" }) >= 1, "the bridge's path-info get counted");
  // Latency histograms: every request observed once, into ms-scale buckets.
  const statCount = moved("castore_request_duration_seconds_count", { ...blob, endpoint: "stat" });
  assert.equal(statCount, moved("castore_requests_total", { ...blob, endpoint: "stat" }));
  assert.ok(value(after, "castore_request_duration_seconds_bucket", { ...blob, endpoint: "stat", le: "0.005" }) >= 0);
  assert.ok(moved("castore_request_duration_seconds_bucket", { ...blob, endpoint: "stat", le: "+Inf" }) === statCount);
  // Bytes: the big file's chunks went up, the NAR's bytes came back out.
  assert.ok(moved("castore_request_bytes_total", blob) >= big.length, "chunk bytes received");
  assert.ok(moved("castore_reply_bytes_total", { ...pathinfo, endpoint: "get" }) > 0, "path-info replies counted");
  assert.equal(value(after, "castore_requests_in_flight", { ...blob, endpoint: "stat" }), 0);
  // The nar-bridge by route, method and status.
  assert.ok(moved("castore_http_requests_total", { route: "narinfo", method: "GET", status: "200" }) >= 1);
  assert.ok(moved("castore_http_requests_total", { route: "narinfo", method: "GET", status: "404" }) >= 1);
  assert.ok(moved("castore_http_requests_total", { route: "nar", method: "GET", status: "200" }) >= 1);
  assert.ok(moved("castore_http_request_duration_seconds_count", { route: "nar", method: "GET" }) >= 1);
  assert.ok(moved("castore_http_response_bytes_total", { route: "nar" }) > big.length);
  // A cache and the process.
  assert.ok(moved("castore_cache_hits_total", { cache: "blob_presence" }) + moved("castore_cache_misses_total", { cache: "blob_presence" }) >= 1);
  assert.match(text, /^process_resident_memory_bytes \d+/m);
  assert.match(text, /^# TYPE castore_request_duration_seconds histogram$/m);
  // Anything but /metrics is a 404.
  assert.equal((await fetch(metricsUrl.replace(/\/metrics$/, "/"))).status, 404);

  s.child.kill("SIGTERM");
  const run = await s.done;
  assert.equal(run.code, 0, run.stderr);
  const tagged = (id: string): LogLine[] => lines.filter((l) => l["reqId"] === id);
  const servicesOf = (id: string): Set<unknown> => new Set(tagged(id).map((l) => l["service"]).filter((x) => x !== undefined));

  // The import: one id from the client through the blob, directory and path-info services.
  assert.deepEqual(servicesOf("test-import-1"), new Set(["castore-blob", "castore-directory", "castore-pathinfo"]));
  const put = tagged("test-import-1").find((l) => l["msg"] === "request" && String(l["endpoint"]).endsWith(".pathinfo.v1.put"));
  assert.ok(put, "the path-info put is logged with the client's id");
  assert.equal(put["code"], 200);
  assert.equal(typeof put["ms"], "number");
  // The bridge: its access log line and the services it asked carry the HTTP request's id.
  assert.ok(tagged("test-narinfo-1").some((l) => l["route"] === "narinfo" && l["status"] === 200), "the bridge's access log carries the id");
  assert.ok(servicesOf("test-narinfo-1").has("castore-pathinfo"), "the path-info service saw the bridge's id");
  assert.ok(tagged("test-nar-1").some((l) => l["route"] === "nar"));
  const narServices = servicesOf("test-nar-1");
  assert.ok(narServices.has("castore-directory") && narServices.has("castore-blob"), `the NAR's reads carry its id: ${[...narServices].join(", ")}`);
});
