#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the sync tests: 127.0.0.1 only, a free port, a fresh data directory
# under $TMPDIR, password authentication (a random password for the user postgres), durability off (tests only).
#
#   eval "$(bash start-postgres.sh)"    # exports CCSTATS_TEST_POSTGRES (an Npgsql connection string) and
#                                       # CCSTATS_TEST_POSTGRES_DATA (the directory to pass to --stop)
#   bash start-postgres.sh --stop "$CCSTATS_TEST_POSTGRES_DATA"
#
# Finds initdb/pg_ctl on PATH or under /usr/lib/postgresql/*/bin; when there is none and we are root, installs
# Debian's postgresql package first. initdb refuses to run as root, so as root the server runs as the user postgres.
# Only the two export lines go to standard output; progress and errors go to standard error.
set -euo pipefail

die() { echo "start-postgres.sh: $*" >&2; exit 1; }

run_as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

find_bin() {
  local candidate
  for candidate in "$(command -v initdb 2>/dev/null || true)" /usr/lib/postgresql/*/bin/initdb; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then
      dirname "$(readlink -f "$candidate")"
      return 0
    fi
  done
  return 1
}

if [[ "${1:-}" == "--stop" ]]; then
  dir="${2:?usage: start-postgres.sh --stop DATA_DIRECTORY}"
  if [[ -f "$dir/bin" && -d "$dir/data" ]]; then
    run_as_postgres "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit 0
fi

if ! bin=$(find_bin); then
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed (no initdb on PATH or under /usr/lib/postgresql/*/bin); install Debian's postgresql package."
  echo "start-postgres.sh: installing postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; }
  bin=$(find_bin) || die "postgresql was installed but initdb was not found"
fi

if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
  die "running as root needs the user postgres (created by Debian's postgresql package)"
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/ccstats-pg.XXXXXX")
chmod 755 "$dir"
[[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
echo "$bin" > "$dir/bin"
password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$password" > "$dir/pwfile"
[[ $(id -u) -eq 0 ]] && chown postgres: "$dir/pwfile"

run_as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 --pwfile="$dir/pwfile" -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
rm -f "$dir/pwfile"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

started=""
for _ in $(seq 1 20); do
  port=$((20000 + RANDOM % 40000))
  port_in_use "$port" && continue
  if run_as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null 2>&1; then
    started=1
    break
  fi
done
[[ -n "$started" ]] || { cat "$dir/server.log" >&2 2>/dev/null || true; die "the server did not start on any of 20 ports"; }

echo "export CCSTATS_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres'"
echo "export CCSTATS_TEST_POSTGRES_DATA='$dir'"
