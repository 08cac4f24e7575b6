#!/usr/bin/env bash
# scheduler.sh - the dev stack's cron: calls the cron routes through nginx on loopback, as the
# systemd timers do in production (ansible/roles/app). Jobs and their periods, in seconds:
JOBS=(
    "flush-outbox 60"
    "purge-expired 3600"
)
set -u
: "${PC_HTTPS_PORT:?}" "${CRON_SECRET:?}" "${PC_TLS_CERT:?}"
declare -A last_run
while true; do
    now=$(date +%s)
    for entry in "${JOBS[@]}"; do
        read -r job period <<<"$entry"
        if (( now - ${last_run[$job]:-0} >= period )); then
            last_run[$job]=$now
            curl -sS -o /dev/null -w "$(date -u +%FT%TZ) cron $job -> %{http_code}\n" \
                --cacert "$PC_TLS_CERT" --resolve "localhost:$PC_HTTPS_PORT:127.0.0.1" \
                -X POST -H "Authorization: Bearer $CRON_SECRET" \
                "https://localhost:$PC_HTTPS_PORT/api/v1/cron/$job" || true
        fi
    done
    sleep 30
done
