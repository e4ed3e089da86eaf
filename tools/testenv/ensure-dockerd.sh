#!/usr/bin/env bash
# Usage: tools/testenv/ensure-dockerd.sh
#
# Makes sure a Docker engine answers on /var/run/docker.sock. If none does,
# installs docker.io (via ensure-apt.sh) and starts `dockerd` in the background
# without systemd, logging to $BERTH_DOCKERD_LOG. It then runs a probe
# container (built locally from tini-static, nothing is pulled) to prove that
# the storage driver and runtime work. When a configuration fails, it falls
# back to the next one:
#
#   1. dockerd defaults (overlay2, docker0 bridge, iptables NAT)
#   2. --iptables=false          (published ports served by docker-proxy)
#   3. --iptables=false --storage-driver=vfs   (slow, but works anywhere)
#
# Environment:
#   BERTH_DOCKERD_ARGS     extra dockerd arguments; when set, only this config is tried
#   BERTH_DOCKERD_LOG      log file (default /var/log/berth-dockerd.log)
#   BERTH_DOCKERD_TIMEOUT  seconds to wait for each start attempt (default 60)
#
# The daemon is left running on purpose (next runs reuse it). Stop it with:
#   kill "$(cat /var/run/docker.pid)"
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOG="${BERTH_DOCKERD_LOG:-/var/log/berth-dockerd.log}"
TIMEOUT="${BERTH_DOCKERD_TIMEOUT:-60}"
SOCK=/var/run/docker.sock
PROBE_IMAGE=berth-test/probe:tini

log() { echo "[ensure-dockerd] $*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

docker_ok() {
  command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1
}

describe() {
  docker info --format 'Docker {{.ServerVersion}}, storage driver {{.Driver}}' 2>/dev/null || echo "Docker"
}

if [[ -n "${DOCKER_HOST:-}" && "$DOCKER_HOST" != "unix://$SOCK" ]]; then
  docker_ok || die "DOCKER_HOST=$DOCKER_HOST does not answer, and this script only starts a local daemon on $SOCK"
  log "using DOCKER_HOST=$DOCKER_HOST ($(describe))"
  exit 0
fi

if docker_ok; then
  log "engine already running ($(describe))"
  exit 0
fi

if [[ $EUID -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n --preserve-env=BERTH_DOCKERD_ARGS,BERTH_DOCKERD_LOG,BERTH_DOCKERD_TIMEOUT,TMPDIR "$0" "$@"
  fi
  die "no Docker engine answers on $SOCK and starting dockerd needs root (or passwordless sudo)"
fi

"$HERE/ensure-apt.sh" docker.io
command -v dockerd >/dev/null 2>&1 || die "dockerd not found after installing docker.io"

# Two test runs starting at once must not start two daemons.
LOCK=/tmp/berth-testenv.dockerd.lock
exec 9>"$LOCK"
flock -w $((TIMEOUT * 4)) 9 || die "timed out waiting for the lock $LOCK (another ensure-dockerd.sh is running?)"

if docker_ok; then
  log "engine already running ($(describe))"
  exit 0
fi

wait_for() { # PID: waits for `docker info`; 0 = up, 1 = dockerd exited, 2 = timeout
  local pid=$1 deadline=$((SECONDS + TIMEOUT))
  while ((SECONDS < deadline)); do
    docker_ok && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  return 2
}

stop_dockerd() { # PID
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 40); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
}

# Proves that the storage driver and runtime can run a container: imports a
# one-file image (tini-static, shipped with docker.io) and runs it.
probe() {
  local tini
  tini="$(command -v tini-static || true)"
  [[ -n "$tini" ]] || tini=/usr/bin/tini-static
  if [[ ! -x "$tini" ]]; then
    log "tini-static not found, skipping the container probe"
    return 0
  fi
  if ! docker image inspect "$PROBE_IMAGE" >/dev/null 2>&1; then
    tar -C "$(dirname "$tini")" -c --transform "s|^$(basename "$tini")\$|tini|" "$(basename "$tini")" |
      docker import --change 'CMD ["/tini", "--version"]' - "$PROBE_IMAGE" >/dev/null || return 1
  fi
  timeout 60 docker run --rm "$PROBE_IMAGE" >/dev/null 2>>"$LOG"
}

if pid="$(pgrep -x dockerd)"; then
  log "a dockerd (pid ${pid//$'\n'/ }) is running but does not answer; waiting up to ${TIMEOUT}s"
  if wait_for "${pid%%$'\n'*}"; then
    log "engine ready ($(describe))"
    exit 0
  fi
  die "dockerd (pid ${pid//$'\n'/ }) is running but $SOCK does not answer; see $LOG or stop it"
fi

if [[ -n "${BERTH_DOCKERD_ARGS:-}" ]]; then
  configs=("$BERTH_DOCKERD_ARGS")
else
  configs=("" "--iptables=false" "--iptables=false --storage-driver=vfs")
fi

mkdir -p "$(dirname "$LOG")"
for config in "${configs[@]}"; do
  read -r -a args <<<"$config"
  log "starting dockerd ${config:-(defaults)}; log: $LOG"
  echo "=== $(date -Is) ensure-dockerd: dockerd ${config}" >>"$LOG"
  # setsid: the daemon must outlive the caller (a Jest global setup, a CI step).
  setsid dockerd "${args[@]}" >>"$LOG" 2>&1 </dev/null &
  pid=$!
  status=0
  wait_for "$pid" || status=$?
  if [[ $status -eq 0 ]]; then
    if probe; then
      log "engine ready ($(describe)), pid $pid"
      exit 0
    fi
    log "dockerd started but could not run a probe container; trying the next configuration"
  elif [[ $status -eq 1 ]]; then
    log "dockerd exited during startup:"
    { tail -n 40 "$LOG" | grep -E 'level=(error|fatal)|failed to start' || tail -n 5 "$LOG"; } |
      tail -n 5 | sed 's/^/    /' >&2
  else
    log "dockerd did not answer within ${TIMEOUT}s"
  fi
  stop_dockerd "$pid"
done

tried=""
for config in "${configs[@]}"; do tried+=" [dockerd ${config:-(defaults)}]"; done
die "could not start a working Docker engine; tried:$tried; see $LOG"
