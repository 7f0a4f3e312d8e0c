// The two nats.js fixes of nats-tuning.ts: they apply to the nats.js this project installs, and
// nothing that goes through them changes — large messages (assembled from many socket reads, with
// and without headers) arrive byte for byte, answered requests resolve, and requests that get no
// answer still fail with the errors nats.js gives.
import assert from "node:assert/strict";
import { randomFillSync } from "node:crypto";
import { test } from "node:test";
import { withNatsServer } from "@castore/nats-server";
import { connect } from "@nats-io/transport-node";
import { headers } from "@nats-io/nats-core";
import "./index.js";
import { natsFixesApplied } from "./nats-tuning.js";

test("the nats.js fixes are in place for the installed nats.js", () => {
  assert.equal(natsFixesApplied(), true, "nats-core changed shape: re-check nats-tuning.ts against it");
});

test("large replies arrive byte for byte; answered and unanswered requests behave as before", async (t) => {
  const server = await withNatsServer(t);
  const nc = await connect({ servers: server.url });
  t.after(() => nc.close());
  const sizes = [1, 65_535, 65_536, 65_537, 200_000, 524_288, 900_000];
  const payloads = sizes.map((n) => randomFillSync(new Uint8Array(n)));
  const sub = nc.subscribe("big.*", {
    callback: (_e, m) => {
      const i = Number(m.subject.split(".")[1]);
      const h = headers();
      h.set("X-Index", String(i));
      m.respond(payloads[i]!, i % 2 === 0 ? { headers: h } : {});
    },
  });
  t.after(() => sub.unsubscribe());
  // Many at once, so replies share socket reads and split across them at every kind of boundary.
  for (let round = 0; round < 3; round++) {
    const replies = await Promise.all(sizes.map((_, i) => nc.request(`big.${i}`, new Uint8Array(0), { timeout: 5000 })));
    replies.forEach((r, i) => {
      assert.equal(r.data.length, sizes[i]);
      assert.ok(Buffer.from(r.data).equals(Buffer.from(payloads[i]!)), `reply ${i} (${sizes[i]} bytes) differs`);
      if (i % 2 === 0) assert.equal(r.headers?.get("X-Index"), String(i));
    });
  }
  await assert.rejects(nc.request("nobody.here", new Uint8Array(0), { timeout: 1000 }), /no responders/i);
  const silent = nc.subscribe("silent", { callback: () => {} });
  t.after(() => silent.unsubscribe());
  await assert.rejects(nc.request("silent", new Uint8Array(0), { timeout: 200 }), (e: Error) => e.name === "TimeoutError");
});
