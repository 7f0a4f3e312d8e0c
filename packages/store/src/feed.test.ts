import assert from "node:assert/strict";
import { test } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import { Feed } from "./importer.js";

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
