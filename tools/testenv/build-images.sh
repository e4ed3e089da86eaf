#!/usr/bin/env bash
# Usage: tools/testenv/build-images.sh [--force]
#
# Builds, offline (nothing is pulled from a registry), the local images used by
# the integration tests:
#
#   berth-test/postgres:15   Debian bookworm + postgresql-15, entrypoint images/postgres-entrypoint.sh
#   berth-test/redis:7       Debian bookworm + redis-server 7.0, no persistence
#
# Each image is a Debian root file system made by mmdebstrap from the host's apt
# mirror, streamed into `docker import`. An image is skipped when its tag exists
# and its label org.berth.testenv.recipe matches the hash of its recipe (the
# mmdebstrap options and import changes below, plus the entrypoint script):
# editing a recipe rebuilds that image on the next run.
#
# Environment:
#   BERTH_TESTENV_MIRROR           Debian archive URL (default: the host's, from
#                                  /etc/apt/sources.list(.d), else http://deb.debian.org/debian)
#   BERTH_TESTENV_SECURITY_MIRROR  Debian security URL (default: the host's, else none; "" = none)
#   BERTH_TESTENV_REBUILD=1        same as --force
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SUITE=bookworm
PG_IMAGE=berth-test/postgres:15
REDIS_IMAGE=berth-test/redis:7
RECIPE_LABEL=org.berth.testenv.recipe
PG_ENTRYPOINT="$HERE/images/postgres-entrypoint.sh"

log() { echo "[build-images] $*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

force="${BERTH_TESTENV_REBUILD:-0}"
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    *) die "unknown argument: $arg (usage: $0 [--force])" ;;
  esac
done

# --- Recipes ------------------------------------------------------------------

# mmdebstrap options shared by both images.
common_args=(
  --variant=apt
  --mode=root
  --format=tar
  # Snapshot mirrors serve Release files whose Valid-Until has passed.
  --aptopt='Acquire::Check-Valid-Until "false"'
  --aptopt='Acquire::Languages "none"'
  --aptopt='APT::Install-Recommends "false"'
  # Keep the images small: no docs, man pages or translations.
  --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-exclude=/usr/share/lintian/*'
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*.log "$1"/var/cache/debconf/*-old'
)

pg_args=(
  --include=postgresql-15
  # JIT is useless for tests. Without llvmjit.so PostgreSQL simply runs with JIT
  # unavailable; dropping LLVM (and z3, used only by LLVM) saves ~150 MB.
  --dpkgopt='path-exclude=/usr/lib/postgresql/*/lib/llvmjit*'
  --dpkgopt='path-exclude=/usr/lib/postgresql/*/lib/bitcode/*'
  --dpkgopt='path-exclude=/usr/lib/*/libLLVM-*'
  --dpkgopt='path-exclude=/usr/lib/*/libz3.so*'
  --customize-hook="upload $PG_ENTRYPOINT /usr/local/bin/berth-postgres-entrypoint"
  --customize-hook='chmod 0755 "$1/usr/local/bin/berth-postgres-entrypoint"'
  # The package's default cluster (15/main) is not used: the entrypoint runs initdb.
  --customize-hook='rm -rf "$1"/var/lib/postgresql/15 "$1"/etc/postgresql/15'
)
pg_changes=(
  'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  'ENV LANG=C.UTF-8 PGDATA=/var/lib/postgresql/data'
  'EXPOSE 5432'
  'ENTRYPOINT ["/usr/local/bin/berth-postgres-entrypoint"]'
  # Durability is not needed in tests.
  'CMD ["postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]'
)

redis_args=(--include=redis-server)
redis_changes=(
  'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  'ENV LANG=C.UTF-8'
  'EXPOSE 6379'
  'USER redis'
  'WORKDIR /var/lib/redis'
  'CMD ["redis-server", "--protected-mode", "no", "--save", "", "--appendonly", "no"]'
)

recipe_hash() { # EXTRA-FILE|"" ARGS...: hash of everything that shapes an image
  local file=$1
  shift
  {
    # Independent of where the repository is checked out.
    printf '%s\n' "$SUITE" "${common_args[@]}" "${@//"$HERE"/.}"
    [[ -z "$file" ]] || cat "$file"
  } | sha256sum | cut -c1-16
}
PG_RECIPE="$(recipe_hash "$PG_ENTRYPOINT" "${pg_args[@]}" "${pg_changes[@]}")"
REDIS_RECIPE="$(recipe_hash "" "${redis_args[@]}" "${redis_changes[@]}")"

# --- What needs building ------------------------------------------------------

"$HERE/ensure-dockerd.sh"

image_current() { # TAG RECIPE
  local recipe
  recipe="$(docker image inspect --format "{{ index .Config.Labels \"$RECIPE_LABEL\" }}" "$1" 2>/dev/null)" || return 1
  [[ "$recipe" == "$2" ]]
}

build_pg=0
build_redis=0
if [[ "$force" == 1 ]] || ! image_current "$PG_IMAGE" "$PG_RECIPE"; then build_pg=1; fi
if [[ "$force" == 1 ]] || ! image_current "$REDIS_IMAGE" "$REDIS_RECIPE"; then build_redis=1; fi
if [[ $build_pg == 0 && $build_redis == 0 ]]; then
  log "images up to date: $PG_IMAGE $REDIS_IMAGE"
  exit 0
fi

if [[ $EUID -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n --preserve-env=BERTH_TESTENV_MIRROR,BERTH_TESTENV_SECURITY_MIRROR,BERTH_TESTENV_REBUILD "$0" "$@"
  fi
  die "building the test images needs root (mmdebstrap --mode=root); run: sudo $0"
fi

# Concurrent runs (two test commands started at once) build only once.
exec 8>/tmp/berth-testenv.build-images.lock
if ! flock -n 8; then
  log "another build-images.sh is running; waiting for it"
  flock -w 900 8 || die "timed out waiting for /tmp/berth-testenv.build-images.lock"
  if [[ "$force" != 1 ]]; then
    if image_current "$PG_IMAGE" "$PG_RECIPE"; then build_pg=0; fi
    if image_current "$REDIS_IMAGE" "$REDIS_RECIPE"; then build_redis=0; fi
    if [[ $build_pg == 0 && $build_redis == 0 ]]; then
      log "images up to date: $PG_IMAGE $REDIS_IMAGE"
      exit 0
    fi
  fi
fi
"$HERE/ensure-apt.sh" mmdebstrap gpg debian-archive-keyring

# --- Debian mirror: the one the host's apt already uses -----------------------

# Prints "URI SUITE" for every enabled `deb` source in /etc/apt/sources.list(.d),
# in both the one-line (.list) and the deb822 (.sources) formats.
host_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    awk '$1 == "deb" {
      i = 2
      if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
      print $i, $(i + 1)
    }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    awk 'function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled !~ /^no/) {
          n = split(uris, u, " "); m = split(suites, s, " ")
          for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) print u[i], s[j]
        }
        types = uris = suites = enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      { key = tolower($1); sub(/^[^:]*:[ \t]*/, "") }
      key == "types:" { types = $0 } key == "uris:" { uris = $0 }
      key == "suites:" { suites = $0 } key == "enabled:" { enabled = tolower($0) }
      END { flush() }' "$f"
  done
}

find_mirror() { # SUITE-REGEX URI-REGEX: the first host URI matching both
  # No early `exit` in awk: under pipefail, host_sources would die of SIGPIPE.
  host_sources | awk -v s="$1" -v u="$2" '!found && $2 ~ s && $1 ~ u { sub(/\/+$/, "", $1); print $1; found = 1 }'
}

MIRROR="${BERTH_TESTENV_MIRROR:-}"
if [[ -z "$MIRROR" ]]; then
  # Prefer a source serving bookworm itself, else any Debian archive (.../debian).
  MIRROR="$(find_mirror "^$SUITE\$" '.')"
  [[ -n "$MIRROR" ]] || MIRROR="$(find_mirror '.' '/debian$')"
  [[ -n "$MIRROR" ]] || MIRROR=http://deb.debian.org/debian
fi
if [[ -n "${BERTH_TESTENV_SECURITY_MIRROR+set}" ]]; then
  SECURITY="$BERTH_TESTENV_SECURITY_MIRROR"
else
  SECURITY="$(find_mirror '-security$' '/debian-security$')"
fi
sources=("deb $MIRROR $SUITE main")
[[ -z "$SECURITY" ]] || sources+=("deb $SECURITY $SUITE-security main")
log "Debian mirror: $MIRROR${SECURITY:+ (security: $SECURITY)}"

# An apt proxy configured on the host (apt.conf.d) applies to mmdebstrap's apt too.
proxy_args=()
while read -r line; do
  proxy_args+=("--aptopt=$line")
done < <(apt-config dump 2>/dev/null | grep -iE '^Acquire::[a-z]+::Proxy(::[^ ]+)? ' || true)

# --- Build --------------------------------------------------------------------

# mmdebstrap assembles the root file system in $TMPDIR; on tmpfs (/dev/shm) dpkg
# runs about twice as fast as on disk. A chroot needs < 1 GB.
if [[ -z "${TMPDIR:-}" && -d /dev/shm && -w /dev/shm ]] &&
  [[ "$(stat -f -c %T /dev/shm 2>/dev/null)" == tmpfs ]] &&
  (($(df -Pk /dev/shm | awk 'NR == 2 { print $4 }') > 1536 * 1024)); then
  export TMPDIR=/dev/shm
fi

# build TAG RECIPE MMDEBSTRAP-ARGS... -- DOCKER-IMPORT-CHANGES...
build() {
  local tag=$1 recipe=$2 start=$SECONDS tmp_tag old_id size
  shift 2
  local -a mm=() changes=()
  while [[ $# -gt 0 && "$1" != -- ]]; do
    mm+=("$1")
    shift
  done
  shift
  for c in "$@"; do changes+=(--change "$c"); done
  changes+=(--change "LABEL $RECIPE_LABEL=$recipe")

  # Import under a temporary tag, so a failed build never leaves a usable-looking tag.
  tmp_tag="${tag%%:*}:building-$$"
  log "building $tag (mmdebstrap $SUITE | docker import)..."
  if ! mmdebstrap "${common_args[@]}" "${proxy_args[@]}" "${mm[@]}" "$SUITE" - "${sources[@]}" |
    docker import "${changes[@]}" - "$tmp_tag" >/dev/null; then
    docker rmi "$tmp_tag" >/dev/null 2>&1 || true
    die "building $tag failed (see the mmdebstrap output above)"
  fi
  old_id="$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)"
  docker tag "$tmp_tag" "$tag"
  docker rmi "$tmp_tag" >/dev/null
  if [[ -n "$old_id" ]]; then
    docker rmi "$old_id" >/dev/null 2>&1 || true # still used by a container: leave it
  fi
  size="$(docker image inspect --format '{{.Size}}' "$tag" | awk '{ printf "%d MB", $1 / 1e6 }')"
  log "built $tag in $((SECONDS - start))s ($size)"
}

# Both images build in parallel (dpkg is mostly single-threaded); each build's
# output is prefixed with its image name.
pids=()
if [[ $build_pg == 1 ]]; then
  build "$PG_IMAGE" "$PG_RECIPE" "${pg_args[@]}" -- "${pg_changes[@]}" 2>&1 | sed -u 's/^/[postgres] /' >&2 &
  pids+=($!)
fi
if [[ $build_redis == 1 ]]; then
  build "$REDIS_IMAGE" "$REDIS_RECIPE" "${redis_args[@]}" -- "${redis_changes[@]}" 2>&1 | sed -u 's/^/[redis] /' >&2 &
  pids+=($!)
fi
failed=0
for pid in "${pids[@]}"; do
  wait "$pid" || failed=1
done
[[ $failed == 0 ]] || die "image build failed (see above)"
log "images ready: $PG_IMAGE $REDIS_IMAGE in $((SECONDS))s"
