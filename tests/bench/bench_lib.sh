# bench_lib.sh - what both benchmarks (run.sh, datatier.sh) share: the harness with nginx's limits
# lifted, wrk's figures, settling between targets. Sourced after ROOT is set; BASE and
# PC_TLS_CERT are read when the functions run.
. "$ROOT/tests/harness/lib.sh"
export PC_API_RATE=100000r/s PC_API_BURST=100000 PC_CONN_PER_IP=10000 PC_CONN_PER_PRINCIPAL=10000
export PC_AUTH_RATE=100000r/s PC_AUTH_BURST=100000 PC_WEBHOOK_RATE=100000r/s
export PC_WEBHOOK_BURST=100000 PC_BENCH=1 PC_PARTNER_API_RATE=100000 PC_PARTNER_API_BURST=100000
# production's request watchdog (the harness's 12 s is for its own watchdog test)
export PC_REQUEST_TIMEOUT_S=${PC_REQUEST_TIMEOUT_S:-25}

# wrk_figures: wrk --latency's output on stdin -> "req_per_s p50_ms p99_ms bad"
# (bad = non-2xx/3xx responses + socket errors)
wrk_figures() {
    awk '
        function ms(v) {
            if (v ~ /us$/) return (v + 0) / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /m$/) return (v + 0) * 60000
            if (v ~ /s$/) return (v + 0) * 1000
            return v + 0
        }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /^Requests\/sec:/ { rps = $2 }
        /Non-2xx or 3xx responses:/ { bad += $NF }
        /Socket errors:/ { gsub(",", ""); bad += $4 + $6 + $8 + $10 }
        END { printf "%.1f %.3f %.3f %d\n", rps, p50, p99, bad }'
}

# settle: slow routes (FerretDB reads whole collections) leave requests queued in nginx after
# wrk stops; wait (at most 120 s) until the pool answers health quickly again, so the next
# target is measured on an idle pool
settle() {
    local t i
    for ((i = 0; i < 240; i++)); do
        t=$(curl -s -o /dev/null -w '%{time_total}' --cacert "$PC_TLS_CERT" "$BASE/api/v1/health" \
            || echo 9)
        awk -v t="$t" 'BEGIN {exit !(t < 0.05)}' && return 0
        sleep 0.5
    done
}

# median V...: the middle of the values (the lower middle of an even count)
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
