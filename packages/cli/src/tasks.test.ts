import assert from "node:assert/strict";
import { test } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import { Feed } from "./importer.js";
import { Tasks } from "./tasks.js";

test("Tasks never runs more than maxOps tasks or (beyond one task) maxBytes at once", async () => {
  const tasks = new Tasks({ maxOps: 3, maxBytes: 100 });
  let running = 0;
  let bytes = 0;
  let peakOps = 0;
  let peakBytes = 0;
  for (const size of [10, 60, 50, 5, 200, 1, 1, 1, 1]) {
    await tasks.start(size, async () => {
      running++;
      bytes += size;
      peakOps = Math.max(peakOps, running);
      peakBytes = Math.max(peakBytes, bytes);
      await nextTurn();
      running--;
      bytes -= size;
    });
  }
  await tasks.drain();
  assert.equal(peakOps, 3);
  assert.equal(peakBytes, 200, "a task larger than the budget runs, alone");
});

test("Tasks rethrows the first failure at the next start and at drain", async () => {
  const tasks = new Tasks({ maxOps: 1, maxBytes: 10 });
  await tasks.start(1, async () => {
    throw new Error("first");
  });
  await assert.rejects(tasks.start(1, async () => {}), /first/);
  await assert.rejects(tasks.drain(), /first/);
});

test("Feed holds the writer back until the reader takes pieces, and passes every piece in order", async () => {
  const feed = new Feed();
  let pushed = 0;
  const writer = (async () => {
    for (let i = 0; i < 10; i++) {
      await feed.push(Uint8Array.of(i));
      pushed++;
    }
    feed.end();
  })();
  await nextTurn();
  assert.ok(pushed < Feed.HIGH_WATER, `the writer waits for the reader (pushed ${pushed})`);
  const got: number[] = [];
  for await (const p of feed) got.push(p[0]!);
  await writer;
  assert.deepEqual(got, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test("Feed gives the writer's failure to the reader, and the reader's to the writer", async () => {
  const failing = new Feed();
  void failing.push(Uint8Array.of(1));
  failing.fail(new Error("read failed"));
  await assert.rejects(
    (async () => {
      for await (const _ of failing);
    })(),
    /read failed/,
  );

  const cancelled = new Feed();
  const pushes = (async () => {
    for (;;) await cancelled.push(Uint8Array.of(0));
  })();
  await nextTurn();
  cancelled.cancel(new Error("upload failed"));
  await assert.rejects(pushes, /upload failed/);
});
