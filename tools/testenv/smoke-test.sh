#!/usr/bin/env bash
# Usage: tools/testenv/smoke-test.sh
#
# End-to-end check of the test environment without Jest: the Docker engine is up
# (ensure-dockerd.sh), the images exist (build-images.sh), and both images run
# with a published port (`docker run -p 127.0.0.1::PORT`) reachable from the host:
# Redis answers PING with +PONG, PostgreSQL answers the protocol's SSLRequest
# (so the server itself is reached, not just docker-proxy) and accepts a password
# login for database `berth`.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { echo "[smoke-test] $*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

"$HERE/build-images.sh" # also runs ensure-dockerd.sh

containers=()
cleanup() { [[ ${#containers[@]} -eq 0 ]] || docker rm -f "${containers[@]}" >/dev/null 2>&1 || true; }
trap cleanup EXIT

host_port() { # CONTAINER PORT: the host port published on 127.0.0.1
  docker port "$1" "$2/tcp" | awk -F: '/^127\.0\.0\.1:/ && !found { print $2; found = 1 }'
}

wait_for_log() { # CONTAINER TEXT
  for _ in $(seq 60); do
    [[ "$(docker logs "$1" 2>&1)" == *"$2"* ]] && return 0
    sleep 0.5
  done
  docker logs "$1" >&2 || true
  die "container $1 never logged: $2"
}

redis="$(docker run -d -p 127.0.0.1::6379 berth-test/redis:7)"
containers+=("$redis")
pg="$(docker run -d -p 127.0.0.1::5432 -e POSTGRES_PASSWORD=smoke berth-test/postgres:15)"
containers+=("$pg")

wait_for_log "$redis" 'Ready to accept connections'
port="$(host_port "$redis" 6379)"
exec 3<>"/dev/tcp/127.0.0.1/$port" || die "cannot connect to Redis on 127.0.0.1:$port"
printf 'PING\r\n' >&3
read -r -t 5 reply <&3 || true
exec 3>&-
[[ "$reply" == $'+PONG\r' ]] || die "Redis on 127.0.0.1:$port answered '${reply:-nothing}' to PING"
log "redis: PONG on 127.0.0.1:$port"

wait_for_log "$pg" 'database system is ready to accept connections'
port="$(host_port "$pg" 5432)"
# An SSLRequest (8 bytes) answered with 'N' (no SSL) proves we reach the server itself, not just docker-proxy.
exec 3<>"/dev/tcp/127.0.0.1/$port" || die "cannot connect to PostgreSQL on 127.0.0.1:$port"
printf '\x00\x00\x00\x08\x04\xd2\x16\x2f' >&3
read -r -t 5 -n 1 reply <&3 || true
exec 3>&-
[[ "$reply" == N || "$reply" == S ]] || die "PostgreSQL on 127.0.0.1:$port did not answer an SSLRequest"
[[ "$(docker exec -e PGPASSWORD=smoke "$pg" psql -h 127.0.0.1 -U postgres -d berth -tAc 'SELECT 1')" == 1 ]] ||
  die "password login to PostgreSQL failed"
log "postgres: answers on 127.0.0.1:$port, password login to database berth works"
log "OK"
