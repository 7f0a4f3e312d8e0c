// Progress of nar, import-nar, export and import: on a terminal a bar on stderr, with a total and
// a percentage where the size is known, in binary units; on a pipe nothing at all. The terminal
// is util-linux `script`, which runs the command on a pseudo-terminal and copies what it shows.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { bin, bytes, castore, childEnv, freshHome, okJson } from "./cli.test-util.js";

const work = mkdtempSync(join(tmpdir(), "castore-progress-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;
const hasScript = spawnSync("script", ["--version"]).status === 0;

/** What a terminal shows while `castore ARGS [> stdoutTo]` runs on it (stderr and stdout). */
function onTerminal(home: string, args: string[], stdoutTo?: string): string {
  const cmd = [process.execPath, bin, ...args].map(quote).join(" ") + (stdoutTo === undefined ? "" : ` > ${quote(stdoutTo)}`);
  const r = spawnSync("script", ["-qec", cmd, "/dev/null"], { env: childEnv(home), encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `castore ${args.join(" ")} on a terminal: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** A bar with a total: `LABEL [###…] done/total MiB  N%  rate MiB/s`. */
const withTotal = (label: string): RegExp => new RegExp(`${label} \\[[#.]{24}\\] (\\d+ files?, )?\\d+\\.\\d/\\d+\\.\\d MiB  \\d+%  \\d+\\.\\d (KiB|MiB|GiB)/s`);
/** A counter without a total: `LABEL [N files, ]done MiB  rate MiB/s`. */
const withoutTotal = (label: string): RegExp => new RegExp(`${label} (\\d+ files?, )?\\d+\\.\\d MiB  \\d+\\.\\d (KiB|MiB|GiB)/s`);

describe("progress on a terminal, and none on a pipe", { skip: hasScript ? false : "util-linux script is not installed" }, () => {
  const home = freshHome({ after });
  const file = join(work, "six-mib");
  const tree = join(work, "tree");
  const nar = join(work, "six-mib.nar");
  let fileImport: Record<string, unknown>;
  let treeImport: Record<string, unknown>;

  before(async () => {
    writeFileSync(file, bytes(6 << 20, 17));
    mkdirSync(tree);
    writeFileSync(join(tree, "data"), bytes(6 << 20, 18));
    const dump = spawnSync("nix-store", ["--dump", file], { maxBuffer: 64 << 20 });
    assert.equal(dump.status, 0);
    writeFileSync(nar, dump.stdout);
    treeImport = await okJson(["import", tree], { home });
    fileImport = await okJson(["import", file], { home });
  });

  test("import of a file shows its total and a percentage; of a tree, files and bytes so far", () => {
    assert.match(onTerminal(home, ["import", file]), withTotal("import"));
    const again = join(work, "tree-again");
    mkdirSync(again);
    writeFileSync(join(again, "data"), bytes(6 << 20, 19));
    const treeShown = onTerminal(home, ["import", again]);
    assert.match(treeShown, withoutTotal("import 1 file,"));
    assert.doesNotMatch(treeShown, /%/);
  });

  test("nar of a store path shows the NAR size from its path info; of a directory digest, bytes so far", () => {
    assert.match(onTerminal(home, ["nar", String(treeImport["storePath"])], "/dev/null"), withTotal("nar"));
    assert.match(onTerminal(home, ["nar", String(fileImport["digest"])], "/dev/null"), withTotal("nar"), "a file's NAR size follows from its size");
    const byDigest = onTerminal(home, ["nar", String(treeImport["digest"])], "/dev/null");
    assert.match(byDigest, withoutTotal("nar"));
    assert.doesNotMatch(byDigest, /%/);
  });

  test("import-nar of a file shows its size as the total; export of a file too", () => {
    assert.match(onTerminal(home, ["import-nar", nar, "--name", "six-mib"]), withTotal("import-nar"));
    assert.match(onTerminal(home, ["export", String(fileImport["storePath"]), join(work, "exported")]), withTotal("export"));
    assert.match(onTerminal(home, ["export", String(treeImport["storePath"]), join(work, "exported-tree")]), withoutTotal("export 1 file,"));
  });

  test("on a pipe the same commands print nothing on stderr", async () => {
    const runs: string[][] = [
      ["import", file],
      ["nar", String(treeImport["storePath"])],
      ["nar", String(treeImport["digest"])],
      ["import-nar", nar, "--name", "six-mib"],
      ["export", String(fileImport["storePath"]), join(work, "exported-piped")],
    ];
    for (const args of runs) {
      const r = await castore(args, { home });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, "", `castore ${args.join(" ")}`);
    }
  });
});
