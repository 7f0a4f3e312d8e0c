import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { withLock } from "./lock.js";

const dir = mkdtempSync(join(tmpdir(), "castore-lock-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that just belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

test("only one holder at a time runs, and the lock is gone afterwards", async () => {
  const path = join(dir, "one-at-a-time.lock");
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: 8 }, () =>
      withLock(path, async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((r) => setTimeout(r, 10));
        inside--;
      }),
    ),
  );
  assert.equal(most, 1);
  assert.equal(existsSync(path), false);
});

test("a lock left by a process that died is broken at once", async () => {
  const path = join(dir, "stale.lock");
  writeFileSync(path, `${deadPid()} abc\n`);
  const t0 = Date.now();
  assert.equal(await withLock(path, async () => readFileSync(path, "utf8").split(" ")[0], { timeoutMs: 2000 }), String(process.pid));
  assert.ok(Date.now() - t0 < 1000);
});

test("an empty lock file is trusted for a grace period, then broken", async () => {
  const path = join(dir, "empty.lock");
  writeFileSync(path, "");
  const t0 = Date.now();
  await withLock(path, async () => undefined, { emptyGraceMs: 300, timeoutMs: 5000 });
  assert.ok(Date.now() - t0 >= 250, "waited for the grace period");
});

test("a lock held by a live process times out with a message naming the file and the pid", async () => {
  const path = join(dir, "live.lock");
  writeFileSync(path, `${process.ppid} abc\n`);
  await assert.rejects(withLock(path, async () => undefined, { timeoutMs: 200 }), {
    message: new RegExp(`${path} is held by pid ${process.ppid}`),
  });
});
