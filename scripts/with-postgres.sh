#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
# Starts a throwaway PostgreSQL server on 127.0.0.1, runs COMMAND with
# MFSWEEP_TEST_POSTGRES=postgres://postgres@127.0.0.1:PORT/postgres exported, then stops the
# server and deletes its data folder. Exits with COMMAND's status.
# Installs Debian's postgresql package if no server binaries are found (root only).
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

die() { echo "with-postgres: $*" >&2; exit 1; }

# Server binaries: initdb on PATH, else the newest Debian /usr/lib/postgresql/*/bin.
find_bindir() {
    local p
    if p=$(command -v initdb); then
        dirname "$(readlink -f "$p")"
        return
    fi
    p=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$p" ] && [ -x "$p/initdb" ] && echo "$p"
}

bindir=$(find_bindir) || bindir=""
if [ -z "$bindir" ]; then
    [ "$(id -u)" -eq 0 ] || die "PostgreSQL server binaries (initdb) not found; install the postgresql package or rerun as root"
    echo "with-postgres: installing postgresql" >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
    bindir=$(find_bindir) || die "initdb still not found after installing postgresql"
fi

# initdb refuses to run as root: then run the server as the postgres OS user.
if [ "$(id -u)" -eq 0 ]; then
    if ! id -u postgres >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin postgres
    fi
    as_pg() { (cd / && runuser -u postgres -- "$@"); }
    dir=$(mktemp -d /tmp/with-postgres.XXXXXX)
    chown postgres: "$dir"
else
    as_pg() { "$@"; }
    dir=$(mktemp -d "${TMPDIR:-/tmp}/with-postgres.XXXXXX")
fi
chmod 700 "$dir"

child=""
cleanup() {
    if [ -f "$dir/postmaster.pid" ]; then
        as_pg "$bindir/pg_ctl" -D "$dir" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}
on_signal() {
    # Stop COMMAND too, then exit (the EXIT trap stops the server).
    if [ -n "$child" ]; then
        kill -TERM "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
        return
    fi
    local p
    while :; do
        p=$((20000 + RANDOM % 40000))
        # A refused connection means nothing listens there.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
}

out=$(as_pg "$bindir/initdb" -D "$dir" -A trust -U postgres --no-sync 2>&1) ||
    { echo "$out" >&2; die "initdb failed"; }

# Retry with another port if the chosen one was taken in between.
started=""
for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_pg "$bindir/pg_ctl" -D "$dir" -w -l "$dir/log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
        started=1
        break
    fi
done
[ -n "$started" ] || { tail -n 20 "$dir/log" >&2; die "could not start the server"; }

version=$("$bindir/postgres" --version | grep -oE "[0-9]+(\.[0-9]+)+" | head -n 1)
echo "with-postgres: PostgreSQL $version on 127.0.0.1:$port (data $dir)" >&2

export MFSWEEP_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres"
# In the background so a TERM to this script is handled at once; async commands
# would otherwise ignore INT and get /dev/null as stdin.
( trap - INT QUIT; exec "$@" ) <&0 &
child=$!
status=0
wait "$child" || status=$?
child=""
exit "$status"
