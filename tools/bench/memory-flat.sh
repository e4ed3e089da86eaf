#!/usr/bin/env bash
# Issue 2's memory check: the whole stack's memory stays flat while a 2 GiB blob is pushed and
# pulled. Starts Berth as `npm start` does, samples the RSS of the launcher and every descendant
# (services, PostgreSQL, Redis) every 0.5 s during
#   regbench -s push-large,pull-large --size 2048 --count 1 --no-verify
# and prints before / max / after for the six services and for the whole stack.
#
#   tools/bench/memory-flat.sh [SIZE_MIB=2048]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${BERTH_SHARED:-$ROOT/../shared}
SIZE=${1:-2048}
WORK=$(mktemp -d /tmp/berth-memory.XXXXXX)
chmod 755 "$WORK"
PORT=${PORT:-5650}
PASS=$(openssl rand -hex 12)
cleanup() {
  [[ -n ${SAMPLER:-} ]] && kill "$SAMPLER" 2>/dev/null || true
  [[ -n ${LAUNCHER:-} ]] && { kill -INT "$LAUNCHER" 2>/dev/null; wait "$LAUNCHER" 2>/dev/null || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$ROOT"
BERTH_DATA_DIR=$WORK/berth BERTH_PORT=$PORT BERTH_ADMIN_PASSWORD=$PASS BERTH_LOG_LEVEL=warn BERTH_SKIP_BUILD=1 \
  node tools/dev/start.js > "$WORK/berth.log" 2>&1 &
LAUNCHER=$!
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null && break; sleep 0.5; done

# One line per sample: services_kb stack_kb (RSS summed over processes, not threads).
sample() {
  local pids all svc=0 total=0 rss cmd
  pids=$(pstree -pT "$LAUNCHER" | grep -o '([0-9]\+)' | tr -d '()' | sort -u)
  for p in $pids; do
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
    [[ -z $rss ]] && continue
    cmd=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null || true)
    total=$((total + rss))
    [[ $cmd == *"/services/"*"/main.js"* ]] && svc=$((svc + rss))
  done
  echo "$svc $total"
}
( while true; do sample; sleep 0.5; done ) > "$WORK/samples" &
SAMPLER=$!
sleep 2
node "$SHARED/bench/regbench.mjs" -s push-large,pull-large --size "$SIZE" --count 1 --no-verify \
  -u "admin:$PASS" "http://127.0.0.1:$PORT" > "$WORK/regbench.log"
sleep 2
kill "$SAMPLER"; SAMPLER=
awk -v size="$SIZE" '
  NR == 1 { s0 = $1; t0 = $2 }
  { if ($1 > smax) smax = $1; if ($2 > tmax) tmax = $2; if (smin == "" || $1 < smin) smin = $1; if (tmin == "" || $2 < tmin) tmin = $2; s1 = $1; t1 = $2; n++ }
  END {
    printf "blob %d MiB, %d samples\n", size, n
    printf "six services: before %d MB, min %d MB, max %d MB, after %d MB\n", s0/1024, smin/1024, smax/1024, s1/1024
    printf "whole stack:  before %d MB, min %d MB, max %d MB, after %d MB\n", t0/1024, tmin/1024, tmax/1024, t1/1024
  }' "$WORK/samples"
grep -E "ops/s|MB/s" "$WORK/regbench.log" | head -4
