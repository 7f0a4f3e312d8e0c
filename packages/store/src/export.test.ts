// exportTo's errors speak of the user's paths: the temporary names it builds under never show.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Code, StoreError } from "@castore/core";
import { inUserTerms } from "./export.js";

const TMP = "/home/u/.castore-export-0123456789ab";
const OLD = "/home/u/.castore-old-0123456789ab-out";
const DEST = "/home/u/out";
const internal = [TMP, OLD, DEST];

const errno = (code: string, syscall: string, path?: string, dest?: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: something, ${syscall}${path ? ` '${path}'` : ""}`), {
    code,
    syscall,
    ...(path === undefined ? {} : { path }),
    ...(dest === undefined ? {} : { dest }),
  });

const message = (e: unknown): string => (e as Error).message;

test("a path inside the temporary tree is shown at its place under DEST", () => {
  const e = inUserTerms(errno("ENAMETOOLONG", "mkdir", `${TMP}/a/b`), internal, "out");
  assert.equal(message(e), "cannot create the directory out/a/b: file name too long (ENAMETOOLONG)");
  assert.equal((e as NodeJS.ErrnoException).code, "ENAMETOOLONG", "the code is kept");
  assert.equal(message(inUserTerms(errno("EACCES", "mkdir", TMP), internal, "out")), "cannot create the directory out: permission denied (EACCES)");
});

test("an error without a path (ENOSPC on a write) names DEST", () => {
  assert.equal(
    message(inUserTerms(errno("ENOSPC", "write"), internal, "./out")),
    "cannot write the export at ./out: no space left on device (ENOSPC)",
  );
});

test("renames and copies name their destination in the user's terms", () => {
  assert.equal(
    message(inUserTerms(errno("EXDEV", "rename", TMP, DEST), internal, "out")),
    "cannot move the export into place at out: it is on another file system (EXDEV)",
  );
  assert.equal(
    message(inUserTerms(errno("EEXIST", "copyfile", `${TMP}/a`, `${TMP}/b/a`), internal, "out")),
    "cannot copy a file to out/b/a: it already exists (EEXIST)",
  );
});

test("a store error that mentions a temporary path is reworded; others pass unchanged", () => {
  const inner = new StoreError(Code.NotFound, `blob abc (file ${TMP}/lib/x.so) not found in the store`);
  const e = inUserTerms(inner, internal, "out");
  assert.ok(e instanceof StoreError);
  assert.equal(e.code, Code.NotFound);
  assert.equal(e.message, "blob abc (file out/lib/x.so) not found in the store");
  const plain = new StoreError(Code.NotFound, "blob abc not found");
  assert.equal(inUserTerms(plain, internal, "out"), plain);
  const aborted = new Error("interrupted (SIGINT)");
  assert.equal(inUserTerms(aborted, internal, "out"), aborted);
});

test("a path outside the export's own is shown as it is", () => {
  assert.equal(message(inUserTerms(errno("EROFS", "mkdir", "/home/u/outside"), internal, "out")), "cannot create the directory /home/u/outside: read-only file system (EROFS)");
  assert.equal(message(inUserTerms(errno("EIO", "open", `${DEST}x`), internal, "out")), `cannot create the file ${DEST}x: input/output error (EIO)`);
});
