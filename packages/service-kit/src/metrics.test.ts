// The metrics and request ids of a micro service bound with bindService, on a real nats-server.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Code, REQUEST_ID_HEADER, StoreError, currentRequestId, requestWithRetry, withRequestId } from "@castore/core";
import { withNatsServer } from "@castore/nats-server";
import { headers } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { bindService } from "./bind.js";
import type { Logger } from "./logger.js";
import { metricsRegistry, serveMetrics } from "./metrics.js";
import { requestHeaders } from "./request-id.js";

/** A Logger that keeps what it is given. */
function memoryLogger(): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const keep = (level: string) => (obj: object, msg?: string) => void lines.push({ level, ...obj, msg });
  return { lines, debug: keep("debug"), info: keep("info"), warn: keep("warn"), error: keep("error") };
}

async function value(name: string, labels: Record<string, string>): Promise<number> {
  const m = (await metricsRegistry.getMetricsAsJSON()).find((x) => x.name === name);
  const want = Object.entries(labels);
  return (m?.values ?? []).filter((v) => want.every(([k, x]) => String(v.labels[k]) === x)).reduce((a, v) => a + v.value, 0);
}

test("a service runs each request as part of its Castore-Request-Id, logs it, and counts it by outcome", async (t) => {
  const nats = await withNatsServer(t);
  const nc = await connect({ servers: nats.url });
  t.after(() => nc.close());
  const log = memoryLogger();
  const seen: (string | undefined)[] = [];
  const svc = await bindService(nc, {
    name: "castore-test",
    description: "test",
    prefix: "t",
    logger: log,
    endpoints: [
      {
        name: "echo",
        subject: "t.test.v1.echo",
        handler: async (req) => {
          seen.push(currentRequestId());
          // What it asks of other services carries the id on.
          const h = requestHeaders();
          seen.push(h.get(REQUEST_ID_HEADER));
          return req;
        },
      },
      {
        name: "miss",
        subject: "t.test.v1.miss",
        handler: async () => {
          throw new StoreError(Code.NotFound, "no such thing");
        },
      },
    ],
  });
  t.after(() => svc.stop());
  const ok0 = await value("castore_requests_total", { service: "castore-test", endpoint: "echo", code: "200" });
  const miss0 = await value("castore_request_errors_total", { service: "castore-test", endpoint: "miss", code: "404" });

  const h = headers();
  h.set(REQUEST_ID_HEADER, "known-id-1");
  const reply = await nc.request("t.test.v1.echo", Uint8Array.of(1, 2, 3), { timeout: 5000, headers: h });
  assert.deepEqual([...reply.data], [1, 2, 3]);
  assert.deepEqual(seen, ["known-id-1", "known-id-1"]);
  // Through the reference client: the caller's id goes with it.
  await withRequestId("known-id-2", () => requestWithRetry(nc, "t.test.v1.echo", Uint8Array.of(4), { headers: requestHeaders() }));
  assert.deepEqual(seen.slice(2), ["known-id-2", "known-id-2"]);
  // Without the header the service makes one up.
  await nc.request("t.test.v1.echo", Uint8Array.of(5), { timeout: 5000 });
  assert.match(String(seen[4]), /^[0-9a-f]{16}$/);
  await assert.rejects(
    withRequestId("known-id-3", () => requestWithRetry(nc, "t.test.v1.miss", Uint8Array.of(), { headers: requestHeaders() })),
    (e) => e instanceof StoreError && e.code === Code.NotFound,
  );

  const access = log.lines.filter((l) => l["msg"] === "request");
  assert.deepEqual(
    access.map((l) => [l["reqId"], l["endpoint"], l["code"]]),
    [
      ["known-id-1", "t.test.v1.echo", 200],
      ["known-id-2", "t.test.v1.echo", 200],
      [seen[4], "t.test.v1.echo", 200],
      ["known-id-3", "t.test.v1.miss", 404],
    ],
  );
  assert.equal(access[0]!["requestBytes"], 3);
  assert.equal(access[0]!["replyBytes"], 3);
  assert.ok(log.lines.some((l) => l["msg"] === "no such thing" && l["reqId"] === "known-id-3"), "the error's line carries the id");

  assert.equal((await value("castore_requests_total", { service: "castore-test", endpoint: "echo", code: "200" })) - ok0, 3);
  assert.equal((await value("castore_request_errors_total", { service: "castore-test", endpoint: "miss", code: "404" })) - miss0, 1);
  assert.equal(await value("castore_request_errors_total", { service: "castore-test", endpoint: "echo" }), 0);
  assert.ok((await value("castore_request_duration_seconds", { service: "castore-test", endpoint: "echo" })) >= 0);
  assert.equal(await value("castore_requests_in_flight", { service: "castore-test", endpoint: "echo" }), 0);
});

test("the metrics endpoint answers GET /metrics in the text format, 404 elsewhere, 405 to other methods", async (t) => {
  const log = memoryLogger();
  const m = await serveMetrics({ host: "127.0.0.1", port: 0 }, log);
  t.after(() => m.stop());
  assert.match(m.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  assert.deepEqual(log.lines.find((l) => l["msg"] === "metrics")?.["url"], m.url);
  const r = await fetch(m.url);
  assert.equal(r.status, 200);
  assert.match(String(r.headers.get("content-type")), /^text\/plain; version=0\.0\.4/);
  const text = await r.text();
  assert.match(text, /^# TYPE castore_requests_total counter$/m);
  assert.match(text, /^# TYPE castore_request_duration_seconds histogram$/m);
  assert.match(text, /^process_cpu_user_seconds_total /m);
  assert.equal((await fetch(m.url.replace("/metrics", "/other"))).status, 404);
  assert.equal((await fetch(m.url, { method: "POST" })).status, 405);
  assert.equal((await fetch(m.url, { method: "HEAD" })).status, 200);
});
