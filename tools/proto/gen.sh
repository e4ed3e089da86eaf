#!/usr/bin/env bash
# Regenerates libs/proto/src/generated from proto/ with buf + ts-proto.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf libs/proto/src/generated
(cd proto && ../node_modules/.bin/buf lint && ../node_modules/.bin/buf generate)
