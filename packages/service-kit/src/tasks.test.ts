import assert from "node:assert/strict";
import { test } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
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

