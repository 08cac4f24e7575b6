#!/usr/bin/env bash
# datatier.sh - the data tier's benchmark (issue 12), part of make bench: for each FerretDB
# backend (PostgreSQL, the default, then SQLite) a private harness stack, seeded with 50 partners
# and 1 000 leads, measured, grown to 10 000 (and on PostgreSQL to 50 000) leads, measured again:
#   - wrk -c1 (one request at a time) and -c4 (four users at once) through nginx over TLS:
#     p50/p99 and req/s of the partner's and the staff's lead list (status in [new, scheduled],
#     scheduledDate sort), a lead by id, create a lead, change a lead's status, the dashboard of
#     a partner user and of the owner; rounds interleave the routes, medians of the rounds;
#   - database round trips per request (the access log's db=N, min and max per route and size);
#   - the growth ratio of each route's p50 (-c1) from 1 000 to 10 000 (and 50 000) leads;
#   - RSS of FerretDB, the postgres processes and the pc-api responders after each size;
#   - callgrind instructions per request of pc-api alone at 10 000 leads, (I(3N) - I(N)) / 2N.
# The machine is shared (DESIGN §8): the load average is printed with every size; compare
# ratios and instruction counts. Report: build/bench/datatier.md (and stdout).
#
# Knobs: BENCH_ROUNDS=2 BENCH_SECONDS=3 BENCH_SIZES="1000 10000 50000" (50 000 on PostgreSQL
# only) BENCH_BACKENDS="postgresql sqlite" BENCH_CG_N=5
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MODE=bench-datatier
cd "$ROOT"

ROUNDS=${BENCH_ROUNDS:-2}
SECS=${BENCH_SECONDS:-3}
SIZES=${BENCH_SIZES:-1000 10000 50000}
BACKENDS=${BENCH_BACKENDS:-postgresql sqlite}
CG_N=${BENCH_CG_N:-5}
BIN=$ROOT/build/release/bin
OUT_DIR=$ROOT/build/bench
REPORT=$OUT_DIR/datatier.md
ROUTES=(leads-partner leads-staff lead-by-id create-lead status-change dashboard-partner dashboard-owner
    partners-list leads-search partner-api-leads invoices-list partner-ledger)
STARTED=$(date +%s)

say() { printf '==> %s\n' "$*" >&2; }
die() {
    printf 'bench datatier: %s\n' "$*" >&2
    exit 1
}
for tool in wrk valgrind spawn-fcgi cgi-fcgi curl python3; do
    command -v "$tool" >/dev/null || die "$tool is missing (make deps installs it)"
done
[ -x "$BIN/pc-api" ] && [ -x "$BIN/bench-seed" ] || die "build/release binaries missing: make build-c"

. "$ROOT/tests/bench/bench_lib.sh"
export PC_DB_MAX_TIME_MS=${PC_DB_MAX_TIME_MS:-20000}

CG_PID=
bench_trap() {
    local rc=$?
    [ -n "$CG_PID" ] && kill -TERM "$CG_PID" 2>/dev/null || true
    harness_down
    trap - EXIT INT TERM
    exit "$rc"
}

# ---- requests ---------------------------------------------------------------------------------
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
LIST_Q="filter=$(enc '[{"column":"dealStatus","operator":"in","value":["new","scheduled"]}]')&sort=$(enc '[{"column":"scheduledDate","direction":"desc"}]')&perPage=50"

token_of() { # EMAIL PASSWORD: an access token from the sign-in's Set-Cookie
    curl -fsS --cacert "$PC_TLS_CERT" -D - -o /dev/null --resolve "localhost:$PC_HTTPS_PORT:127.0.0.1" \
        -H 'Content-Type: application/json' --data-binary "{\"email\":\"$1\",\"password\":\"$2\"}" \
        "https://localhost:$PC_HTTPS_PORT/api/v1/auth/sign-in" \
        | sed -n 's/^[Ss]et-[Cc]ookie: __Secure-pc_access=\([^;]*\);.*/\1/p'
}

get_json() { # TOKEN PATH
    curl -fsS --max-time 60 --cacert "$PC_TLS_CERT" -H "Authorization: Bearer $1" "$BASE$2"
}

# the Lua of a route: method, body, and for writes a fresh body or lead per request
write_scripts() {
    local ids
    ids=$(get_json "$USER_TOKEN" "/api/v1/leads?perPage=100&filter=$(enc '[{"column":"dealStatus","operator":"in","value":["new","scheduled"]}]')" \
        | python3 -c 'import json,sys; print(",".join("\"%s\"" % l["id"] for l in json.load(sys.stdin)["list"]))')
    [ -n "$ids" ] || die "no leads of the partner to change"
    LEAD_ID=$(cut -d, -f1 <<<"$ids" | tr -d '"')
    # (wrk.format with headers of its own would drop the -H ones: the body's type joins those)
    cat >"$TMP/create.lua" <<EOF
wrk.headers["Content-Type"] = "application/json"
local n, tag = 0, tostring(os.time()) .. "-" .. tostring(math.random(1000000))
function setup(thread) thread:set("tid", tostring(math.random(1000000000))) end
function request()
  n = n + 1
  local body = '{"email":"c' .. tag .. '-' .. tid .. '-' .. n .. '@bench.test","partner":"$PARTNER_B","company":"Bench"}'
  return wrk.format("POST", nil, nil, body)
end
EOF
    # each thread walks its own half of the leads; the answer tells a lead's status, the next
    # visit moves it the other way (new <-> scheduled, both allowed to a partner's user)
    cat >"$TMP/status.lua" <<EOF
wrk.headers["Content-Type"] = "application/json"
local ids = {$ids}
local state, k, threads = {}, 0, 0
function setup(thread) thread:set("part", threads); threads = threads + 1 end
function request()
  local half = math.max(1, math.floor(#ids / 2))
  local id = ids[1 + (part or 0) + 2 * (k % half)] or ids[1]
  k = k + 1
  local to = state[id] == "scheduled" and "new" or "scheduled"
  return wrk.format("PATCH", "/api/v1/leads/" .. id .. "/status", nil, '{"status":"' .. to .. '"}')
end
function response(status, headers, body)
  local id, st = body:match('"id":"(%x+)".-"dealStatus":"([%a_]+)"')
  if id then state[id] = st end
end
EOF
}

# route NAME: "TOKEN PATH SCRIPT" of the route
route_args() {
    case $1 in
    leads-partner) echo "$USER_TOKEN /api/v1/leads?$LIST_Q -" ;;
    leads-staff) echo "$OWNER_TOKEN /api/v1/leads?$LIST_Q -" ;;
    lead-by-id) echo "$USER_TOKEN /api/v1/leads/$LEAD_ID -" ;;
    create-lead) echo "$OWNER_TOKEN /api/v1/leads $TMP/create.lua" ;;
    status-change) echo "$USER_TOKEN /api/v1/leads $TMP/status.lua" ;;
    dashboard-partner) echo "$USER_TOKEN /api/v1/dashboard -" ;;
    dashboard-owner) echo "$OWNER_TOKEN /api/v1/dashboard -" ;;
    partners-list) echo "$OWNER_TOKEN /api/v1/partners?perPage=50 -" ;;
    # issue 17: staff search by the start of a word (one lead in ten has the surname)
    leads-search) echo "$OWNER_TOKEN /api/v1/leads?search=kel&perPage=50 -" ;;
    partner-api-leads) echo "$API_TOKEN /api/v1/partner/leads?perPage=50 -" ;;
    invoices-list) echo "$OWNER_TOKEN /api/v1/invoices?perPage=50 -" ;;
    partner-ledger) echo "$OWNER_TOKEN /api/v1/partners/$PARTNER_A/ledger?perPage=50 -" ;;
    esac
}

# measure NAME CONNS: "rps p50_ms p99_ms bad" of one wrk run
measure() {
    local tok path script out threads=1 args=()
    read -r tok path script <<<"$(route_args "$1")"
    [ "$2" -gt 1 ] && threads=2
    [ "$script" != - ] && args+=(-s "$script")
    out=$(timeout $((SECS + 120)) wrk -t"$threads" -c"$2" -d"${SECS}s" --timeout 30s --latency \
        -H "Authorization: Bearer $tok" "${args[@]}" "$BASE$path") || die "wrk failed on $1"
    printf '%s\n' "$out" >>"$PC_VAR_DIR/log/bench-wrk.log"
    printf '%s\n' "$out" | wrk_figures
}


# round trips of route NAME's requests in the access log since line FROM: "min max"
round_trips() {
    local pattern=$1 from=$2
    tail -n +"$from" "$PC_VAR_DIR/log/pc-api.log" | awk -v want="$pattern" '
        /msg="request"/ && / status=2/ {
            r = ""; m = ""; d = ""
            for (i = 1; i <= NF; i++) {
                if ($i ~ /^method=/) m = substr($i, 8)
                if ($i ~ /^route=/) r = substr($i, 7)
                if ($i ~ /^db=/) d = substr($i, 4) + 0
            }
            if (m " " r != want || d == "") next
            n++; if (n == 1 || d < lo) lo = d; if (d > hi) hi = d
        }
        END { if (n) printf "%d %d\n", lo, hi; else print "- -" }'
}

pattern_of() {
    case $1 in
    leads-partner | leads-staff) echo "GET /api/v1/leads" ;;
    lead-by-id) echo "GET /api/v1/leads/:id" ;;
    create-lead) echo "POST /api/v1/leads" ;;
    status-change) echo "PATCH /api/v1/leads/:id/status" ;;
    dashboard-*) echo "GET /api/v1/dashboard" ;;
    partners-list) echo "GET /api/v1/partners" ;;
    leads-search) echo "GET /api/v1/leads" ;;
    partner-api-leads) echo "GET /api/v1/partner/leads" ;;
    invoices-list) echo "GET /api/v1/invoices" ;;
    partner-ledger) echo "GET /api/v1/partners/:id/ledger" ;;
    esac
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
pidfile() { cat "$PC_VAR_DIR/run/$1.pid" 2>/dev/null || true; }
memory() { # "ferretdb_kB postgres_sum_kB pcapi_max_kB"
    local pg=0 api=0 pid top
    top=$(pidfile postgres)
    if [ -n "$top" ]; then
        for pid in "$top" $(pgrep -P "$top" || true); do pg=$((pg + $(rss_kb "$pid"))); done
    fi
    top=$(pidfile pc-api)
    for pid in $(pgrep -P "$top" pc-api || pgrep -P "$(pgrep -P "$top" multiwatch)" pc-api || true); do
        [ "$(rss_kb "$pid")" -gt "$api" ] && api=$(rss_kb "$pid")
    done
    echo "$(rss_kb "$(pidfile ferretdb)") $pg $api"
}

# ---- callgrind: instructions per request of pc-api alone ---------------------------------------
cg_count() { # NAME COUNT: sets CG_IR
    local tok path script sock=$TMP/cg.sock out=$TMP/cg-$1-$2.out n status body=/dev/null
    local env=(REMOTE_ADDR=127.0.0.1 SERVER_PROTOCOL=HTTP/1.1 REQUEST_ID="cg$2")
    read -r tok path script <<<"$(route_args "$1")"
    env+=(HTTP_AUTHORIZATION="Bearer $tok")
    case $1 in
    create-lead) env+=(REQUEST_METHOD=POST CONTENT_TYPE=application/json) ;;
    status-change)
        env+=(REQUEST_METHOD=PATCH CONTENT_TYPE=application/json)
        path=/api/v1/leads/$LEAD_ID/status
        ;;
    *) env+=(REQUEST_METHOD=GET) ;;
    esac
    env+=(REQUEST_URI="$path" DOCUMENT_URI="${path%%\?*}")
    [[ $path == *\?* ]] && env+=(QUERY_STRING="${path#*\?}")
    rm -f "$sock" "$out"
    (
        while IFS= read -r line; do [ -n "$line" ] && export "$line"; done <"$PC_VAR_DIR/run/app.env"
        exec spawn-fcgi -n -s "$sock" -- /usr/bin/valgrind --tool=callgrind -q \
            --callgrind-out-file="$out" "$BIN/pc-api"
    ) </dev/null >>"$PC_VAR_DIR/log/bench-callgrind.log" 2>&1 &
    CG_PID=$!
    for ((n = 0; n < 300; n++)); do
        [ -S "$sock" ] && break
        sleep 0.1
    done
    [ -S "$sock" ] || die "callgrind pc-api did not come up"
    for ((n = 0; n < $2; n++)); do
        case $1 in
        create-lead)
            body=$TMP/cg-body.json
            printf '{"email":"cg-%s-%s-%d@bench.test","partner":"%s"}' "$1" "$$" "$RANDOM$n" "$PARTNER_B" >"$body"
            ;;
        status-change)
            body=$TMP/cg-body.json
            printf '{"status":"%s"}' "$([ $((n % 2)) = 0 ] && echo in_touch || echo scheduled)" >"$body"
            ;;
        esac
        status=$(env -i "${env[@]}" CONTENT_LENGTH="$(stat -c %s "$body")" timeout 120 cgi-fcgi -bind \
            -connect "$sock" <"$body" | tr -d '\r' | awk 'NR == 1 {s = /^Status:/ ? $2 : "200"} END {print s}')
        case $status in 2??) ;; *) die "$1 under callgrind answered '$status'" ;; esac
    done
    kill -TERM "$CG_PID"
    wait "$CG_PID" 2>/dev/null || true
    CG_PID=
    CG_IR=$(awk '/^(summary|totals):/ {print $2; exit}' "$out")
    [ -n "$CG_IR" ] || die "no callgrind totals in $out"
}

# ---- one backend --------------------------------------------------------------------------------
declare -A P50 P99 RPS BAD RT MEM LOAD IPR RECOUNT
run_backend() {
    local backend=$1 size seed r i c line from name
    export PC_DB_BACKEND=$backend
    unset PC_DB_ENGINE
    harness_up release
    trap bench_trap EXIT INT TERM
    BASE=https://127.0.0.1:$PC_HTTPS_PORT
    TMP=$HARNESS_DIR/bench
    mkdir -p "$TMP"
    OWNER_TOKEN=$(token_of "$INITIAL_OWNER_EMAIL" "$INITIAL_OWNER_PASSWORD")
    [ -n "$OWNER_TOKEN" ] || die "cannot sign in as the owner"
    API_TOKEN=
    for size in $SIZES; do
        [ "$size" -gt 10000 ] && [ "$backend" != postgresql ] && continue
        say "$backend: seeding up to $size leads"
        seed=$(env $(cat "$PC_VAR_DIR/run/app.env") "$BIN/bench-seed" 50 "$size" \
            2>>"$PC_VAR_DIR/log/bench-seed.log") || die "bench-seed failed"
        PARTNER_A=$(sed -n 's/^partner=//p' <<<"$seed")
        PARTNER_B=$(get_json "$OWNER_TOKEN" "/api/v1/partners/bench-01" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
        USER_TOKEN=$(token_of bench-user@bench.test bench-user-password)
        [ -n "$USER_TOKEN" ] || die "cannot sign in as the partner user"
        if [ -z "${API_TOKEN:-}" ]; then # the partner API: a token of the seeded partner, once
            API_TOKEN=$(curl -fsS --cacert "$PC_TLS_CERT" -H "Authorization: Bearer $OWNER_TOKEN" \
                -H 'Content-Type: application/json' --data-binary '{"name":"bench"}' \
                "$BASE/api/v1/partners/$PARTNER_A/api-tokens" \
                | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') \
                || die "cannot create the partner's API token"
        fi
        write_scripts
        for name in "${ROUTES[@]}"; do measure "$name" 1 >/dev/null; settle; done # warm-up
        LOAD[$backend,$size]=$(cut -d' ' -f1-3 /proc/loadavg)
        from=$(($(wc -l <"$PC_VAR_DIR/log/pc-api.log") + 1))
        for ((r = 1; r <= ROUNDS; r++)); do
            for c in 1 4; do
                for name in "${ROUTES[@]}"; do
                    read -r "RPS[$backend,$size,$name,$c,$r]" "P50[$backend,$size,$name,$c,$r]" \
                        "P99[$backend,$size,$name,$c,$r]" "BAD[$backend,$size,$name,$c,$r]" \
                        <<<"$(measure "$name" "$c")"
                    say "  $backend $size $name -c$c round $r: p50 ${P50[$backend,$size,$name,$c,$r]} ms, ${RPS[$backend,$size,$name,$c,$r]} req/s"
                    settle
                done
            done
        done
        for name in "${ROUTES[@]}"; do
            RT[$backend,$size,$name]=$(round_trips "$(pattern_of "$name")" "$from")
        done
        MEM[$backend,$size]=$(memory)
        if [ "$size" = 10000 ]; then
            for name in "${ROUTES[@]}"; do
                say "  $backend $size callgrind $name"
                cg_count "$name" "$CG_N"
                i=$CG_IR
                cg_count "$name" $((3 * CG_N))
                IPR[$backend,$name]=$(((CG_IR - i) / (2 * CG_N)))
            done
        fi
    done
    # what FerretDB's unlocked increments lost under -c4 (the recount corrects it)
    RECOUNT[$backend]=$(curl -fsS --max-time 120 --cacert "$PC_TLS_CERT" -X POST \
        -H "Authorization: Bearer $CRON_SECRET" "$BASE/api/v1/cron/recount" || echo '{}')
    harness_down
    trap - EXIT INT TERM
}

for b in $BACKENDS; do run_backend "$b"; done

# ---- the report ---------------------------------------------------------------------------------
med() { # KEY-PREFIX ARRAY: the median over the rounds
    local -n arr=$2
    local v=() r
    for ((r = 1; r <= ROUNDS; r++)); do v+=("${arr[$1,$r]:-0}"); done
    median "${v[@]}"
}
mkdir -p "$OUT_DIR"
{
    echo "# Data tier benchmark (issue 12)"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD) ($(git rev-parse --abbrev-ref HEAD)); took $((($(date +%s) - STARTED) / 60)) min"
    echo "- machine: $(nproc) CPUs, shared with other work: load average (1/5/15 min) at the start of each size below"
    echo "- 50 partners; the partner user's partner holds 1/50 of the leads; lists: status in [new, scheduled], scheduledDate desc, 50 a page"
    echo "- wrk through nginx over TLS, -t1 -c1 and -t2 -c4, ${SECS}s, $ROUNDS rounds interleaving the routes, medians; ms"
    echo
    for b in $BACKENDS; do
        echo "## FerretDB on $b"
        echo
        echo "| route | leads | load | p50 -c1 | p99 -c1 | req/s -c1 | p50 -c4 | p99 -c4 | req/s -c4 | non-2xx | db round trips (min–max) |"
        echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        for name in "${ROUTES[@]}"; do
            for size in $SIZES; do
                [ -n "${LOAD[$b,$size]:-}" ] || continue
                bad=0
                for ((r = 1; r <= ROUNDS; r++)); do bad=$((bad + BAD[$b,$size,$name,1,$r] + BAD[$b,$size,$name,4,$r])); done
                read -r lo hi <<<"${RT[$b,$size,$name]}"
                printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s |\n' "$name" "$size" "${LOAD[$b,$size]}" \
                    "$(med "$b,$size,$name,1" P50)" "$(med "$b,$size,$name,1" P99)" "$(med "$b,$size,$name,1" RPS)" \
                    "$(med "$b,$size,$name,4" P50)" "$(med "$b,$size,$name,4" P99)" "$(med "$b,$size,$name,4" RPS)" \
                    "$bad" "$lo–$hi"
            done
        done
        echo
        echo "Growth of p50 (-c1) with the leads; the target (partner list, lead detail, writes, dashboards): ≤ 1.5× from 1 000 to 10 000 and under 100 ms"
        echo
        echo "| route | 10 000 ÷ 1 000 | 50 000 ÷ 1 000 | instructions/request of pc-api at 10 000 (callgrind) |"
        echo "|---|---:|---:|---:|"
        for name in "${ROUTES[@]}"; do
            a=$(med "$b,1000,$name,1" P50) t=$(med "$b,10000,$name,1" P50) f=$(med "$b,50000,$name,1" P50)
            printf '| %s | %s | %s | %s |\n' "$name" \
                "$(awk -v a="$a" -v b="$t" 'BEGIN {if (a > 0 && b > 0) printf "%.2f×", b / a; else print "–"}')" \
                "$(awk -v a="$a" -v b="$f" 'BEGIN {if (a > 0 && b > 0) printf "%.2f×", b / a; else print "–"}')" \
                "${IPR[$b,$name]:-–}"
        done
        echo
        echo "| leads | RSS FerretDB (kB) | RSS postgres, all processes (kB) | RSS pc-api, largest responder (kB) |"
        echo "|---:|---:|---:|---:|"
        for size in $SIZES; do
            [ -n "${MEM[$b,$size]:-}" ] || continue
            read -r f p a <<<"${MEM[$b,$size]}"
            printf '| %s | %s | %s | %s |\n' "$size" "$f" "$p" "$a"
        done
        echo
        echo "The recount after the runs (drift = increments lost by concurrent writes of one partner): \`${RECOUNT[$b]:-}\`"
        echo
    done
} >"$REPORT.tmp"
mv "$REPORT.tmp" "$REPORT"
cat "$REPORT"
say "report written to ${REPORT#"$ROOT"/}"
