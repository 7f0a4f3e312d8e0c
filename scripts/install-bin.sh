#!/usr/bin/env bash
# Puts `castore` and the services' own commands (castore-blob, castore-directory,
# castore-pathinfo) on PATH: small wrappers in BINDIR (default ~/.local/bin) that run this
# checkout's built code with the node that runs this script. Run ./scripts/setup.sh first.
#   ./scripts/install-bin.sh [BINDIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bindir="${1:-${HOME}/.local/bin}"
node="$(command -v node)"

if [ ! -f "$root/packages/cli/dist/main.js" ]; then
  echo "install-bin: not built yet; run ./scripts/setup.sh first" >&2
  exit 1
fi
mkdir -p "$bindir"
install_one() { # NAME TARGET
  local tmp="$bindir/.$1.$$"
  printf '#!/bin/sh\n# Installed by %s/scripts/install-bin.sh\nexec "%s" "%s" "$@"\n' "$root" "$node" "$2" > "$tmp"
  chmod 755 "$tmp"
  mv -f "$tmp" "$bindir/$1"
  echo "install-bin: $bindir/$1" >&2
}
install_one castore "$root/packages/cli/bin/castore.js"
install_one castore-blob "$root/services/blob/bin/castore-blob.js"
install_one castore-directory "$root/services/directory/bin/castore-directory.js"
install_one castore-pathinfo "$root/services/pathinfo/bin/castore-pathinfo.js"

case ":$PATH:" in
  *":$bindir:"*) ;;
  *) echo "install-bin: $bindir is not on your PATH; add it, e.g. export PATH=\"$bindir:\$PATH\"" >&2 ;;
esac
