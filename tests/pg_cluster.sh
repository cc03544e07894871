#!/bin/sh
# A throw-away PostgreSQL cluster for the warehouse tests (issue 20), sourced by a test:
#   . "$CBECFLOW_SRCDIR/tests/pg_cluster.sh"; pg_test_start
# sets PGHOST (the cluster's Unix socket folder), PGUSER, PGDATABASE and PG_URI (a libpq URI
# of the empty database "warehouse") and stops and removes the cluster when the shell exits.
# initdb in a temporary folder, Unix socket only (listen_addresses=''), as a user that is not
# root: as root (CI) the `postgres` system user of Debian's package runs the server.  Only when
# the server binaries are absent does the test skip (exit 77) -- with the package to install.
pg_cluster_bin() {
    for d in ${PG_BINDIR:-} $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) \
             $(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)"); do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    return 1
}

pg_cluster_stop() {
    [ -n "${PG_CLUSTER_DIR:-}" ] || return 0
    $PG_AS "$PG_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_CLUSTER_DIR"
    PG_CLUSTER_DIR=
}

pg_cluster_start() {
    if ! PG_BIN=$(pg_cluster_bin); then
        echo "SKIP: no PostgreSQL server binaries (initdb, pg_ctl; Debian: apt-get install postgresql)"
        exit 77
    fi
    command -v psql >/dev/null || { echo "SKIP: no psql (Debian: apt-get install postgresql-client)"; exit 77; }
    PG_CLUSTER_DIR=$(mktemp -d /tmp/cbecflow-pg.XXXXXX)
    PG_AS=
    if [ "$(id -u)" = 0 ]; then
        # The server refuses to run as root: Debian's postgres user, in a folder it owns.
        id postgres >/dev/null 2>&1 || { echo "pg_cluster: root, and no postgres user to run the server" >&2; exit 1; }
        chown postgres "$PG_CLUSTER_DIR"
        if command -v runuser >/dev/null; then PG_AS="runuser -u postgres --"
        else PG_AS="setpriv --reuid=postgres --regid=postgres --init-groups"; fi
    fi
    trap 'pg_cluster_stop' EXIT
    trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM
    if ! $PG_AS "$PG_BIN/initdb" -D "$PG_CLUSTER_DIR/data" -U cbec -A trust -E UTF8 --locale=C --no-sync \
            >"$PG_CLUSTER_DIR/initdb.log" 2>&1; then
        cat "$PG_CLUSTER_DIR/initdb.log" >&2; echo "pg_cluster: initdb failed" >&2; exit 1
    fi
    # Unix socket only, in the cluster's own folder: clusters of parallel tests never meet.
    if ! $PG_AS "$PG_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" -w -t 60 \
            -o "-c listen_addresses= -k $PG_CLUSTER_DIR -c fsync=off -c full_page_writes=off" start >/dev/null; then
        cat "$PG_CLUSTER_DIR/server.log" >&2; echo "pg_cluster: the server did not start" >&2; exit 1
    fi
    PGHOST=$PG_CLUSTER_DIR PGUSER=cbec PGDATABASE=warehouse
    export PGHOST PGUSER PGDATABASE
    unset PGPORT PGSERVICE PGPASSWORD 2>/dev/null || true
    psql -q -d postgres -c "CREATE DATABASE warehouse" >/dev/null
    PG_URI="postgresql:///warehouse?host=$PG_CLUSTER_DIR&user=cbec"
    export PG_URI
}

# The common start of a warehouse test: the cluster, a scratch folder $tmp removed with it, and
# the helpers every such test uses -- fail, cb (cbecflow, quiet, no progress; needs $CBECFLOW)
# and pg (one psql command, unaligned, stopping at the first error).
pg_test_start() {
    pg_cluster_start
    tmp=$(mktemp -d)
    trap 'pg_cluster_stop; rm -rf "$tmp"' EXIT
}
fail() { echo "FAIL: $*"; exit 1; }
cb() { "$CBECFLOW" --no-progress -q "$@"; }
pg() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }
