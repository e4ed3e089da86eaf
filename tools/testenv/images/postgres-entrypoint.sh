#!/bin/bash
# Entrypoint of the berth-test/postgres:15 image (built by tools/testenv/build-images.sh).
# A small, test-only take on the official postgres image's entrypoint:
#
#   - runs as root only long enough to prepare $PGDATA, then re-execs itself
#     as the `postgres` user (PostgreSQL refuses to run as root);
#   - on an empty $PGDATA: initdb with superuser $POSTGRES_USER / $POSTGRES_PASSWORD,
#     scram-sha-256 for TCP connections from anywhere, trust on the local socket,
#     listen_addresses='*', then creates $POSTGRES_DB in single-user mode (so the
#     server logs "database system is ready to accept connections" exactly once);
#   - `postgres [ARGS...]` (the default CMD) execs the server in the foreground;
#     any other command is exec'd as is (e.g. `bash`).
#
# Environment: POSTGRES_USER (postgres), POSTGRES_PASSWORD (postgres),
# POSTGRES_DB (berth), PGDATA (/var/lib/postgresql/data).
set -euo pipefail

PGBIN=/usr/lib/postgresql/15/bin
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-berth}"

log() { echo "berth-postgres-entrypoint: $*" >&2; }

if [[ $# -eq 0 ]]; then
  set -- postgres
fi
if [[ "$1" == -* ]]; then
  set -- postgres "$@"
fi
if [[ "$1" != postgres ]]; then
  exec "$@"
fi

if [[ $(id -u) -eq 0 ]]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  chmod 2775 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

quote_ident() { # SQL identifier quoting: "a""b"
  printf '"%s"' "${1//\"/\"\"}"
}

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  log "initializing $PGDATA (superuser $POSTGRES_USER, database $POSTGRES_DB)"
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  "$PGBIN/initdb" --pgdata="$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-instructions --no-sync >/dev/null
  rm -f "$pwfile"
  {
    echo "host all all 0.0.0.0/0 scram-sha-256"
    echo "host all all ::/0 scram-sha-256"
  } >>"$PGDATA/pg_hba.conf"
  {
    echo "listen_addresses = '*'"
    echo "password_encryption = 'scram-sha-256'"
    echo "jit = off # the image ships without LLVM"
  } >>"$PGDATA/postgresql.conf"
  if [[ "$POSTGRES_DB" != postgres ]]; then
    echo "CREATE DATABASE $(quote_ident "$POSTGRES_DB");" |
      "$PGBIN/postgres" --single -F -D "$PGDATA" postgres >/dev/null
  fi
  log "initialization done"
fi

shift
exec "$PGBIN/postgres" -D "$PGDATA" "$@"
