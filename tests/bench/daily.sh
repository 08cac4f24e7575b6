#!/usr/bin/env bash
# daily.sh - the daily-work benchmark of issue 17, part of make bench: a private harness stack
# (FerretDB on PostgreSQL with its GIN indexes), 50 partners and 10 000 leads (bench-seed), then
#   - word search on 10 000 leads: the list with search= through nginx (staff and a partner's
#     user), and the two query shapes side by side in the database (bench-seed --probe-search:
#     one equality on the stored prefixes, which FerretDB passes down, against $regex ^word);
#   - export of the 10 000 leads as CSV and XLSX: wall time, bytes, and the responders' peak
#     memory (VmHWM: the highest and the sum) before and after, against an export of ~1 400 leads first (streamed: the
#     peak must not grow with the rows);
#   - bulk status change of 500 leads in one request (each through the single route's rules).
# The machine is shared (DESIGN §8): compare within a run. Report: build/bench/daily.md + stdout.
# Knobs: BENCH_ROUNDS=3
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MODE=bench-daily
cd "$ROOT"
ROUNDS=${BENCH_ROUNDS:-3}
BIN=$ROOT/build/release/bin
OUT_DIR=$ROOT/build/bench
REPORT=$OUT_DIR/daily.md

say() { printf '==> %s\n' "$*" >&2; }
die() {
    printf 'bench daily: %s\n' "$*" >&2
    exit 1
}
[ -x "$BIN/pc-api" ] && [ -x "$BIN/bench-seed" ] || die "build/release binaries missing: make build-c"

. "$ROOT/tests/harness/lib.sh"
export PC_API_RATE=100000r/s PC_API_BURST=100000 PC_CONN_PER_IP=10000
export PC_AUTH_RATE=100000r/s PC_AUTH_BURST=100000 PC_BENCH=1
export PC_REQUEST_TIMEOUT_S=${PC_REQUEST_TIMEOUT_S:-25} PC_DB_MAX_TIME_MS=${PC_DB_MAX_TIME_MS:-20000}

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
token_of() { # EMAIL PASSWORD
    curl -fsS --cacert "$PC_TLS_CERT" -D - -o /dev/null -H 'Content-Type: application/json' \
        --data-binary "{\"email\":\"$1\",\"password\":\"$2\"}" "$BASE/api/v1/auth/sign-in" \
        | sed -n 's/^[Ss]et-[Cc]ookie: __Secure-pc_access=\([^;]*\);.*/\1/p'
}
# timed TOKEN PATH [curl args...]: "seconds bytes status" of one request
timed() {
    local tok=$1 path=$2
    shift 2
    curl -sS --max-time 120 --cacert "$PC_TLS_CERT" -H "Authorization: Bearer $tok" -o "$TMP/out" \
        -w '%{time_total} %{size_download} %{http_code}\n' "$@" "$BASE$path"
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
responders() { pgrep -P "$(pgrep -P "$(cat "$PC_VAR_DIR/run/pc-api.pid")" multiwatch || cat "$PC_VAR_DIR/run/pc-api.pid")"; }
peak_kb() { # "max/sum" of the responders' VmHWM (a growth in the one that served shows in the sum)
    local max=0 sum=0 pid kb
    for pid in $(responders); do
        kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        kb=${kb:-0}
        sum=$((sum + kb))
        [ "$kb" -gt "$max" ] && max=$kb
    done
    echo "$max/$sum"
}

unset PC_DB_ENGINE
harness_up release
TMP=$HARNESS_DIR/bench
mkdir -p "$TMP" "$OUT_DIR"
BASE=https://127.0.0.1:$PC_HTTPS_PORT
say "seeding 50 partners and 10000 leads (bench-seed)"
seed=$(env $(cat "$PC_VAR_DIR/run/app.env") "$BIN/bench-seed" 50 10000 2>>"$PC_VAR_DIR/log/bench-seed.log") \
    || die "bench-seed failed"
OWNER=$(token_of "$INITIAL_OWNER_EMAIL" "$INITIAL_OWNER_PASSWORD")
USER=$(token_of bench-user@bench.test bench-user-password)
[ -n "$OWNER" ] && [ -n "$USER" ] || die "cannot sign in"
{
    echo "# Daily work (issue 17): 10 000 leads, FerretDB on PostgreSQL"
    echo
    echo "$(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg), shared machine: compare within the run"
    echo
    echo "## Word search"
    echo
    echo "| query | who | matches | median s (${ROUNDS} rounds) |"
    echo "|---|---|---|---|"
} >"$REPORT"
for word in keller delta 4; do
    for who in staff partner; do
        tok=$OWNER
        [ $who = partner ] && tok=$USER
        secs=()
        for ((r = 0; r < ROUNDS; r++)); do
            read -r s _ code <<<"$(timed "$tok" "/api/v1/leads?perPage=50&search=$word")"
            [ "$code" = 200 ] || die "search $word answered $code"
            secs+=("$s")
        done
        total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["meta"]["total"])' "$TMP/out")
        echo "| search=$word | $who | $total | $(printf '%s\n' "${secs[@]}" | median) |" >>"$REPORT"
    done
done
{
    echo
    echo "The two query shapes in the database (bench-seed --probe-search, ${ROUNDS} interleaved rounds, median ms of one read of the matching ids):"
    echo
    echo '```'
    for word in keller delta 4; do
        env $(cat "$PC_VAR_DIR/run/app.env") "$BIN/bench-seed" --probe-search "$word" "$ROUNDS" \
            2>>"$PC_VAR_DIR/log/bench-seed.log"
    done
    echo '```'
    echo
    echo "## Export"
    echo
    echo "| view | format | rows | bytes | seconds | responders' VmHWM max/sum before → after (kB) |"
    echo "|---|---|---|---|---|---|"
} >>"$REPORT"
one_status="filter=$(enc '[{"column":"dealStatus","operator":"eq","value":"won"}]')"
for view in "won:$one_status" "all:"; do
    name=${view%%:*} q=${view#*:}
    for fmt in csv xlsx; do
        before=$(peak_kb)
        read -r s bytes code <<<"$(timed "$OWNER" "/api/v1/leads/export?format=$fmt&$q")"
        [ "$code" = 200 ] || die "export $name $fmt answered $code: $(head -c 300 "$TMP/out")"
        rows=$([ $fmt = csv ] && echo $(($(wc -l <"$TMP/out") - 1)) || echo "-")
        echo "| $name | $fmt | $rows | $bytes | $s | $before → $(peak_kb) |" >>"$REPORT"
    done
done
{
    echo
    echo "## Bulk status change"
    echo
    echo "| leads | action | succeeded | seconds |"
    echo "|---|---|---|---|"
} >>"$REPORT"
ids=$(curl -fsS --cacert "$PC_TLS_CERT" -H "Authorization: Bearer $OWNER" \
    "$BASE/api/v1/leads?perPage=200&filter=$(enc '[{"column":"dealStatus","operator":"in","value":["new","in_touch","scheduled"]}]')" \
    | python3 -c 'import json,sys; print(json.dumps([l["id"] for l in json.load(sys.stdin)["list"]]))')
# 500 ids: three pages of the open leads (the list caps a page at 200)
python3 - "$ids" "$TMP/bulk.json" <<'PY'
import json, sys
ids = json.loads(sys.argv[1])
json.dump({"action": "status", "status": "lost_no_potential", "reason": "bench",
           "ids": (ids * 3)[:500] if len(ids) >= 500 else ids}, open(sys.argv[2], "w"))
PY
curl -fsS --cacert "$PC_TLS_CERT" -H "Authorization: Bearer $OWNER" \
    "$BASE/api/v1/leads?perPage=200&page=1&filter=$(enc '[{"column":"dealStatus","operator":"in","value":["new","in_touch","scheduled"]}]')" \
    -o "$TMP/p1.json"
curl -fsS --cacert "$PC_TLS_CERT" -H "Authorization: Bearer $OWNER" \
    "$BASE/api/v1/leads?perPage=200&page=2&filter=$(enc '[{"column":"dealStatus","operator":"in","value":["new","in_touch","scheduled"]}]')" \
    -o "$TMP/p2.json"
python3 - "$ids" "$TMP/p1.json" "$TMP/p2.json" "$TMP/bulk.json" <<'PY'
import json, sys
ids = json.loads(sys.argv[1]) + [l["id"] for f in sys.argv[2:4] for l in json.load(open(f))["list"]]
ids = list(dict.fromkeys(ids))[:500]
json.dump({"action": "status", "status": "lost_no_potential", "reason": "bench", "ids": ids},
          open(sys.argv[4], "w"))
PY
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["ids"]))' "$TMP/bulk.json")
csrf_free=(-H 'Content-Type: application/json' --data-binary "@$TMP/bulk.json")
read -r s _ code <<<"$(timed "$OWNER" /api/v1/leads/bulk "${csrf_free[@]}")"
[ "$code" = 200 ] || die "bulk answered $code: $(head -c 300 "$TMP/out")"
ok=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["succeeded"])' "$TMP/out")
echo "| $n | status → lost_no_potential (staff, with a reason) | $ok | $s |" >>"$REPORT"
harness_down
trap - EXIT INT TERM
cat "$REPORT"
