#!/usr/bin/env bash
# run.sh - make bench (DESIGN.md §5): a private harness stack on free ports, then
#   1. HTTP through nginx over TLS with wrk: nginx's own `return 200` (the ceiling) and every
#      route of the table below, interleaved (A B C A B C ...), median of the rounds and the
#      ratio to nginx in the same round;
#   2. queue: queue_push rate onto test-noop, jobs/s drained by 1 and by 2 workers (bench-queue);
#   3. memory: VmRSS of every process of the stack, and of an idle pc-api before any load;
#   4. import preview: a 100 000-row CSV dry run against the seeded leads, wall time per round;
#   5. callgrind instructions per request of pc-api alone, per route: (I(3N) - I(N)) / 2N.
# The machine is shared (DESIGN.md §8): compare ratios and instruction counts, not absolute times.
# The report (markdown) goes to stdout and build/bench/report.md; progress goes to stderr; wrk's
# output and the logs of the stack and of the callgrind responders stay in build/test-logs/bench/.
#
# Knobs (environment): BENCH_ROUNDS=3 BENCH_SECONDS=5 BENCH_QUEUE_JOBS=20000 BENCH_CG_N=200
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MODE=bench
cd "$ROOT"

# ---- the routes -------------------------------------------------------------------------------
# One line per route:
#   route NAME METHOD PATH[?QUERY] [-H 'Name: value']... [-c COOKIE] [-d FILE] [-n N]
#   -k  wrk sends a new Idempotency-Key with every request (callgrind's requests send none)
#   -H  a request header (repeatable); -c  a Cookie header; -n  callgrind request count (default
#       BENCH_CG_N; small for routes that are slow under valgrind); -d  the request body, a file
#       (relative to the repository; set its Content-Type with -H). ${VAR} in headers is expanded when the route runs, so a
#       setup step below (bench_setup) can export tokens, e.g.
#       route leads GET '/api/v1/leads?status=new' -H 'Authorization: Bearer ${BENCH_TOKEN}'
# Each route must answer 2xx: the run stops otherwise.
bench_routes() {
    route health GET /api/v1/health
    route health-deep GET '/api/v1/health?deep=1'
    route sign-in POST /api/v1/auth/sign-in -H 'Content-Type: application/json' \
        -d build/bench/sign-in.json -n 5
    route auth-me GET /api/v1/auth/me -H 'Authorization: Bearer ${BENCH_TOKEN}'
    route users-list GET '/api/v1/users?perPage=50' -H 'Authorization: Bearer ${BENCH_TOKEN}'
    # issue 5 (10 000 leads over 50 partners): a status filter and a scheduledDate sort
    local q='filter=%5B%7B%22column%22%3A%22dealStatus%22%2C%22operator%22%3A%22in%22%2C%22value%22%3A%5B%22new%22%2C%22scheduled%22%5D%7D%5D&sort=%5B%7B%22column%22%3A%22scheduledDate%22%2C%22direction%22%3A%22desc%22%7D%5D&perPage=50'
    # (FerretDB reads whole collections: few callgrind requests on these, -n)
    route leads-staff GET "/api/v1/leads?$q" -H 'Authorization: Bearer ${BENCH_TOKEN}' -n 10
    route leads-partner GET "/api/v1/leads?$q" -H 'Authorization: Bearer ${BENCH_PARTNER_TOKEN}' \
        -n 10
    route partners-list GET '/api/v1/partners?perPage=50' -H 'Authorization: Bearer ${BENCH_TOKEN}' \
        -n 20
    route partner-stats GET "/api/v1/partners/$BENCH_PARTNER/stats" \
        -H 'Authorization: Bearer ${BENCH_TOKEN}'
    # issue 13: a HubSpot delivery of 10 events, its v3 signature checked, queued (bench_refresh
    # signs it again before each use: the signature's window is 5 minutes)
    route hubspot-webhook POST /api/v1/webhooks/hubspot -H 'Content-Type: application/json' \
        -H 'X-HubSpot-Signature-v3: ${BENCH_HS_SIG}' -H 'X-HubSpot-Request-Timestamp: ${BENCH_HS_TS}' \
        -d build/bench/hubspot-batch.json
    # issue 15: a partner's status change through its API token, queued on partner-api-lead (its
    # worker stays stopped during the HTTP rounds); wrk sends a fresh Idempotency-Key each time
    route partner-status POST /api/v1/status -H 'Content-Type: application/json' \
        -H 'Authorization: Bearer ${BENCH_API_TOKEN}' -d build/bench/status.json -k
}

# bench_refresh: runs before each use of a route's headers (in the subshell that expands them)
bench_refresh() {
    BENCH_HS_TS=$(date +%s%3N)
    BENCH_HS_SIG=$({ printf 'POSThttps://localhost:%s/api/v1/webhooks/hubspot' "$PC_HTTPS_PORT"
        cat "$ROOT/build/bench/hubspot-batch.json"; printf '%s' "$BENCH_HS_TS"; } \
        | openssl dgst -sha256 -hmac "$HUBSPOT_APP_SECRET" -binary | base64)
    export BENCH_HS_TS BENCH_HS_SIG
}

# access token of a user, from the sign-in's Set-Cookie
token_of() {
    curl -fsS --cacert "$PC_TLS_CERT" -D - -o /dev/null \
        --resolve "localhost:$PC_HTTPS_PORT:127.0.0.1" -H 'Content-Type: application/json' \
        --data-binary "$1" "https://localhost:$PC_HTTPS_PORT/api/v1/auth/sign-in" \
        | sed -n 's/^[Ss]et-[Cc]ookie: __Secure-pc_access=\([^;]*\);.*/\1/p'
}

# bench_setup: runs once the stack is up, before any measurement (seed data, sign in, export
# the variables the routes' headers use): 50 partners and 10 000 leads, the owner's and a
# partner user's access tokens.
bench_setup() {
    local seed
    say "seeding 50 partners and 10000 leads (bench-seed)"
    seed=$(env $(cat "$PC_VAR_DIR/run/app.env") "$BIN/bench-seed" 50 10000) || die "bench-seed failed"
    BENCH_PARTNER=$(sed -n 's/^partner=//p' <<<"$seed")
    local user pw
    user=$(sed -n 's/^user=\([^ ]*\) .*/\1/p' <<<"$seed")
    pw=$(sed -n 's/.* password=//p' <<<"$seed")
    BENCH_PARTNER_TOKEN=$(token_of "{\"email\":\"$user\",\"password\":\"$pw\"}")
    [ -n "$BENCH_PARTNER_TOKEN" ] || die "cannot sign in as the partner user"
    export BENCH_PARTNER BENCH_PARTNER_TOKEN
    mkdir -p "$ROOT/build/bench"
    printf '{"email":"%s","password":"%s"}' "$INITIAL_OWNER_EMAIL" "$INITIAL_OWNER_PASSWORD" \
        >"$ROOT/build/bench/sign-in.json"
    BENCH_TOKEN=$(curl -fsS --cacert "$PC_TLS_CERT" -D - -o /dev/null \
        --resolve "localhost:$PC_HTTPS_PORT:127.0.0.1" -H 'Content-Type: application/json' \
        --data-binary @"$ROOT/build/bench/sign-in.json" \
        "https://localhost:$PC_HTTPS_PORT/api/v1/auth/sign-in" \
        | sed -n 's/^[Ss]et-[Cc]ookie: __Secure-pc_access=\([^;]*\);.*/\1/p')
    [ -n "$BENCH_TOKEN" ] || die "cannot sign in as the owner"
    export BENCH_TOKEN
    # the HubSpot delivery of the webhook route (no trailing newline: the body is signed as is);
    # the stack's hubspot-webhook worker stays stopped during the HTTP rounds, so that the
    # deliveries queued there cost nothing to the other routes (the processing is measured below)
    python3 - "$ROOT/build/bench/hubspot-batch.json" <<'PY'
import json, sys
events = [{"eventId": 900000000 + i, "subscriptionId": 9, "portalId": 62515, "appId": 54321,
           "occurredAt": 1770000000000 + i, "subscriptionType": "contact.propertyChange",
           "attemptNumber": 0, "objectId": 700000000 + i, "changeSource": "CRM_UI",
           "propertyName": "firstname", "propertyValue": "Bench %d" % i} for i in range(10)]
open(sys.argv[1], "w").write(json.dumps(events, separators=(",", ":")))
PY
    "$PC_STACK_SCRIPT" stop-service worker-hubspot-webhook >&2
    # the partner API: a token of the seeded partner, one of its leads for the status body
    BENCH_API_TOKEN=$(curl -fsS --cacert "$PC_TLS_CERT" -H "Authorization: Bearer $BENCH_TOKEN" \
        -H 'Content-Type: application/json' --data-binary '{"name":"bench"}' \
        "https://127.0.0.1:$PC_HTTPS_PORT/api/v1/partners/$BENCH_PARTNER/api-tokens" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') \
        || die "cannot create the partner's API token"
    export BENCH_API_TOKEN
    curl -fsS --cacert "$PC_TLS_CERT" -H "Authorization: Bearer $BENCH_PARTNER_TOKEN" \
        "https://127.0.0.1:$PC_HTTPS_PORT/api/v1/leads?perPage=1" \
        | python3 -c 'import json,sys; print(json.dumps({"leadId": json.load(sys.stdin)["list"][0]["id"], "status": "in_touch", "note": "bench"}, separators=(",", ":")), end="")' \
            >"$ROOT/build/bench/status.json" || die "cannot read a lead of the partner"
    "$PC_STACK_SCRIPT" stop-service worker-partner-api-lead >&2
}

ROUNDS=${BENCH_ROUNDS:-3}
SECONDS_PER_RUN=${BENCH_SECONDS:-5}
QUEUE_JOBS=${BENCH_QUEUE_JOBS:-20000}
CG_N=${BENCH_CG_N:-200}
WRK_THREADS=2
WRK_CONNS=16
STEP_TIMEOUT=120 # seconds, any single measurement

BIN=$ROOT/build/release/bin
OUT_DIR=$ROOT/build/bench
REPORT=$OUT_DIR/report.md

say() { printf '==> %s\n' "$*" >&2; }
die() {
    printf 'bench: %s\n' "$*" >&2
    exit 1
}

for tool in wrk valgrind spawn-fcgi cgi-fcgi redis-cli curl; do
    command -v "$tool" >/dev/null || die "$tool is missing (make deps installs it)"
done
[ -x "$BIN/pc-api" ] && [ -x "$BIN/pc-worker" ] && [ -x "$BIN/bench-queue" ] \
    || die "build/release binaries missing: run make build"

R_NAME=() R_METHOD=() R_PATH=() R_HEADERS=() R_BODY=() R_CGN=() R_KEY=()
route() {
    local name=$1 method=$2 path=$3 headers="" body="" cgn=$CG_N key=""
    shift 3
    while [ $# -gt 0 ]; do
        case $1 in
        -H) headers+="$2"$'\n' ;;
        -c) headers+="Cookie: $2"$'\n' ;;
        -d) body=$2 ;;
        -n) cgn=$2 ;;
        -k)
            key=1
            shift
            continue
            ;;
        *) die "route $name: unknown option $1" ;;
        esac
        shift 2
    done
    if [ -n "$body" ]; then
        [ -f "$body" ] || die "route $name: no body file $body"
        body=$(realpath "$body")
    fi
    R_NAME+=("$name") R_METHOD+=("$method") R_PATH+=("$path") R_HEADERS+=("$headers")
    R_BODY+=("$body") R_CGN+=("$cgn") R_KEY+=("$key")
}

# ---- the stack --------------------------------------------------------------------------------
. "$ROOT/tests/bench/bench_lib.sh"

BENCH_PIDS=() # extra processes of ours (callgrind responders): stopped on exit
bench_cleanup() {
    local pid
    for pid in "${BENCH_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${BENCH_PIDS[@]}"; do
        wait_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
    done
    BENCH_PIDS=()
}
bench_trap() {
    local rc=$?
    bench_cleanup
    harness_down
    trap - EXIT INT TERM
    exit "$rc"
}

# wait_gone PID SECONDS: true once PID has exited (reaped when it is our child)
wait_gone() {
    local pid=$1 i
    for ((i = 0; i < $2 * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    return 1
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo "?"; }
pidfile() { cat "$PC_VAR_DIR/run/$1.pid" 2>/dev/null || true; }
# the pc-api responders: children of the multiwatch that spawn-fcgi -n became
responder_pids() {
    local top
    top=$(pidfile pc-api)
    [ -n "$top" ] || return 0
    pgrep -P "$top" pc-api || pgrep -P "$(pgrep -P "$top" multiwatch)" pc-api || true
}

harness_up release
trap bench_trap EXIT INT TERM
BASE=https://127.0.0.1:$PC_HTTPS_PORT
TMP=$HARNESS_DIR/bench
mkdir -p "$TMP" "$OUT_DIR"
# production's fsync policy (the harness runs Redis with `always` for its tests)
redis-cli -s "$PC_VAR_DIR/run/redis.sock" CONFIG SET appendfsync everysec >/dev/null

IDLE_RSS=()
for pid in $(responder_pids); do IDLE_RSS+=("$(rss_kb "$pid")"); done
[ ${#IDLE_RSS[@]} -gt 0 ] || die "no pc-api responder found"

bench_setup
bench_routes

# ---- HTTP -------------------------------------------------------------------------------------
# targets: 0 = nginx's baseline, then the routes
T_NAME=(nginx-200 "${R_NAME[@]}") T_METHOD=(GET "${R_METHOD[@]}")
T_PATH=(/bench/nginx-200 "${R_PATH[@]}") T_HEADERS=("" "${R_HEADERS[@]}") T_BODY=("" "${R_BODY[@]}")
T_CGN=(0 "${R_CGN[@]}")
T_KEY=("" "${R_KEY[@]}")

# target_args I: wrk/curl header arguments of target I, one per line (${VAR} expanded now)
header_lines() {
    bench_refresh
    printf '%s' "${T_HEADERS[$1]}" | envsubst
}

# wrk_script I: a Lua file setting the method and body of target I (none for a plain GET)
wrk_script() {
    local i=$1 f=$TMP/wrk-$1.lua
    if [ "${T_METHOD[$i]}" = GET ] && [ -z "${T_BODY[$i]}" ]; then return 0; fi
    {
        printf 'wrk.method = "%s"\n' "${T_METHOD[$i]}"
        if [ -n "${T_BODY[$i]}" ]; then
            printf 'local f = assert(io.open("%s", "rb"))\nwrk.body = f:read("*a")\nf:close()\n' \
                "${T_BODY[$i]}"
        fi
        if [ -n "${T_KEY[$i]}" ]; then # a key of its own per request: each one a first effect
            # each wrk thread has its own Lua state with the same random seed: the thread's
            # number set by setup() keeps two threads from sending one key at once (a 409)
            printf '%s\n' 'local n, threads = 0, 0' \
                'setup = function(thread) threads = threads + 1; thread:set("tid", threads) end' \
                'request = function()' '  n = n + 1' \
                '  wrk.headers["Idempotency-Key"] = string.format("bench-%d-%d-%d-%d", os.time(), tid or 0, math.random(1, 1000000000), n)' \
                '  return wrk.format()' 'end'
        fi
    } >"$f"
    echo "$f"
}

# check_target I: one request with curl; the route must answer 2xx
check_target() {
    local i=$1 args=() line status
    while IFS= read -r line; do [ -n "$line" ] && args+=(-H "$line"); done < <(header_lines "$i")
    [ -n "${T_BODY[$i]}" ] && args+=(--data-binary "@${T_BODY[$i]}")
    status=$(curl -sS -o "$TMP/check-$i.body" -w '%{http_code}' --max-time 10 \
        --cacert "$PC_TLS_CERT" -X "${T_METHOD[$i]}" "${args[@]}" "$BASE${T_PATH[$i]}") \
        || die "${T_NAME[$i]}: request failed"
    case $status in
    2??) ;;
    *) die "${T_NAME[$i]}: ${T_METHOD[$i]} ${T_PATH[$i]} answered $status: $(head -c 300 "$TMP/check-$i.body")" ;;
    esac
}

# run_wrk I SECONDS: prints "req_per_s p50_ms p99_ms bad" (bad = non-2xx/3xx + socket errors)
run_wrk() {
    local i=$1 secs=$2 args=() line script out
    while IFS= read -r line; do [ -n "$line" ] && args+=(-H "$line"); done < <(header_lines "$i")
    script=$(wrk_script "$i")
    [ -n "$script" ] && args+=(-s "$script")
    out=$(timeout $((secs + 30)) wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${secs}s" --timeout 10s --latency \
        "${args[@]}" "$BASE${T_PATH[$i]}") || die "wrk failed on ${T_NAME[$i]}"
    printf '%s\n' "$out" >>"$PC_VAR_DIR/log/bench-wrk.log"
    printf '%s\n' "$out" | wrk_figures
}


NT=${#T_NAME[@]}
for ((i = 0; i < NT; i++)); do check_target "$i"; done
say "HTTP: warm-up, then $ROUNDS interleaved rounds of ${SECONDS_PER_RUN}s x $NT targets"
for ((i = 0; i < NT; i++)); do run_wrk "$i" 1 >/dev/null; settle; done
declare -A RPS P50 P99 BAD
for ((r = 1; r <= ROUNDS; r++)); do
    for ((i = 0; i < NT; i++)); do
        line=$(run_wrk "$i" "$SECONDS_PER_RUN")
        settle
        read -r "RPS[$i,$r]" "P50[$i,$r]" "P99[$i,$r]" "BAD[$i,$r]" <<<"$line"
        say "  round $r ${T_NAME[$i]}: ${RPS[$i,$r]} req/s p50 ${P50[$i,$r]} ms p99 ${P99[$i,$r]} ms"
    done
done

# ---- memory after the load --------------------------------------------------------------------
MEM_ROWS=()
mem_row() { MEM_ROWS+=("| $1 | $2 | $(rss_kb "$2") |"); }
for pid in $(responder_pids); do mem_row "pc-api responder" "$pid"; done
for f in "$PC_VAR_DIR"/run/worker-*.pid; do
    [ -e "$f" ] || continue
    q=$(basename "$f" .pid)
    for pid in $(pgrep -P "$(cat "$f")" pc-worker || true); do mem_row "pc-worker ${q#worker-}" "$pid"; done
done
NGINX_MASTER=$(pidfile nginx)
mem_row "nginx master" "$NGINX_MASTER"
for pid in $(pgrep -P "$NGINX_MASTER" nginx || true); do mem_row "nginx worker" "$pid"; done
mem_row redis-server "$(pidfile redis)"
mem_row ferretdb "$(pidfile ferretdb)"
PG_TOP=$(pidfile postgres)
if [ -n "$PG_TOP" ]; then
    mem_row "postgres (postmaster)" "$PG_TOP"
    for pid in $(pgrep -P "$PG_TOP" || true); do
        mem_row "postgres: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | sed 's/^postgres: //; s/ *$//')" "$pid"
    done
fi
SUPERVISORS=0
for f in "$PC_VAR_DIR"/run/pc-api.pid "$PC_VAR_DIR"/run/worker-*.pid; do
    [ -e "$f" ] && SUPERVISORS=$((SUPERVISORS + $(rss_kb "$(cat "$f")")))
done

# ---- queue ------------------------------------------------------------------------------------
# the stack's own test-noop worker stops, so that only the measured workers take jobs; rounds
# interleave: enqueue N, drain with 1 worker, enqueue N, drain with 2 workers, ...
say "queue: $QUEUE_JOBS no-op jobs on test-noop; $ROUNDS rounds of enqueue + drain by 1, then 2 workers"
"$PC_STACK_SCRIPT" stop-service worker-test-noop >&2
kv() { printf '%s\n' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }
bq() { timeout $((STEP_TIMEOUT + 30)) "$BIN/bench-queue" "$@" || die "bench-queue $* failed"; }
declare -A QRATE QSECS QRSS
for ((r = 1; r <= ROUNDS; r++)); do
    for k in 1 2; do
        line=$(bq enqueue "$QUEUE_JOBS")
        QRATE[enq,$k,$r]=$(kv "$line" jobs_per_s) QSECS[enq,$k,$r]=$(kv "$line" seconds)
        line=$(bq drain "$k" "$QUEUE_JOBS")
        QRATE[drain,$k,$r]=$(kv "$line" jobs_per_s) QSECS[drain,$k,$r]=$(kv "$line" seconds)
        QRSS[$k,$r]=$(kv "$line" worker_rss_kb)
        say "  round $r: enqueue ${QRATE[enq,$k,$r]} jobs/s, $k worker(s) ${QRATE[drain,$k,$r]} jobs/s"
    done
done
"$PC_STACK_SCRIPT" start-service worker-test-noop >&2

# ---- HubSpot event processing -----------------------------------------------------------------
# deliveries of 100 property changes (new event ids, each on 100 of 500 leads linked to
# contacts) on an emptied hubspot-webhook queue, drained by one worker: dedupe lookup, lead read,
# patch, one write per lead and delivery, the event marks and the inbox record
HS_BATCHES=${BENCH_HS_BATCHES:-30}
say "hubspot: $ROUNDS rounds of $HS_BATCHES deliveries x 100 events drained by 1 worker"
declare -A HRATE HSECS
for ((r = 1; r <= ROUNDS; r++)); do
    line=$(bq hubspot "$HS_BATCHES" 100)
    HRATE[$r]=$(kv "$line" events_per_s) HSECS[$r]=$(kv "$line" seconds)
    say "  round $r: ${HRATE[$r]} events/s"
done
"$PC_STACK_SCRIPT" start-service worker-hubspot-webhook >&2

# ---- webhooks to partners ---------------------------------------------------------------------
# issue 15: N signed deliveries to one endpoint of the seeded partner, whose receiver (a local
# threaded HTTP server answering 204) stands in for the partner's; the stack's 4 workers of
# partner-webhooks stop, 4 measured ones drain the queue: sign, pinned POST, delivery log write
WH_JOBS=${BENCH_WH_JOBS:-2000}
say "webhooks: $ROUNDS rounds of $WH_JOBS deliveries to one endpoint by 4 workers"
WH_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$WH_PORT" >>"$PC_VAR_DIR/log/bench-receiver.log" 2>&1 <<'PY' &
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.end_headers()
    def log_message(self, *args):
        pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
PY
WH_RECEIVER=$!
WH_ENDPOINT=$(curl -fsS --cacert "$PC_TLS_CERT" -H "Authorization: Bearer $BENCH_TOKEN" \
    -H 'Content-Type: application/json' \
    --data-binary "{\"url\":\"http://127.0.0.1:$WH_PORT/hook\",\"events\":[\"lead.status_changed\"]}" \
    "$BASE/api/v1/partners/$BENCH_PARTNER/webhooks" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])') \
    || { kill "$WH_RECEIVER"; die "cannot create the webhook endpoint"; }
"$PC_STACK_SCRIPT" stop-service worker-partner-webhooks >&2
declare -A WRATE WSECS
for ((r = 1; r <= ROUNDS; r++)); do
    line=$(bq webhooks 4 "$WH_JOBS" "$WH_ENDPOINT" "$BENCH_PARTNER") || { kill "$WH_RECEIVER"; exit 1; }
    WRATE[$r]=$(kv "$line" jobs_per_s) WSECS[$r]=$(kv "$line" seconds)
    say "  round $r: ${WRATE[$r]} deliveries/s"
done
"$PC_STACK_SCRIPT" start-service worker-partner-webhooks >&2
kill "$WH_RECEIVER" 2>/dev/null || true
WH_DELIVERED=$(curl -fsS --cacert "$PC_TLS_CERT" -H "Authorization: Bearer $BENCH_TOKEN" \
    "$BASE/api/v1/partners/$BENCH_PARTNER/webhooks/$WH_ENDPOINT/deliveries?perPage=1&filter=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("[{\"column\":\"outcome\",\"operator\":\"eq\",\"value\":\"delivered\"}]"))')" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["meta"]["total"])' || echo "?")

# ---- import preview ---------------------------------------------------------------------------
# one 100 000-row CSV (the row limit) previewed against the seeded leads: 200 of its e-mails are
# existing leads, spread over the file; wall time of the dry run through nginx, per round
say "import preview: $ROUNDS dry runs of 100000 rows against the seeded leads"
curl -fsS --cacert "$PC_TLS_CERT" -H "Authorization: Bearer $BENCH_TOKEN" \
    "$BASE/api/v1/leads?perPage=200" -o "$TMP/known.json" || die "cannot list leads"
python3 - "$TMP/known.json" "$TMP/preview.csv" <<'PY'
import json, sys
known = [l["email"] for l in json.load(open(sys.argv[1]))["list"]]
with open(sys.argv[2], "w") as f:
    f.write("email,first name,company\n")
    for i in range(100000):
        email = known[i // 500] if i % 500 == 250 and i // 500 < len(known) else f"preview-{i}@bench.test"
        f.write(f"{email},Name {i},Company {i % 97}\n")
PY
declare -A PREVIEW_S PREVIEW_DUPS
for ((r = 1; r <= ROUNDS; r++)); do
    out=$(curl -sS --cacert "$PC_TLS_CERT" -H "Authorization: Bearer $BENCH_TOKEN" --max-time 60 \
        -F "partner=$BENCH_PARTNER" -F "file=@$TMP/preview.csv;type=text/csv" \
        -w '\n%{http_code} %{time_total}' "$BASE/api/v1/leads/import?dryRun=1") \
        || die "import preview failed"
    read -r code secs <<<"$(tail -n 1 <<<"$out")"
    [ "$code" = 200 ] || die "import preview answered $code: $(head -c 300 <<<"$out")"
    PREVIEW_S[$r]=$secs
    PREVIEW_DUPS[$r]=$(head -n 1 <<<"$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["duplicates"]))')
    say "  round $r: ${PREVIEW_S[$r]} s, ${PREVIEW_DUPS[$r]} duplicates"
done

# ---- callgrind: instructions per request of pc-api alone --------------------------------------
# cg_count I COUNT: a fresh pc-api under callgrind on its own socket, COUNT requests of route I
# through cgi-fcgi, SIGTERM (pc-api exits cleanly, callgrind writes its totals); sets CG_IR
# (not run in a subshell, so that bench_cleanup knows the responder)
cg_count() {
    local i=$1 count=$2 sock=$TMP/cg.sock out=$TMP/cg-$1-$2.out pid n env=() line
    local path=${T_PATH[$i]} query="" status
    [[ $path == *\?* ]] && query=${path#*\?}
    env=(REQUEST_METHOD="${T_METHOD[$i]}" REQUEST_URI="$path" DOCUMENT_URI="${path%%\?*}"
        QUERY_STRING="$query" REMOTE_ADDR=127.0.0.1 SERVER_PROTOCOL=HTTP/1.1
        REQUEST_ID="bench$count")
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        local hname=${line%%:*} hval=${line#*:}
        hname=$(printf '%s' "$hname" | tr 'a-z-' 'A-Z_')
        hval=${hval# }
        if [ "$hname" = CONTENT_TYPE ]; then env+=(CONTENT_TYPE="$hval"); else env+=("HTTP_$hname=$hval"); fi
    done < <(header_lines "$i")
    local body=/dev/null
    if [ -n "${T_BODY[$i]}" ]; then
        body=${T_BODY[$i]}
        env+=(CONTENT_LENGTH="$(stat -c %s "$body")")
    fi
    rm -f "$sock" "$out"
    (
        while IFS= read -r line; do [ -n "$line" ] && export "$line"; done <"$PC_VAR_DIR/run/app.env"
        exec spawn-fcgi -n -s "$sock" -- /usr/bin/valgrind --tool=callgrind -q \
            --callgrind-out-file="$out" "$BIN/pc-api"
    ) </dev/null >>"$PC_VAR_DIR/log/bench-callgrind-$i.log" 2>&1 &
    pid=$!
    BENCH_PIDS+=("$pid")
    for ((n = 0; n < 300; n++)); do
        [ -S "$sock" ] && break
        sleep 0.1
    done
    [ -S "$sock" ] || die "callgrind pc-api did not come up, see $PC_VAR_DIR/log/bench-callgrind-$i.log"
    for ((n = 0; n < count; n++)); do
        status=$(env -i "${env[@]}" timeout 30 cgi-fcgi -bind -connect "$sock" <"$body" \
            | tr -d '\r' | awk 'NR == 1 {s = /^Status:/ ? $2 : "none"} END {print s}')
        case $status in
        2??) ;;
        *) die "${T_NAME[$i]} under callgrind answered '${status}' (request $((n + 1)))" ;;
        esac
    done
    kill -TERM "$pid"
    wait_gone "$pid" 60 || die "callgrind pc-api did not stop on SIGTERM"
    BENCH_PIDS=()
    rm -f "$sock"
    CG_IR=$(awk '/^(summary|totals):/ {print $2; exit}' "$out")
    [ -n "$CG_IR" ] || die "no totals in $out (pc-api did not exit cleanly?)"
}

declare -A IPR
for ((i = 1; i < NT; i++)); do
    n=${T_CGN[$i]}
    say "callgrind: ${T_NAME[$i]}, $n then $((3 * n)) requests"
    cg_count "$i" "$n"
    i1=$CG_IR
    cg_count "$i" $((3 * n))
    IPR[$i]=$(((CG_IR - i1) / (2 * n)))
done

# ---- the report -------------------------------------------------------------------------------
fmt_int() { printf '%d' "${1%.*}"; }
{
    echo "# Partner Connector benchmark"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD) ($(git rev-parse --abbrev-ref HEAD))"
    echo "- machine: $(nproc) CPUs (nproc), $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)," \
        "$(awk '/^MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo), Linux $(uname -r); shared machine"
    echo "- stack: harness (PC_ENV=test), $PC_API_PROCS pc-api responders, nginx $(nginx -v 2>&1 | sed 's|.*/||') TLS," \
        "Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') appendfsync everysec, FerretDB ($(cat "$PC_VAR_DIR/run/ferretdb.backend") backend); PC_LOG_LEVEL=$PC_LOG_LEVEL"
    echo "- HTTP: wrk -t$WRK_THREADS -c$WRK_CONNS -d${SECONDS_PER_RUN}s --timeout 10s --latency, HTTPS (HTTP/1.1 keep-alive) to 127.0.0.1;" \
        "$ROUNDS interleaved rounds (every target once per round); median of the rounds;" \
        "ratio = median over rounds of (route req/s ÷ nginx req/s in the same round)"
    echo "- instructions: callgrind Ir of pc-api alone per request, (I(3N) − I(N)) ÷ 2N with N = ${CG_N} (sign-in 5, argon2id is slow under valgrind; leads lists 10 and partners list 20, FerretDB is slow), via cgi-fcgi on its own socket"
    echo "- times swing ±50% on this machine (DESIGN.md §8): compare ratios and instructions, not absolute figures"
    echo
    echo "## HTTP"
    echo
    echo "| target | request | req/s (median) | p50 (ms) | p99 (ms) | ratio to nginx (req/s) | non-2xx + errors (count) | instructions/request (Ir) | req/s per round |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
    for ((i = 0; i < NT; i++)); do
        rps=() p50=() p99=() ratio=() bad=0 per=""
        for ((r = 1; r <= ROUNDS; r++)); do
            rps+=("${RPS[$i,$r]}") p50+=("${P50[$i,$r]}") p99+=("${P99[$i,$r]}")
            ratio+=("$(awk -v a="${RPS[$i,$r]}" -v b="${RPS[0,$r]}" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}')")
            bad=$((bad + BAD[$i,$r]))
            per+="${per:+ / }$(fmt_int "${RPS[$i,$r]}")"
        done
        ipr="–"
        [ "$i" -gt 0 ] && ipr=$(fmt_int "${IPR[$i]}")
        printf '| %s | %s %s | %s | %.2f | %.2f | %.2f | %d | %s | %s |\n' "${T_NAME[$i]}" \
            "${T_METHOD[$i]}" "${T_PATH[$i]}" "$(fmt_int "$(median "${rps[@]}")")" \
            "$(median "${p50[@]}")" "$(median "${p99[@]}")" "$(median "${ratio[@]}")" "$bad" \
            "$ipr" "$per"
    done
    echo
    echo "## Database round trips per request (from the access log, db=N)"
    echo
    echo "| route pattern | requests | round trips (min) | round trips (max) |"
    echo "|---|---:|---:|---:|"
    awk '/msg="request"/ && / status=2/ {
            r = ""; d = ""
            for (i = 1; i <= NF; i++) {
                if ($i ~ /^route=/) r = substr($i, 7) " " m
                if ($i ~ /^method=/) m = substr($i, 8)
                if ($i ~ /^db=/) d = substr($i, 4) + 0
            }
            if (r == "" || d == "") next
            n[r]++; if (!(r in lo) || d < lo[r]) lo[r] = d; if (d > hi[r]) hi[r] = d
         }
         END { for (r in n) printf "| %s | %d | %d | %d |\n", r, n[r], lo[r], hi[r] }' \
        "$PC_VAR_DIR/log/pc-api.log" | sort
    echo
    echo "## Queue (test-noop, $QUEUE_JOBS no-op jobs per measurement, $ROUNDS interleaved rounds)"
    echo
    echo "| measurement | jobs/s (median) | seconds (median, s) | ratio to 1 worker | jobs/s per round | worker RSS after the last drain (kB) |"
    echo "|---|---:|---:|---:|---|---|"
    q_row() { # LABEL KIND K [K-for-ratio] [rss]
        local rates=() secs=() ratios=() per="" r
        for ((r = 1; r <= ROUNDS; r++)); do
            for kk in $3; do
                rates+=("${QRATE[$2,$kk,$r]}") secs+=("${QSECS[$2,$kk,$r]}")
                per+="${per:+ / }${QRATE[$2,$kk,$r]}"
            done
            [ -n "${4:-}" ] && ratios+=("$(awk -v a="${QRATE[drain,$4,$r]}" -v b="${QRATE[drain,1,$r]}" 'BEGIN {printf "%.2f", a / b}')")
        done
        printf '| %s | %d | %.3f | %s | %s | %s |\n' "$1" "$(median "${rates[@]}")" \
            "$(median "${secs[@]}")" "$([ -n "${4:-}" ] && median "${ratios[@]}" || echo –)" "$per" \
            "$([ -n "${4:-}" ] && echo "${QRSS[$4,$ROUNDS]}" | sed 's/,/, /g' || echo –)"
    }
    q_row "enqueue: queue_push from 1 client" enq "1 2"
    q_row "drain: 1 pc-worker" drain 1 1
    q_row "drain: 2 pc-workers" drain 2 2
    echo
    echo "## HubSpot event processing (deliveries of 100 contact.propertyChange events, 1 pc-worker, $ROUNDS rounds)"
    echo
    echo "| measurement | events/s (median) | seconds per $HS_BATCHES deliveries (median) | events/s per round |"
    echo "|---|---:|---:|---|"
    per=""
    for ((r = 1; r <= ROUNDS; r++)); do per+="${per:+ / }${HRATE[$r]}"; done
    printf '| hubspot-webhook: %d events per round | %s | %s | %s |\n' $((HS_BATCHES * 100)) \
        "$(median "${HRATE[@]}")" "$(median "${HSECS[@]}")" "$per"
    echo
    echo "## Webhooks to partners ($WH_JOBS deliveries per round to one local receiver, 4 pc-workers, $ROUNDS rounds)"
    echo
    echo "| measurement | deliveries/s (median) | seconds per round (median) | deliveries/s per round | logged as delivered |"
    echo "|---|---:|---:|---|---:|"
    per=""
    for ((r = 1; r <= ROUNDS; r++)); do per+="${per:+ / }${WRATE[$r]}"; done
    printf '| partner-webhooks: sign, POST, delivery log | %s | %s | %s | %s of %d |\n' \
        "$(median "${WRATE[@]}")" "$(median "${WSECS[@]}")" "$per" "$WH_DELIVERED" $((WH_JOBS * ROUNDS))
    echo
    echo "## Import preview (dry run of a 100 000-row, $(du -k "$TMP/preview.csv" | cut -f1) kB CSV; 200 rows are existing leads)"
    echo
    echo "| measurement | seconds (median) | seconds per round | duplicates found |"
    echo "|---|---:|---|---:|"
    per=""
    for ((r = 1; r <= ROUNDS; r++)); do per+="${per:+ / }${PREVIEW_S[$r]}"; done
    printf '| POST /api/v1/leads/import?dryRun=1 through nginx | %s | %s | %s |\n' \
        "$(median "${PREVIEW_S[@]}")" "$per" "${PREVIEW_DUPS[1]}"
    echo
    echo "## Memory (VmRSS)"
    echo
    echo "| process | pid | RSS (kB) |"
    echo "|---|---:|---:|"
    echo "| pc-api idle, right after start (min of the $PC_API_PROCS responders; all: $(printf '%s ' "${IDLE_RSS[@]}" | sed 's/ $//; s/ /, /g') kB) | – | $(printf '%s\n' "${IDLE_RSS[@]}" | sort -g | head -1) |"
    echo "| **after the HTTP load:** | | |"
    printf '%s\n' "${MEM_ROWS[@]}"
    echo "| multiwatch supervisors (sum of $(ls "$PC_VAR_DIR"/run/pc-api.pid "$PC_VAR_DIR"/run/worker-*.pid | wc -l)) | – | $SUPERVISORS |"
} >"$TMP/report.md"
cp "$TMP/report.md" "$REPORT"
cat "$REPORT"
say "report written to ${REPORT#"$ROOT"/}"
