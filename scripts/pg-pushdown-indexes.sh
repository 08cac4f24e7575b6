#!/usr/bin/env bash
# pg-pushdown-indexes.sh SCHEMA - the GIN indexes FerretDB on PostgreSQL needs, created when
# missing. The one list of them: scripts/stack.sh runs this after the setup (make run, the
# tests), and ansible/roles/database installs it with pc-pg-indexes.service, which runs it after
# pc-setup.service on a production host.
#   pg-pushdown-indexes.sh --list   prints the collection:field pairs, one a line
#
# FerretDB 1.24 passes an equality down as `_jsonb->'field' @> value`, which a btree index
# (the kind FerretDB creates) cannot serve: PostgreSQL scans the table. A GIN index on the same
# expression serves it (docs/data-tier.md): one per field the hot queries compare, on the
# collections that exist (setup creates them; a missing one is skipped). Idempotent; FerretDB
# does not know of them and a dropped collection takes them along.
#
# SCHEMA is the MongoDB database (FerretDB's PostgreSQL schema). psql connects with libpq's
# environment (PGHOST, PGUSER, PGDATABASE; the defaults as the calling user); PSQL names the
# psql binary (default: psql on PATH). The role must own FerretDB's tables (FerretDB's own role).
set -euo pipefail
PAIRS=(
    leads:_id leads:partner leads:dealStatus leads:email leads:scheduledDay leads:searchTerms
    meetings:_id meetings:lead meetings:partner meetings:externalId
    partners:_id partners:slug users:_id users:email users:partner users:searchTerms tokens:hash
    tokens:family
)
if [ "${1:-}" = --list ]; then
    printf '%s\n' "${PAIRS[@]}"
    exit 0
fi
[ $# = 1 ] && [[ $1 =~ ^[A-Za-z0-9_-]+$ ]] || { echo "usage: $0 SCHEMA | --list" >&2; exit 2; }
schema=$1
psql_q() { "${PSQL:-psql}" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

sql=""
for pair in "${PAIRS[@]}"; do
    coll=${pair%%:*} field=${pair#*:}
    # FerretDB names a collection's table <collection>_<hash>
    table=$(psql_q -c "SELECT tablename FROM pg_tables WHERE schemaname = '$schema'
        AND tablename LIKE '${coll}\\_%' AND tablename NOT LIKE '${coll}\\_%\\_%' LIMIT 1")
    [ -n "$table" ] || continue
    sql+="CREATE INDEX IF NOT EXISTS pc_${coll}_${field#_} ON \"$schema\".\"$table\" USING gin ((_jsonb -> '$field') jsonb_path_ops);"
done
[ -z "$sql" ] || psql_q -c "$sql"
