#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server, e.g.
#
#     scripts/with-postgres.sh .venv/bin/python -m pytest
#
# The server uses the newest Debian PostgreSQL installed (/usr/lib/postgresql/N/bin),
# listens on a free loopback port with trust authentication, keeps its data in a temporary
# directory, and is stopped and removed when the command ends, however it ends. The command
# gets DATABASE_URL=postgres://postgres@127.0.0.1:PORT/smittevern; Django's test runner
# creates test_smittevern beside that database. The script exits with the command's status.
#
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail

pg_bin=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        pg_bin=$dir
        break
    fi
done
if [ -z "$pg_bin" ]; then
    echo "No PostgreSQL server found under /usr/lib/postgresql/*/bin: install the Debian package postgresql." >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    as_postgres=(runuser -u postgres --)
else
    as_postgres=()
fi

workdir=$(mktemp -d -t smittevern-postgres.XXXXXX)
datadir=$workdir/data
logfile=$workdir/postgres.log

cleanup() {
    if [ -f "$datadir/postmaster.pid" ]; then
        "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$datadir" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$workdir"
fi

# C.UTF-8 keeps upper()/lower() right for æ, ø and å (Django's icontains relies on them).
locale_args=(--no-locale --encoding=UTF8)
if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
    locale_args=(--locale=C.UTF-8 --encoding=UTF8)
fi
if ! "${as_postgres[@]}" "$pg_bin/initdb" -D "$datadir" -U postgres --auth=trust "${locale_args[@]}" \
        --no-sync >"$workdir/initdb.log" 2>&1; then
    cat "$workdir/initdb.log" >&2
    exit 1
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The port is free when chosen but may be taken before the server binds it: try again then.
started=""
for _attempt in 1 2 3 4 5; do
    port=$(free_port)
    # A throwaway database needs no durability: skipping fsync makes the suite much faster.
    if "${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 -o \
            "-c listen_addresses=127.0.0.1 -p $port -k $workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null; then
        started=yes
        break
    fi
done
if [ -z "$started" ]; then
    echo "PostgreSQL did not start; its log:" >&2
    cat "$logfile" >&2 || true
    exit 1
fi

"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres smittevern

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/smittevern"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $datadir, removed on exit)"

status=0
"$@" || status=$?
exit "$status"
