#!/usr/bin/env bash
# Issue 3's budget: token issuance and authorization decisions may cost manifest-get at most 10 %.
# Runs ../shared/bench/regbench.mjs --compare with this checkout as "ours", pulling as an ordinary
# project member (a developer of project `regbench`, so every token goes through the project policy),
# against BASE (default: the last commit of issue 2, where only the administrator could pull) as the
# "peer", both started as `npm start` starts them, back to back, RUNS times; then the medians.
#
#   tools/bench/access-overhead.sh [RUNS=3] [BASE=1246d46] [-- extra regbench args]
#
# Results: JSON lines in $OUT (default docs/bench-results/<date>-access-overhead.jsonl).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${BERTH_SHARED:-$ROOT/../shared}
RUNS=${1:-3}; BASE=${2:-1246d46}; shift $(( $# >= 2 ? 2 : $# )); [[ ${1:-} == -- ]] && shift
OUT=${OUT:-$ROOT/docs/bench-results/$(date +%Y-%m-%d)-access-overhead.jsonl}
SCENARIOS=${SCENARIOS:-manifest-get@32,manifest-head@32}
WORK=$(mktemp -d /tmp/berth-access-bench.XXXXXX)
chmod 755 "$WORK"   # embedded PostgreSQL runs as the postgres user
OUR_PORT=${OUR_PORT:-5630}; BASE_PORT=${BASE_PORT:-5640}
mkdir -p "$(dirname "$OUT")"
echo -10 > /proc/self/autogroup 2>/dev/null || true

cleanup() {
  for pid in ${OURS:-} ${THEIRS:-}; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in ${OURS:-} ${THEIRS:-}; do wait "$pid" 2>/dev/null || true; done
  git -C "$ROOT" worktree remove --force "$WORK/base" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building $BASE in $WORK/base" >&2
git -C "$ROOT" worktree add --detach "$WORK/base" "$BASE" > /dev/null
ln -s "$ROOT/node_modules" "$WORK/base/node_modules"
(cd "$WORK/base" && npm run build > "$WORK/base-build.log" 2>&1)

PASS=$(openssl rand -hex 12)
start() { # dir port data → pid
  (cd "$1" && BERTH_DATA_DIR=$3 BERTH_PORT=$2 BERTH_ADMIN_PASSWORD=$PASS BERTH_LOG_LEVEL=warn BERTH_SKIP_BUILD=1 \
    exec node tools/dev/start.js > "$3.log" 2>&1) &
  echo $!
}
wait_healthy() {
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$1/healthz" > /dev/null && return 0; sleep 0.5; done
  echo "registry on port $1 did not start" >&2; exit 1
}
OURS=$(start "$ROOT" "$OUR_PORT" "$WORK/ours")
wait_healthy "$OUR_PORT"
THEIRS=$(start "$WORK/base" "$BASE_PORT" "$WORK/base-data")
wait_healthy "$BASE_PORT"

# An ordinary member: project regbench (regbench's default repository prefix), user bench as developer.
API="http://127.0.0.1:$OUR_PORT/api/v1"
BENCH_PASS=$(openssl rand -hex 12)
curl -sf -u "admin:$PASS" -H 'content-type: application/json' -d '{"name":"regbench","public":false}' "$API/projects" > /dev/null
curl -sf -u "admin:$PASS" -H 'content-type: application/json' -d "{\"username\":\"bench\",\"password\":\"$BENCH_PASS\"}" "$API/users" > /dev/null
curl -sf -u "admin:$PASS" -H 'content-type: application/json' \
  -d '{"subject":{"kind":"user","name":"bench"},"role":"developer"}' "$API/projects/regbench/members" > /dev/null

for run in $(seq 1 "$RUNS"); do
  echo "== run $run/$RUNS" >&2
  node "$SHARED/bench/regbench.mjs" -s "$SCENARIOS" -u "bench:$BENCH_PASS" --pid "$OURS" --label berth-member \
    --compare "http://127.0.0.1:$BASE_PORT" --user2 "admin:$PASS" --pid2 "$THEIRS" --label2 "berth-$BASE-admin" \
    --out "$OUT" "$@" "http://127.0.0.1:$OUR_PORT" > /dev/null
done
node "$ROOT/tools/bench/summarize.mjs" "$OUT"
