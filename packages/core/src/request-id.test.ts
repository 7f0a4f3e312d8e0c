import assert from "node:assert/strict";
import { test } from "node:test";
import { currentRequestId, newRequestId, validRequestId, withRequestId } from "./request-id.js";

test("a request id is seen by everything the request awaits, and by nothing outside it", async () => {
  assert.equal(currentRequestId(), undefined);
  const seen = await withRequestId("r-1", async () => {
    await new Promise((r) => setTimeout(r, 1));
    return Promise.all([currentRequestId(), withRequestId("r-2", async () => currentRequestId())]);
  });
  assert.deepEqual(seen, ["r-1", "r-2"]);
  assert.equal(currentRequestId(), undefined);
});

test("a usable id is 1 to 128 printable characters without spaces; fresh ones are 16 hex digits", () => {
  assert.equal(validRequestId("abc-123_x.y:z"), "abc-123_x.y:z");
  for (const bad of [undefined, null, "", "a b", "x".repeat(129), "line\nbreak", "é"]) assert.equal(validRequestId(bad), null, JSON.stringify(bad));
  assert.match(newRequestId(), /^[0-9a-f]{16}$/);
  assert.notEqual(newRequestId(), newRequestId());
});
