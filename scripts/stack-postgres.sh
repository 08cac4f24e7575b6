# stack-postgres.sh - the stack's private PostgreSQL cluster, FerretDB's default backend.
# Sourced by scripts/stack.sh (uses its RUN, LOG, PC_VAR_DIR, step, die, start_bg, wait_for).
#
# One cluster per PC_VAR_DIR: data in $PC_VAR_DIR/postgres (initdb once), a unix socket in
# $PC_VAR_DIR/run/postgres (mode 0700) and no TCP listener. The only role is `ferretdb`, reached
# by peer authentication from the OS user that runs the stack and nobody else (pg_ident map).
# PostgreSQL refuses to run as root, so a root stack runs the cluster as the system user
# pc-postgres (made by scripts/deps.sh); anyone else runs it as themselves. Settings are given
# on the command line below, so a change here applies at the next start, no re-init.

PG_DATA=$PC_VAR_DIR/postgres
PG_SOCKET_DIR=$RUN/postgres
PG_ROLE=ferretdb
PG_DATABASE=ferretdb
PG_SYSTEM_USER=pc-postgres
PG_BIN=${PC_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}

# pg_cmd COMMAND...: PG_CMD becomes COMMAND run as the cluster's user with a clean environment
# (ours holds the stack's secrets); setpriv and env exec, so a recorded pid is postgres's own
pg_cmd() {
    PG_CMD=(env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TZ=UTC "$@")
    if [ "$(id -u)" -eq 0 ]; then
        PG_CMD=(setpriv --reuid="$PG_SYSTEM_USER" --regid="$PG_SYSTEM_USER" --init-groups
            "${PG_CMD[@]}")
    fi
}
as_pg() { pg_cmd "$@"; "${PG_CMD[@]}"; }

pg_check_install() {
    [ -x "$PG_BIN/postgres" ] || die "PostgreSQL is not installed; run make deps"
    [ ${#PG_SOCKET_DIR} -le 93 ] || die "PC_VAR_DIR is too long for PostgreSQL's socket path" \
        "($PG_SOCKET_DIR/.s.PGSQL.5432 passes the 107-byte limit of a unix socket)"
    if [ "$(id -u)" -eq 0 ]; then
        getent passwd "$PG_SYSTEM_USER" >/dev/null \
            || die "user $PG_SYSTEM_USER is missing (PostgreSQL cannot run as root); run make deps"
        # the cluster's user must reach its data dir through every parent of PC_VAR_DIR
        as_pg test -x "$PC_VAR_DIR" || die "$PG_SYSTEM_USER cannot reach $PC_VAR_DIR (a parent" \
            "directory is not searchable by others); choose another PC_VAR_DIR or PC_DB_BACKEND=sqlite"
    fi
}

# pg_own_dir DIR: DIR belongs to the cluster's user, mode 0700
pg_own_dir() {
    mkdir -p "$1"
    if [ "$(id -u)" -eq 0 ]; then chown "$PG_SYSTEM_USER:$PG_SYSTEM_USER" "$1"; fi
    chmod 700 "$1"
}

pg_init() {
    [ -s "$PG_DATA/PG_VERSION" ] && return 0
    if [ -d "$PG_DATA" ] && [ -n "$(ls -A "$PG_DATA")" ]; then
        die "$PG_DATA is not empty but holds no cluster (an interrupted initdb?); remove it"
    fi
    step "creating the private PostgreSQL cluster in $PG_DATA (once)"
    pg_own_dir "$PG_DATA"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_ROLE" -E UTF8 --locale=C --auth-local=peer \
        --auth-host=reject --wal-segsize=4 --no-instructions >"$LOG/initdb.log" 2>&1 \
        || die "initdb failed, see $LOG/initdb.log"
    if compgen -G "$PC_VAR_DIR/ferretdb/*.sqlite" >/dev/null; then
        echo "    (the SQLite data in $PC_VAR_DIR/ferretdb stays as it is: PC_DB_BACKEND=sqlite uses it)"
    fi
}

# who may connect: the stack's OS user, by peer authentication, as the one role; nothing else
pg_write_access() {
    printf '%s\n' '# written by scripts/stack.sh at each start' \
        "local all $PG_ROLE peer map=stack" >"$PG_DATA/pg_hba.conf"
    printf '%s\n' '# written by scripts/stack.sh at each start' \
        "stack $(id -un) $PG_ROLE" >"$PG_DATA/pg_ident.conf"
    if [ "$(id -u)" -eq 0 ]; then
        chown "$PG_SYSTEM_USER:$PG_SYSTEM_USER" "$PG_DATA/pg_hba.conf" "$PG_DATA/pg_ident.conf"
    fi
    chmod 600 "$PG_DATA/pg_hba.conf" "$PG_DATA/pg_ident.conf"
}

# a dev/test box's settings (docs/decisions.md, issue 12): durable commits (fsync on), small
# shared memory (FerretDB reads by sequential scan, which the page cache serves), no JIT and no
# parallel workers (no compile pauses or extra processes on a small box), minimal WAL in 4 MB
# segments (initdb) with few kept for reuse (a small data dir); a statement's error (a duplicate
# key the app turns into a 409) is logged in one line, without the statement or the key's value
PG_SETTINGS=()
for s in listen_addresses= "unix_socket_directories=$PG_SOCKET_DIR" unix_socket_permissions=0700 \
    max_connections=40 shared_buffers=32MB wal_level=minimal max_wal_senders=0 \
    min_wal_size=16MB max_wal_size=128MB jit=off max_parallel_workers_per_gather=0 \
    max_parallel_maintenance_workers=0 huge_pages=off timezone=UTC log_timezone=UTC \
    log_min_messages=warning log_checkpoints=off "log_line_prefix=%m [%p] " \
    log_error_verbosity=terse log_min_error_statement=panic; do
    PG_SETTINGS+=(-c "$s")
done
unset s

pg_psql() { "$PG_BIN/psql" -X -q -A -t -h "$PG_SOCKET_DIR" -U "$PG_ROLE" "$@"; }

start_postgres() {
    if is_running postgres; then echo "    PostgreSQL already running"; return 0; fi
    pg_check_install
    pg_init
    pg_write_access
    pg_own_dir "$PG_SOCKET_DIR"
    step "starting PostgreSQL (private cluster in $PG_DATA, socket in $PG_SOCKET_DIR)"
    pg_cmd "$PG_BIN/postgres" -D "$PG_DATA" "${PG_SETTINGS[@]}"
    start_bg postgres "$LOG/postgres.log" "${PG_CMD[@]}"
    wait_for "PostgreSQL" "$LOG/postgres.log" 30 \
        "$PG_BIN/pg_isready" -q -h "$PG_SOCKET_DIR" -U "$PG_ROLE" -d postgres
    [ "$(pg_psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" = 1 ] \
        || pg_psql -d postgres -c "CREATE DATABASE $PG_DATABASE" \
        || die "cannot create the database $PG_DATABASE, see $LOG/postgres.log"
}

# fast shutdown: PostgreSQL's SIGTERM waits for every client to leave, SIGINT ends them cleanly
stop_postgres() { stop_pid postgres INT; }

# the URL FerretDB connects with: the socket directory as pgx's host parameter
pg_url() { echo "postgres://$PG_ROLE@/$PG_DATABASE?host=$(urlencode_path "$PG_SOCKET_DIR")"; }

# the GIN indexes FerretDB's pushed-down equalities need (the list and why:
# scripts/pg-pushdown-indexes.sh, which the production role runs too)
pg_pushdown_indexes() { # SCHEMA (the MongoDB database)
    PSQL=$PG_BIN/psql PGHOST=$PG_SOCKET_DIR PGUSER=$PG_ROLE PGDATABASE=$PG_DATABASE \
        "$ROOT/scripts/pg-pushdown-indexes.sh" "$1"
}
