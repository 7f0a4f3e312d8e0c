// Deep trees through the CLI on the embedded default, one process per command as a user runs
// them: a 10,000-deep NAR (deeper than any path on disk, as `import-nar` can bring in) through
// import-nar, nar, ls -R and path-info get; and a chain as deep as PATH_MAX allows on disk
// through hash, import, nar and export, compared with `nix-store --dump`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { nixbase32Encode } from "@castore/core";
import { deepChainNar } from "@castore/core/testing";
import { assertSameTree, freshHome, nixDump, ok, okJson } from "@castore/cli/testing";

const work = mkdtempSync(join(tmpdir(), "castore-depth-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

const narHashOf = (nar: Uint8Array): string => `sha256:${nixbase32Encode(createHash("sha256").update(nar).digest())}`;
const TIMEOUT = { timeoutMs: 120_000 };

describe("a 10,000-deep NAR through the CLI", () => {
  const DEPTH = 10_000;
  const home = freshHome({ after });
  const nar = deepChainNar(DEPTH);
  const narFile = join(work, "deep.nar");
  writeFileSync(narFile, nar);
  let imported: Record<string, unknown>;

  test("import-nar ingests it with the NAR's hash and size", async () => {
    imported = await okJson(["import-nar", narFile, "--name", "deep"], { home, ...TIMEOUT });
    assert.equal(imported["narHash"], narHashOf(nar));
    assert.equal(imported["narSize"], nar.length);
    assert.equal(imported["type"], "directory");
  });

  test("nar renders it byte for byte", async () => {
    const out = await ok(["nar", String(imported["storePath"])], { home, ...TIMEOUT });
    assert.ok(out.equals(nar), `castore nar gave ${out.length} bytes, the NAR has ${nar.length}`);
  });

  test("ls -R lists every level, depth first, the file last", async () => {
    const out = (await ok(["ls", String(imported["digest"]), "-R"], { home, ...TIMEOUT })).toString("utf8");
    const lines = out.split("\n");
    assert.equal(lines.pop(), "", "ends with a newline");
    assert.equal(lines.length, DEPTH + 1);
    assert.match(lines[0]!, /^dir +- {2}d\/$/);
    assert.match(lines[1]!, /^dir +- {2}d\/d\/$/);
    assert.equal(lines[DEPTH]!, `file${" ".repeat(11)}14  ${"d/".repeat(DEPTH)}file`);
  });

  test("path-info get shows the NAR's hash and size", async () => {
    const info = await okJson(["path-info", "get", String(imported["storePath"])], { home, ...TIMEOUT });
    assert.equal(info["narHash"], narHashOf(nar));
    assert.equal(info["narSize"], nar.length);
  });
});

describe("a chain of directories as deep as PATH_MAX allows, through the CLI", () => {
  // A short base: every path below it (also the export's temporary name beside DEST), at 2 bytes
  // a level, must stay under PATH_MAX (4096).
  const LEVELS = 1_900;
  const base = mkdtempSync("/tmp/cd-");
  // rm(1), not rmSync: Node 20's recursive remove recurses, and overflows at this depth.
  after(() => execFileSync("rm", ["-rf", base]));
  const home = freshHome({ after });
  const root = `${base}/t`;
  let p = root;
  mkdirSync(p);
  for (let i = 0; i < LEVELS; i++) mkdirSync((p += "/d"));
  writeFileSync(`${p}/file`, "at the bottom\n");
  const expected = nixDump(root);
  let hashed: Record<string, unknown>;
  let imported: Record<string, unknown>;

  test("hash gives nix-store --dump's NAR hash and size", async () => {
    hashed = await okJson(["hash", root], { home, ...TIMEOUT });
    assert.equal(hashed["narHash"], narHashOf(expected));
    assert.equal(hashed["narSize"], expected.length);
  });

  test("import stores it as hash computed it", async () => {
    imported = await okJson(["import", root], { home, ...TIMEOUT });
    for (const k of ["digest", "size", "narHash", "narSize", "storePath"]) assert.equal(imported[k], hashed[k], k);
  });

  test("nar writes what nix-store --dump writes", async () => {
    const out = await ok(["nar", String(imported["storePath"])], { home, ...TIMEOUT });
    assert.ok(out.equals(expected), `castore nar gave ${out.length} bytes, nix-store --dump ${expected.length}`);
  });

  test("export writes it back, as nix-store --dump reads it", async () => {
    const dest = `${base}/o`;
    await ok(["export", String(imported["digest"]), dest], { home, ...TIMEOUT });
    assertSameTree(dest, root);
    assert.ok(nixDump(dest).equals(expected));
  });
});
