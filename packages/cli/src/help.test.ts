// Every command answers --help (exit 0, a Usage line, its options, the environment it reads),
// `castore --version` prints the version, and argument mistakes get plain sentences.
import assert from "node:assert/strict";
import { test } from "node:test";
import { castore } from "./cli.test-util.js";

const COMMANDS = [
  ["import"],
  ["export"],
  ["ls"],
  ["cat"],
  ["nar"],
  ["hash"],
  ["import-nar"],
  ["path-info"],
  ["path-info", "get"],
  ["path-info", "list"],
  ["path-info", "put"],
  ["path-info", "delete"],
  ["blob"],
  ["blob", "put"],
  ["blob", "stat"],
  ["serve"],
  ["stop"],
  ["fsck"],
  ["copy"],
  ["gc"],
  ["pin"],
  ["unpin"],
  ["mount"],
];
const STORELESS = new Set(["hash", "stop", "blob", "path-info"]);

for (const cmd of COMMANDS) {
  test(`castore ${cmd.join(" ")} --help shows its usage, options and environment`, async () => {
    for (const flag of ["--help", "-h"]) {
      const r = await castore([...cmd, flag]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, "");
      const out = r.stdout.toString();
      assert.match(out, new RegExp(`^Usage: castore ${cmd.join(" ")}`));
      if (cmd.length === 1 && (cmd[0] === "blob" || cmd[0] === "path-info")) continue;
      assert.match(out, /\nOptions:\n/);
      assert.match(out, /-h, --help +show this help/);
      if (!STORELESS.has(cmd[0]!)) {
        assert.match(out, /--nats URLS/);
        assert.match(out, /CASTORE_NATS_URL +same as --nats/);
        assert.match(out, /CASTORE_HOME/);
      }
    }
  });
}

test("castore --help lists every command; castore --version prints the version", async () => {
  const r = await castore(["--help"]);
  assert.equal(r.code, 0);
  for (const cmd of COMMANDS) if (cmd.length === 1) assert.match(r.stdout.toString(), new RegExp(`\\n  ${cmd[0]} `));
  const v = await castore(["--version"]);
  assert.equal(v.code, 0);
  assert.match(v.stdout.toString(), /^castore \d+\.\d+\.\d+\n$/);
});

test("argument mistakes are plain sentences, exit 1, nothing on stdout", async () => {
  const d = "0".repeat(64);
  const cases: [string[], RegExp][] = [
    [["cat", d, "--offset", "-5"], /^castore cat: --offset needs a value; for one that starts with "-", write --offset=VALUE$/],
    [["cat", d, "--offset=-5"], /^castore cat: --offset must be a non-negative integer, got "-5"$/],
    [["cat", d, "--bogus"], /^castore cat: unknown option --bogus \(see --help\)$/],
    [["cat", d, "--read", "fast"], /^castore cat: --read must be service or direct, got "fast"$/],
    [["ls", "--json=yes", "x"], /^castore ls: --json takes no value$/],
    [["export", "x"], /^castore export: missing DEST; usage: castore export REF DEST/],
    [["hash", "a", "b"], /^castore hash: unexpected argument "b"; usage: castore hash PATH/],
    [["blob"], /^castore blob: missing subcommand put or stat/],
    [["path-info", "frob"], /^castore path-info: unknown subcommand "frob"/],
    [["frob"], /^castore: unknown command "frob"; `castore --help` lists the commands$/],
    [["import-nar", "x.nar"], /^castore import-nar: --name NAME is required/],
  ];
  for (const [args, want] of cases) {
    const r = await castore(args, { env: { CASTORE_HOME: "/nonexistent-castore-home" } });
    assert.equal(r.code, 1, args.join(" "));
    assert.equal(r.stdout.length, 0, args.join(" "));
    assert.match(r.stderr.trimEnd(), want, args.join(" "));
  }
});

test("scripts/install-bin.sh puts castore and the service commands on PATH", async () => {
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { spawnSync } = await import("node:child_process");
  const dir = mkdtempSync(join(tmpdir(), "castore-bin-test-"));
  try {
    const script = new URL("../../../scripts/install-bin.sh", import.meta.url).pathname;
    const inst = spawnSync("bash", [script, dir], { encoding: "utf8" });
    assert.equal(inst.status, 0, inst.stderr);
    const env = { ...process.env, PATH: `${dir}:/usr/bin:/bin` };
    // Run from elsewhere: the wrappers must not depend on the working directory.
    const v = spawnSync("castore", ["--version"], { cwd: tmpdir(), env, encoding: "utf8" });
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /^castore \d+\.\d+\.\d+\n$/);
    for (const svc of ["castore-blob", "castore-directory", "castore-pathinfo"]) {
      const h = spawnSync(svc, ["--help"], { cwd: tmpdir(), env, encoding: "utf8" });
      assert.equal(h.status, 0, h.stderr);
      assert.match(h.stdout, new RegExp(`^Usage: ${svc} `));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
