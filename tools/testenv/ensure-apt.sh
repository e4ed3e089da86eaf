#!/usr/bin/env bash
# Usage: tools/testenv/ensure-apt.sh PKG...
#
# Installs the Debian packages among PKG... that are not installed yet.
# Quiet (no output) when everything is already installed. `apt-get update`
# runs at most once per invocation, and is skipped entirely when another
# ensure-apt run refreshed the package lists in the last hour (stamp file),
# so chained scripts (ensure-dockerd, build-images) do not update twice.
#
# Needs root (or passwordless sudo) only when something must be installed.
set -euo pipefail

log() { echo "[ensure-apt] $*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

if [[ $# -eq 0 ]]; then
  die "usage: $0 PKG..."
fi

is_installed() {
  # Capture first: `dpkg -s | grep -q` can fail under pipefail (SIGPIPE once grep exits).
  local status
  status="$(dpkg -s "$1" 2>/dev/null)" || return 1
  [[ $'\n'"$status"$'\n' == *$'\nStatus: install ok installed\n'* ]]
}

missing=()
for pkg in "$@"; do
  if ! is_installed "$pkg"; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

command -v apt-get >/dev/null 2>&1 ||
  die "missing packages (${missing[*]}) and apt-get is not available: this setup needs a Debian/Ubuntu host"

SUDO=()
if [[ $EUID -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    die "missing packages (${missing[*]}); installing them needs root. Run as root or: sudo apt-get install -y ${missing[*]}"
  fi
fi

export DEBIAN_FRONTEND=noninteractive
STAMP=/tmp/berth-testenv.apt-updated
APT_OUT="$(mktemp "${TMPDIR:-/tmp}/berth-testenv.apt.XXXXXX")"
trap 'rm -f "$APT_OUT"' EXIT

apt_update() {
  log "apt-get update"
  if ! "${SUDO[@]}" apt-get update -qq >"$APT_OUT" 2>&1; then
    cat "$APT_OUT" >&2
    die "apt-get update failed; check network access to the mirrors in /etc/apt/sources.list(.d)"
  fi
  touch "$STAMP" 2>/dev/null || true
}

apt_install() {
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$APT_OUT" 2>&1
}

log "installing: ${missing[*]}"
updated=0
if [[ -z "$(find "$STAMP" -mmin -60 2>/dev/null)" ]]; then
  apt_update
  updated=1
fi
if ! apt_install; then
  if [[ $updated -eq 0 ]]; then
    # Package lists may be stale even though another run refreshed them recently.
    apt_update
    apt_install || {
      cat "$APT_OUT" >&2
      die "apt-get install ${missing[*]} failed (output above)"
    }
  else
    cat "$APT_OUT" >&2
    die "apt-get install ${missing[*]} failed (output above)"
  fi
fi

for pkg in "${missing[@]}"; do
  is_installed "$pkg" || die "$pkg still not installed after apt-get install"
done
log "installed: ${missing[*]}"
