#!/usr/bin/env bash
# Fails when regenerating the ts-proto output changes it (the committed code is stale).
set -euo pipefail
cd "$(dirname "$0")/../.."
before=$(mktemp -d)
cp -r libs/proto/src/generated "$before/"
bash tools/proto/gen.sh
if ! diff -ru "$before/generated" libs/proto/src/generated; then
  echo "libs/proto is stale: run 'npm run proto:gen' and commit the result" >&2
  exit 1
fi
rm -rf "$before"
echo "libs/proto is up to date"
