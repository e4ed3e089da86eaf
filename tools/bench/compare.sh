#!/usr/bin/env bash
# Runs ../shared/bench/regbench.mjs --compare: Berth (as `npm start` runs it) against
# the reference registry (CNCF distribution 2.8 from Debian's docker-registry), both on
# this machine, back to back, RUNS times; then prints the medians (summarize.mjs).
#
#   tools/bench/compare.sh [RUNS=3] [PEER_AUTH=token|none] [-- extra regbench args]
#
# Results: JSON lines in $OUT (default docs/bench-results/<date>.jsonl).
# SCENARIOS limits the scenarios (comma list, as regbench -s).
# WARMUP_RUNS (default 1): rounds of WARMUP_SCENARIOS (default push-many-small, 120 images)
# against both registries before the measured runs, not recorded. A fresh Berth pushes its first
# ~100 images at up to twice the CPU per image of a warm one (V8 compiling every service's hot
# paths, PostgreSQL planning per connection); the Go peer has no such start-up cost.
# WARMUP_RUNS=0 measures the cold start.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${BERTH_SHARED:-$ROOT/../shared}
RUNS=${1:-3}; PEER_AUTH=${2:-token}; shift $(( $# >= 2 ? 2 : $# )); [[ ${1:-} == -- ]] && shift
OUT=${OUT:-$ROOT/docs/bench-results/$(date +%Y-%m-%d)-$PEER_AUTH.jsonl}
WORK=$(mktemp -d /tmp/berth-bench.XXXXXX)
chmod 755 "$WORK"   # embedded PostgreSQL runs as the postgres user
OUR_PORT=${OUR_PORT:-5600}; PEER_PORT=${PEER_PORT:-5610}
SCENARIOS=${SCENARIOS:-push-large,push-chunked,pull-large,push-many-small,pull-image,manifest-get,manifest-head,tags-list,catalog}
mkdir -p "$(dirname "$OUT")"

bash "$ROOT/tools/testenv/ensure-apt.sh" docker-registry apache2-utils openssl redis-server
# Same scheduling priority for client and both servers (see shared/bench/README.md).
echo -10 > /proc/self/autogroup 2>/dev/null || true

cleanup() {
  if [[ -n ${LAUNCHER:-} ]]; then kill -INT "$LAUNCHER" 2>/dev/null; wait "$LAUNCHER" 2>/dev/null || true; fi
  [[ -n ${PEER_PID:-} ]] && kill "$PEER_PID" 2>/dev/null || true
  [[ -f $WORK/peer/token.pid ]] && kill "$(cat "$WORK/peer/token.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

PASS=$(openssl rand -hex 12)
cd "$ROOT"
BERTH_DATA_DIR=$WORK/berth BERTH_PORT=$OUR_PORT BERTH_ADMIN_PASSWORD=$PASS BERTH_LOG_LEVEL=warn \
  node tools/dev/start.js > "$WORK/berth.log" 2>&1 &
LAUNCHER=$!
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$OUR_PORT/healthz" > /dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$OUR_PORT/healthz" > /dev/null || { cat "$WORK/berth.log"; echo "berth did not start" >&2; exit 1; }
OUR_PID=$LAUNCHER   # the launcher: regbench counts it and all its descendants (services, PostgreSQL, Redis)

PEER_PID=$(bash "$SHARED/bench/peer-distribution.sh" "$WORK/peer" "$PEER_PORT" "$PEER_AUTH")
PEER_PIDS=$PEER_PID; [[ -f $WORK/peer/token.pid ]] && PEER_PIDS="$PEER_PID,$(cat "$WORK/peer/token.pid")"
sleep 1

PEER_CREDS=(); [[ $PEER_AUTH != none ]] && PEER_CREDS=(--user2 bench:benchpw)
for run in $(seq 1 "${WARMUP_RUNS:-1}"); do
  echo "== warm-up $run/${WARMUP_RUNS:-1} (not recorded)" >&2
  node "$SHARED/bench/regbench.mjs" -s "${WARMUP_SCENARIOS:-push-many-small}" --images 120 -u "admin:$PASS" --label berth \
    --compare "http://127.0.0.1:$PEER_PORT" "${PEER_CREDS[@]}" --label2 "distribution-2.8-$PEER_AUTH" \
    "$@" "http://127.0.0.1:$OUR_PORT" > /dev/null
done
for run in $(seq 1 "$RUNS"); do
  echo "== run $run/$RUNS" >&2
  sync
  node "$SHARED/bench/regbench.mjs" -s "$SCENARIOS" -u "admin:$PASS" --pid "$OUR_PID" --label berth \
    --compare "http://127.0.0.1:$PEER_PORT" "${PEER_CREDS[@]}" --pid2 "$PEER_PIDS" --label2 "distribution-2.8-$PEER_AUTH" \
    --out "$OUT" "$@" "http://127.0.0.1:$OUR_PORT" > /dev/null
done
node "$ROOT/tools/bench/summarize.mjs" "$OUT"
