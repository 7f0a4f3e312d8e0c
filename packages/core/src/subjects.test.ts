import assert from "node:assert/strict";
import { test } from "node:test";
import { blobSubjects, bucketName, validatePrefix } from "./subjects.js";

test("blob subjects are <prefix>.blob.v1.<operation>", () => {
  assert.equal(blobSubjects("castore").stat, "castore.blob.v1.stat");
  assert.equal(blobSubjects("tenant.a").getChunk, "tenant.a.blob.v1.get_chunk");
});

test("prefixes with wildcards, spaces or empty tokens are refused", () => {
  for (const p of ["", "a..b", "a.*", "a.>", "a b", ".a", "a."]) assert.throws(() => validatePrefix(p), /invalid subject prefix/);
});

test("bucket names of different prefixes never coincide", () => {
  const prefixes = ["a.b", "a_b", "a_db", "a.db", "a__b", "a-b", "castore"];
  const names = prefixes.map((p) => bucketName(p, "chunks"));
  assert.equal(new Set(names).size, prefixes.length);
  for (const n of names) assert.match(n, /^[A-Za-z0-9_-]+$/);
  assert.equal(bucketName("castore", "chunks"), "castore-chunks_castore");
});
