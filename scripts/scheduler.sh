#!/usr/bin/env bash
# scheduler.sh - the dev stack's cron: calls the cron routes through nginx on loopback, as the
# systemd timers do in production (ansible/roles/app). The jobs and their schedules come from
# `pc-api --list-cron-jobs` (the table in lib/domain/cron_jobs.c), one "name schedule" line each:
#   every <N>s|m|h        every N seconds, minutes or hours
#   daily HH:MM           once a day at that time of CRON_TIMEZONE
#   monthly <day> HH:MM   once a month, on that day at that time of CRON_TIMEZONE
set -u
: "${PC_HTTPS_PORT:?}" "${CRON_SECRET:?}" "${PC_TLS_CERT:?}" "${PC_BIN_DIR:?}"
CRON_TZ=${CRON_TIMEZONE:-UTC} # the default of lib/core/config.c
mapfile -t JOBS < <("$PC_BIN_DIR/pc-api" --list-cron-jobs)
declare -A last_run

seconds_of() {
    local n=${1%[smh]}
    case $1 in
    *s) echo "$n" ;;
    *m) echo $((n * 60)) ;;
    *h) echo $((n * 3600)) ;;
    *) echo 0 ;;
    esac
}

# due JOB NOW KIND ARGS...: whether JOB runs in this turn (records the run when it does)
due() {
    local job=$1 now=$2 kind=$3 period key
    shift 3
    case $kind in
    every)
        period=$(seconds_of "$1")
        ((period > 0 && now - ${last_run[$job]:-0} >= period)) || return 1
        last_run[$job]=$now
        ;;
    daily | monthly)
        if [ "$kind" = monthly ]; then
            [ "$(TZ=$CRON_TZ date -d "@$now" +%-d)" = "$1" ] || return 1
            shift
        fi
        [ "$(TZ=$CRON_TZ date -d "@$now" +%H:%M)" = "$1" ] || return 1
        key=$(TZ=$CRON_TZ date -d "@$now" +%F)
        [ "${last_run[$job]:-}" != "$key" ] || return 1
        last_run[$job]=$key
        ;;
    *)
        [ -n "${last_run[$job]:-}" ] || echo "scheduler: unknown schedule '$kind $*' of $job" >&2
        last_run[$job]=unknown
        return 1
        ;;
    esac
}

while true; do
    now=$(date +%s)
    for entry in "${JOBS[@]}"; do
        read -r job schedule <<<"$entry"
        # shellcheck disable=SC2086 # the schedule's words are the arguments
        if due "$job" "$now" $schedule; then
            curl -sS -o /dev/null -w "$(date -u +%FT%TZ) cron $job -> %{http_code}\n" \
                --cacert "$PC_TLS_CERT" --resolve "localhost:$PC_HTTPS_PORT:127.0.0.1" \
                -X POST -H "Authorization: Bearer $CRON_SECRET" \
                "https://localhost:$PC_HTTPS_PORT/api/v1/cron/$job" || true
        fi
    done
    sleep 20
done
