// `npm test`: builds everything (turbo: generate -> build), then runs every package's compiled
// tests in one node:test run, so the suite ends with a single summary. Tests start their own
// nats-server processes on free ports; Nix runs without a daemon and without substituters.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
  NIX_CONFIG: process.env.NIX_CONFIG || "experimental-features = nix-command\nsubstituters =",
};

const build = spawnSync("npx", ["--no-install", "turbo", "run", "build", "--output-logs=errors-only"], {
  cwd: root,
  env,
  stdio: "inherit",
});
if (build.status !== 0) process.exit(build.status ?? 1);

const dirs = [];
for (const group of ["packages", "services"]) {
  if (!existsSync(join(root, group))) continue;
  for (const pkg of readdirSync(join(root, group))) {
    const dist = join(root, group, pkg, "dist");
    if (existsSync(dist)) dirs.push(dist);
  }
}
if (existsSync(join(root, "test", "dist"))) dirs.push(join(root, "test", "dist"));

const extra = process.argv.slice(2);
const run = spawnSync(
  process.execPath,
  ["--enable-source-maps", "--test", "--test-concurrency=2", ...extra, ...dirs],
  { cwd: root, env, stdio: "inherit" },
);
process.exit(run.status ?? 1);
