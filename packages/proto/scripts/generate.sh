#!/usr/bin/env bash
# Regenerates src/gen from proto/ with protobufjs-cli. The output is committed and never edited
# by hand; run `npm run generate` after changing a .proto file and commit both together.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/gen
mkdir -p "$out"
mapfile -t protos < <(cd proto && find . -name '*.proto' | sed 's|^\./||' | LC_ALL=C sort)
pbjs=../../node_modules/.bin/pbjs
pbts=../../node_modules/.bin/pbts
"$pbjs" -t static-module -w es6 -p proto --no-delimited --no-verify --no-convert \
  -o "$out/protos.js" "${protos[@]/#/proto/}"
# protobufjs is CommonJS without an "exports" map: Node ESM needs the file extension and a
# default import (a namespace import would not see its properties).
sed -i "s|^import \* as \$protobuf from \"protobufjs/minimal\";|import \$protobuf from \"protobufjs/minimal.js\";|" "$out/protos.js"
"$pbts" --no-comments -o "$out/protos.d.ts" "$out/protos.js"
sed -i 's|from "protobufjs"|from "protobufjs/minimal.js"|' "$out/protos.d.ts"
