// The repository stands on its own: a clone with nothing beside it builds and passes its tests.
// So no tracked file may reach outside the repository — no `../shared/…`, no absolute path into
// the developers' workspace, no relative URL or path that climbs above the root.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";

const root = resolve(new URL("../../", import.meta.url).pathname);
const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((f) => /\.(ts|mjs|js|sh|json|md)$/.test(f) && !f.endsWith("package-lock.json") && !f.includes("/src/gen/"));

test("the repository lists its files (the check below sees them all)", () => {
  assert.ok(files.length > 100, `git ls-files found ${files.length} files`);
  assert.ok(files.includes("packages/core/testdata/fastcdc/README.md"), "test data lives inside the repository");
});

test("no tracked file reads outside the repository", () => {
  const escapes: string[] = [];
  for (const f of files) {
    const text = readFileSync(join(root, f), "utf8");
    if (f !== "test/src/self-contained.test.ts" && /\/work\/shared|\.\.\/shared\/|\/work\/main\//.test(text)) escapes.push(`${f}: names the workspace outside the repository`);
    // Relative specifiers in code: resolved from the file's folder (and, for compiled code, from
    // dist/ beside src/ — the same depth), they must stay inside the root.
    if (!/\.(ts|mjs|js|sh)$/.test(f)) continue;
    for (const m of text.matchAll(/["'`]((?:\.\.\/){2,}[^"'`$]*)["'`]/g)) {
      const target = resolve(dirname(join(root, f)), m[1]!);
      if (relative(root, target).startsWith("..")) escapes.push(`${f}: ${m[1]} resolves outside the repository`);
    }
  }
  assert.deepEqual(escapes, []);
});
