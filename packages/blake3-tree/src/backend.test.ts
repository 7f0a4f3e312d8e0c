// How the implementation is chosen: the TypeScript reference only on request
// (CASTORE_BLAKE3_TREE=js, with one warning), and a clear error — not a silent slow fallback —
// when the addon is missing.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const distDir = fileURLToPath(new URL(".", import.meta.url));

const probe = (indexUrl: string) => `
  const t = await import(${JSON.stringify(indexUrl)});
  const h = new t.TreeHasher(); h.update(new Uint8Array(40000).fill(1));
  console.log(JSON.stringify([t.backend, Buffer.from(h.finish().root).toString("hex"),
    Buffer.from(t.hashRoot(new Uint8Array(0))).toString("hex")]));`;

test("CASTORE_BLAKE3_TREE=js selects the TypeScript reference, with one warning on stderr", () => {
  const url = new URL("./index.js", import.meta.url).href;
  const run = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, ["--input-type=module", "-e", probe(url)], { env: { ...process.env, ...env }, encoding: "utf8" });
  const js = run({ CASTORE_BLAKE3_TREE: "js" });
  const nat = run({ CASTORE_BLAKE3_TREE: "" });
  assert.equal(js.status, 0, js.stderr);
  const [backend, root, empty] = JSON.parse(js.stdout) as string[];
  assert.equal(backend, "js");
  assert.equal(js.stderr.match(/CASTORE_BLAKE3_TREE=js/g)?.length, 1, js.stderr);
  // printf '' | b3sum
  assert.equal(empty, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
  assert.equal(nat.status, 0, nat.stderr);
  assert.equal(nat.stderr, "");
  assert.deepEqual(JSON.parse(nat.stdout), ["native", root, empty]);
});

test("without the built addon, hashing fails with a pointer to ./scripts/setup.sh", () => {
  const dir = mkdtempSync(join(tmpdir(), "castore-b3t-nobuild-"));
  try {
    cpSync(distDir, join(dir, "dist"), { recursive: true }); // no build/ next to it
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
    const url = new URL(`file://${join(dir, "dist", "index.js")}`).href;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", probe(url)], {
      env: { ...process.env, CASTORE_BLAKE3_TREE: "" },
      encoding: "utf8",
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /native addon is not built/);
    assert.match(r.stderr, /\.\/scripts\/setup\.sh/);
    assert.match(r.stderr, /CASTORE_BLAKE3_TREE=js/);
    // Importing alone works and reports the state.
    const state = execFileSync(process.execPath, ["--input-type=module", "-e", `const t = await import(${JSON.stringify(url)}); console.log(t.backend)`], {
      env: { ...process.env, CASTORE_BLAKE3_TREE: "" },
      encoding: "utf8",
    });
    assert.equal(state.trim(), "missing");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
