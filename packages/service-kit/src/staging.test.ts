// The staging bucket is bounded: a short TTL, a byte limit past which pages are refused with a
// clear 503, and a bucket made by an earlier version (1 h, unbounded) is brought to today's limits.
import assert from "node:assert/strict";
import { test } from "node:test";
import { bucketName, isStoreError } from "@castore/core";
import { withNatsServer } from "@castore/nats-server";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { STAGING_LIMITS } from "./limits.js";
import { JetStreamPageStaging } from "./staging.js";

test("a full staging bucket refuses pages with 503 saying why; its entries expire after the TTL", async (t) => {
  const server = await withNatsServer(t);
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const staging = await JetStreamPageStaging.open(nc, { prefix: "s", kind: "commits", maxBytes: 1 << 20 });
  const page = new Uint8Array(200 * 1024);
  let refused: unknown = null;
  for (let i = 0; i < 10 && refused === null; i++) {
    await staging.put(`upload-${i}`, 0, page).catch((e: unknown) => (refused = e));
  }
  assert.ok(isStoreError(refused) && refused.code === 503, String(refused));
  assert.match((refused as Error).message, /staging area for multi-page uploads is full; try again once abandoned uploads expire \(after 15 min\)/);
  const info = await (await jetstreamManager(nc)).streams.info(`KV_${bucketName("s", "commits")}`);
  assert.equal(info.config.max_age, STAGING_LIMITS.ttlMs * 1_000_000);
  assert.equal(info.config.max_bytes, 1 << 20);
});

test("a staging bucket made by an earlier version gets today's limits", async (t) => {
  const server = await withNatsServer(t);
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const name = bucketName("old", "dirpages");
  await new Kvm(jetstream(nc)).create(name, { history: 1, ttl: 60 * 60 * 1000 });
  await JetStreamPageStaging.open(nc, { prefix: "old", kind: "dirpages" });
  const info = await (await jetstreamManager(nc)).streams.info(`KV_${name}`);
  assert.equal(info.config.max_age, STAGING_LIMITS.ttlMs * 1_000_000);
  assert.equal(info.config.max_bytes, STAGING_LIMITS.maxBytes);
});
