#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback, for the registry's tests.
#
#   eval "$(registry/scripts/postgres.sh start)"   # exports CHARTE_REGISTRY_POSTGRES and CHARTE_PG_DIR
#   registry/scripts/postgres.sh stop "$CHARTE_PG_DIR"
#   registry/scripts/postgres.sh pause|resume "$CHARTE_PG_DIR"   # stop and start it, data kept
#
# The cluster lives in a temporary folder, owned by the `postgres` user when
# run as root (PostgreSQL refuses to run as root), trusts loopback
# connections, and is removed by `stop`. Needs PostgreSQL's server binaries
# (Debian: apt-get install -y postgresql).
set -euo pipefail

bindir() {
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] || { echo "no PostgreSQL server binaries: apt-get install -y postgresql" >&2; exit 1; }
    echo "$dir"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "${1:-}" in
start)
    bin=$(bindir)
    dir=$(mktemp -d /tmp/charte-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && { id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres; chown postgres "$dir"; }
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" --pgdata "$dir/data" --username postgres --auth trust \
        --encoding UTF8 --no-instructions >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync off: a throwaway cluster for tests, not a durability claim.
    as_owner "$bin/pg_ctl" --pgdata "$dir/data" --log "$dir/server.log" --wait \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" > "$dir/port"
    echo "export CHARTE_PG_DIR=$dir"
    echo "export CHARTE_REGISTRY_POSTGRES=postgres://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    dir=${2:?usage: postgres.sh stop DIR}
    case "$dir" in /tmp/charte-pg.*) ;; *) echo "not a throwaway cluster: $dir" >&2; exit 1 ;; esac
    as_owner "$(bindir)/pg_ctl" --pgdata "$dir/data" --mode fast --wait stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
pause|resume)
    dir=${2:?usage: postgres.sh pause|resume DIR}
    case "$dir" in /tmp/charte-pg.*) ;; *) echo "not a throwaway cluster: $dir" >&2; exit 1 ;; esac
    if [ "$1" = pause ]; then
        as_owner "$(bindir)/pg_ctl" --pgdata "$dir/data" --mode fast --wait stop >/dev/null
    else
        port=$(cat "$dir/port")
        as_owner "$(bindir)/pg_ctl" --pgdata "$dir/data" --log "$dir/server.log" --wait \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off" \
            start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    fi
    ;;
*)
    echo "usage: postgres.sh start | stop DIR | pause DIR | resume DIR" >&2
    exit 2
    ;;
esac
