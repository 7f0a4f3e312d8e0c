// Small helpers shared by the benchmark scripts: timing, medians, temp dirs and table output.
// Benchmarks print figures and same-run ratios; they are scripts, never timed tests.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const MiB = 1 << 20;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs fn `runs` times (after `warmup` untimed runs) and returns the median seconds. */
export async function timeIt(fn, { runs = 5, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return median(times);
}

/** Runs a command to completion; throws with its stderr if it fails. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `castore-bench-${prefix}-`));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Prints a markdown table: rows of [label, ...cells]. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => "| " + r.map((c, i) => c.padEnd(w[i])).join(" | ") + " |";
  console.log(line(all[0]));
  console.log("| " + w.map((n) => "-".repeat(n)).join(" | ") + " |");
  for (const r of all.slice(1)) console.log(line(r));
}

export const fmt = (x, digits = 2) => x.toFixed(digits);
