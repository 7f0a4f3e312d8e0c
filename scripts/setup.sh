#!/usr/bin/env bash
# Idempotent set-up on a fresh Debian/Ubuntu machine with Node 20 and git: system tools through
# apt (as root, or with passwordless sudo; otherwise it names what is missing), npm packages
# from the committed lockfile, then the build. Quick when everything is already in place.
# Everything it prints goes to stderr, so `setup.sh && castore ... --json` keeps stdout clean.
set -euo pipefail
exec 1>&2
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  say "castore needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))"
  exit 1
fi

# command -> Debian package. nats-server runs the stores; nix-bin, b3sum and protoc are the
# outside tools the tests take golden values from; chromium is the headless browser the
# nar-bridge's page is tested in (driven by playwright-core, which downloads no browser). cc, make
# and python3 are what node-gyp needs to compile @castore/blake3-tree's native addon during the
# build (Node's own headers come with the nodejs package, /usr/include/node, so nothing is
# downloaded). `castore mount` is @castore/fuse's native binding over libfuse3 (built against
# libfuse3-dev's headers; fuse3 brings fusermount3 and the library); its tests walk the mount with
# getfattr (attr) among others.
declare -A tools=([nats-server]=nats-server [nix-store]=nix-bin [b3sum]=b3sum [protoc]=protobuf-compiler
  [chromium]=chromium [cc]=build-essential [make]=build-essential [python3]=python3
  [fusermount3]=fuse3 [getfattr]=attr)
missing=()
for cmd in "${!tools[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("${tools[$cmd]}")
done
# Headers, not commands.
[ -f /usr/include/fuse3/fuse_lowlevel.h ] || missing+=(libfuse3-dev)
# deploy/'s test parses the compose and Kubernetes YAML with PyYAML.
python3 -c 'import yaml' >/dev/null 2>&1 || missing+=(python3-yaml)
# cc and make come from one package: name it once.
if [ ${#missing[@]} -gt 0 ]; then mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u); fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    say "missing system packages: ${missing[*]}"
    say "install them with: sudo apt-get install -y ${missing[*]}   (or run this script as root)"
    exit 1
  fi
  say "installing ${missing[*]} with apt-get"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci only when the lockfile changed since the last install.
stamp=node_modules/.castore-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
npx --no-install turbo run build --output-logs=errors-only --log-prefix=none >/dev/null || {
  say "build failed; rerunning with full output"
  npx --no-install turbo run build --output-logs=full --force
  exit 1
}
