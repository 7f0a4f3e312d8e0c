import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { lstatSync, readdirSync } from "node:fs";
import { test } from "node:test";
import { NIX_ENV, b, cases, describe, diskTree, emptyDir, fresh, hex, nixDump, pieces, sha } from "./nar-test-trees.js";
import { restoreNar } from "./nar-restore.js";
import { compareNames } from "./nodes.js";

const nixRestore = (dest: string, nar: Uint8Array): void => {
  execFileSync("nix-store", ["--restore", dest], { env: NIX_ENV, input: nar });
};

/** Every mode bit of every non-symlink below `path`, for comparing two restores. */
function modes(path: Buffer, rel = ""): string[] {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return [];
  const own = [`${rel || "."} ${(st.mode & 0o7777).toString(8)}`];
  if (!st.isDirectory()) return own;
  const names = readdirSync(path, { encoding: "buffer" }).sort(compareNames);
  return own.concat(...names.map((n) => modes(Buffer.concat([path, b("/"), n]), `${rel}/${hex(n)}`)));
}

for (const [label, make] of cases) {
  test(`restoreNar of ${label} writes what nix-store --restore writes`, async () => {
    const nar = nixDump(make());
    const ours = fresh("restore-ours");
    const theirs = fresh("restore-nix");
    const summary = await restoreNar(pieces(nar, 70_000), ours);
    nixRestore(theirs, nar);
    assert.deepEqual(describe(diskTree(b(ours))), describe(diskTree(b(theirs))));
    assert.deepEqual(modes(b(ours)), modes(b(theirs)));
    assert.equal(summary.narSize, BigInt(nar.length));
    assert.equal(hex(summary.narSha256), sha(nar));
  });
}

test("restoreNar does not write over an existing path", async () => {
  const dest = emptyDir();
  await assert.rejects(restoreNar([nixDump(emptyDir())], dest), { code: "EEXIST" });
});
