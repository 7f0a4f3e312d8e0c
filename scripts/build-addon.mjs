// Builds a package's native addon (binding.gyp in the current directory: @castore/blake3-tree,
// @castore/fuse) with the node-gyp that ships with npm. Run by those packages' "build" scripts,
// because npm 11 does not run install scripts without approval and turbo's build is what every
// checkout runs anyway (./scripts/setup.sh).
//   node ../../scripts/build-addon.mjs "WHAT THE BUILD NEEDS (for the error message)"
//
// Offline: node-gyp normally downloads Node's headers from nodejs.org. When the headers of the
// running Node are installed next to it (<prefix>/include/node, e.g. /usr/include/node from the
// Debian/NodeSource nodejs package), they are passed as --nodedir, so nothing is downloaded.
// An explicit npm_config_nodedir (node-gyp reads it itself) takes precedence.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

// `npm run build` runs in the package's directory.
const pkgDir = process.cwd();
const pkgName = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).name;
const needs = process.argv[2] ?? "a C compiler, make and python3 (Debian: build-essential python3)";
const fail = (msg) => {
  console.error(`${pkgName}: ${msg}`);
  process.exit(1);
};

function findNodeGyp() {
  // `npm run` exports the path of npm's own node-gyp.
  const candidates = [process.env.npm_config_node_gyp];
  // Otherwise the global npm installed next to this node (lib/node_modules/npm).
  const prefix = resolve(dirname(process.execPath), "..");
  candidates.push(join(prefix, "lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"));
  const npmRoot = spawnSync("npm", ["root", "-g"], { encoding: "utf8" });
  if (npmRoot.status === 0) candidates.push(join(npmRoot.stdout.trim(), "npm/node_modules/node-gyp/bin/node-gyp.js"));
  return candidates.find((p) => p && existsSync(p));
}

function localHeaders() {
  const prefix = resolve(dirname(process.execPath), "..");
  const versionH = join(prefix, "include/node/node_version.h");
  if (!existsSync(join(prefix, "include/node/node_api.h")) || !existsSync(versionH)) return null;
  // Only the headers of this very Node: common.gypi / config.gypi describe how it was built.
  const h = readFileSync(versionH, "utf8");
  const part = (n) => h.match(new RegExp(`#define NODE_${n}_VERSION (\\d+)`))?.[1];
  const version = `v${part("MAJOR")}.${part("MINOR")}.${part("PATCH")}`;
  return version === process.version ? prefix : null;
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) fail("node-gyp not found (it ships with npm); run ./scripts/setup.sh");
const args = [nodeGyp, "rebuild", "--silent"];
if (!process.env.npm_config_nodedir) {
  const nodedir = localHeaders();
  if (nodedir) args.push(`--nodedir=${nodedir}`);
}
const r = spawnSync(process.execPath, args, { cwd: pkgDir, stdio: "inherit" });
if (r.status !== 0)
  fail(`building the native addon failed; it needs ${needs}, which ./scripts/setup.sh installs`);
