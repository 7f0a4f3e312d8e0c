import assert from "node:assert/strict";
import { test } from "node:test";
import { mapConcurrent } from "./concurrency.js";

test("mapConcurrent rejects with the error of an async iterable that fails after its items", async () => {
  async function* items(): AsyncGenerator<number> {
    yield* [1, 2, 3];
    throw new Error("the source broke");
  }
  // Several pulls in flight: one gets the error, a later one the end (p-map 7.1 resolved here).
  await assert.rejects(mapConcurrent(items(), 4, async (x) => x), /the source broke/);
});

test("mapConcurrent maps an async iterable in input order", async () => {
  async function* items(): AsyncGenerator<number> {
    yield* [3, 1, 2];
  }
  assert.deepEqual(await mapConcurrent(items(), 2, async (x) => x * 10), [30, 10, 20]);
});
