// Assertions shared by core's tests (not exported from the package).
import assert from "node:assert/strict";
import { Code, isStoreError } from "./errors.js";

/** Asserts `fn` throws an InvalidArgument StoreError whose message matches. */
export function assertInvalid(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e) => {
    assert.ok(isStoreError(e), String(e));
    assert.equal(e.code, Code.InvalidArgument);
    assert.match(e.message, message);
    return true;
  });
}
