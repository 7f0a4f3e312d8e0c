// requestWithRetry: attempt timeouts sized to the request, a bounded number of attempts, and a
// final error that names what is wrong (a missing service, a lost connection) — checked with a
// requester that records what it was asked and fails as told.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ATTEMPT_BASE_MS, attemptTimeout, requestWithRetry, type Requester, type RpcMsg } from "./rpc.js";
import { Code, StoreError, isStoreError } from "./errors.js";

function failing(make: () => Error): Requester & { timeouts: number[] } {
  const timeouts: number[] = [];
  return {
    timeouts,
    async request(_s: string, _p: Uint8Array, o: { timeout: number }): Promise<RpcMsg> {
      timeouts.push(o.timeout);
      throw make();
    },
  };
}

const named = (name: string, message: string): Error => Object.assign(new Error(message), { name });
const fast = { initialBackoffMs: 1, maxBackoffMs: 2 };

test("each attempt's timeout is sized to the request: a few seconds for a small one, more per byte carried or read", () => {
  assert.equal(attemptTimeout(100), ATTEMPT_BASE_MS + 1);
  assert.ok(attemptTimeout(100) <= 2_100, "a small request is given up on after ~2 s, not 10");
  assert.equal(attemptTimeout(4 << 20), ATTEMPT_BASE_MS + 1024);
  assert.equal(attemptTimeout(1000, 512 << 20), ATTEMPT_BASE_MS + 1 + 32_768, "a commit of 512 MiB gets time to read it back");
});

test("a request that times out is retried a bounded number of times, each attempt with the sized timeout", async () => {
  const r = failing(() => named("TimeoutError", "timeout"));
  await assert.rejects(requestWithRetry(r, "castore.blob.v1.stat", new Uint8Array(40), { ...fast, maxAttempts: 5, deadlineMs: 60_000 }), (e) => {
    assert.ok(isStoreError(e) && e.code === Code.Unavailable);
    assert.match(e.message, /\(5 attempts in \d+\.\d s\)$/);
    return true;
  });
  assert.equal(r.timeouts.length, 5);
  assert.ok(r.timeouts.every((t) => t === attemptTimeout(40)), r.timeouts.join(","));
});

test("no responders on every attempt says no castore service answers on the prefix, and how to start one", async () => {
  const r = failing(() => named("NoRespondersError", "no responders: 503"));
  await assert.rejects(requestWithRetry(r, "tenant.a.blob.v1.put_chunks", new Uint8Array(10), { ...fast, maxAttempts: 3 }), (e) => {
    assert.ok(isStoreError(e));
    assert.match(e.message, /^no castore blob service answers on prefix tenant\.a \(3 attempts in [\d.]+ s\); start one with `castore serve` \(or castore-blob\) on this NATS$/);
    return true;
  });
  const p = failing(() => named("NoRespondersError", "no responders"));
  await assert.rejects(requestWithRetry(p, "castore.pathinfo.v1.get", new Uint8Array(10), { ...fast, maxAttempts: 2 }), /no castore path-info service answers on prefix castore/);
});

test("when the connection is the problem, giving up says so instead", async () => {
  const r = failing(() => named("TimeoutError", "timeout"));
  await assert.rejects(
    requestWithRetry(r, "castore.blob.v1.stat", new Uint8Array(10), {
      ...fast,
      maxAttempts: 2,
      connectionProblem: () => "lost the connection to NATS at nats://10.0.0.1:4222 4 s ago, still reconnecting",
    }),
    /lost the connection to NATS at nats:\/\/10\.0\.0\.1:4222 4 s ago, still reconnecting \(2 attempts in [\d.]+ s\)$/,
  );
});

test("a service's own error is not retried and comes back as it was sent", async () => {
  let calls = 0;
  const r: Requester = {
    async request(): Promise<RpcMsg> {
      calls++;
      const h = new Map([["Nats-Service-Error-Code", "400"], ["Nats-Service-Error", "digest must be 32 bytes, got 31"]]);
      return { data: new Uint8Array(0), headers: { get: (k: string) => h.get(k) ?? "" } };
    },
  };
  await assert.rejects(requestWithRetry(r, "castore.blob.v1.stat", new Uint8Array(1)), (e) => e instanceof StoreError && e.code === 400 && e.message === "digest must be 32 bytes, got 31");
  assert.equal(calls, 1);
});

test("a 503 from the service is retried until it answers", async () => {
  let calls = 0;
  const r: Requester = {
    async request(): Promise<RpcMsg> {
      calls++;
      const h = calls < 3 ? new Map([["Nats-Service-Error-Code", "503"], ["Nats-Service-Error", "the store is temporarily unavailable"]]) : new Map<string, string>();
      return { data: Uint8Array.of(calls), headers: { get: (k: string) => h.get(k) ?? "" } };
    },
  };
  assert.deepEqual(await requestWithRetry(r, "castore.blob.v1.stat", new Uint8Array(1), fast), Uint8Array.of(3));
});

test("every attempt of a request carries the headers it was given", async () => {
  const seen: unknown[] = [];
  const hdrs = { id: "the request's headers" };
  const r: Requester<typeof hdrs> = {
    async request(_s, _p, opts): Promise<RpcMsg> {
      seen.push(opts.headers);
      const h = seen.length < 2 ? new Map([["Nats-Service-Error-Code", "503"]]) : new Map<string, string>();
      return { data: Uint8Array.of(1), headers: { get: (k: string) => h.get(k) ?? "" } };
    },
  };
  await requestWithRetry(r, "castore.blob.v1.stat", new Uint8Array(1), { ...fast, headers: hdrs });
  assert.deepEqual(seen, [hdrs, hdrs]);
});
