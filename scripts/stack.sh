#!/usr/bin/env bash
# stack.sh - start, stop and inspect the local stack: PostgreSQL (private cluster), FerretDB,
# Redis, the pc-api pool, the workers, the scheduler and nginx. Used by `make run` / `make stop` and by the test harness
# (tests/harness/), which points PC_VAR_DIR at a temp dir and picks free ports.
#
#   scripts/stack.sh up | down | status
#   scripts/stack.sh stop-service NAME | start-service NAME | restart-service NAME
#
# Every process started is recorded in $PC_VAR_DIR/run/<name>.pid; `down` stops exactly those.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PC_REPO=$ROOT
export PC_VAR_DIR=${PC_VAR_DIR:-$ROOT/var}
mkdir -p "$PC_VAR_DIR"
PC_VAR_DIR=$(cd "$PC_VAR_DIR" && pwd)
export PC_HTTPS_PORT=${PC_HTTPS_PORT:-8443}
export PC_HTTP_PORT=${PC_HTTP_PORT:-8080}
export PC_LISTEN=${PC_LISTEN:-127.0.0.1}
export PC_BIN_DIR=${PC_BIN_DIR:-$ROOT/build/release/bin}
export PC_API_PROCS=${PC_API_PROCS:-6}
export PC_CLIENT_DIR=${PC_CLIENT_DIR:-$ROOT/client/.output/public}
export PC_DOCS_DIR=${PC_DOCS_DIR:-$ROOT/build/docs}
export PC_AUTH_RATE=${PC_AUTH_RATE:-10r/m}
export PC_AUTH_BURST=${PC_AUTH_BURST:-10}
export PC_API_RATE=${PC_API_RATE:-100r/s}
export PC_API_BURST=${PC_API_BURST:-200}
export PC_WEBHOOK_RATE=${PC_WEBHOOK_RATE:-50r/s}
export PC_WEBHOOK_BURST=${PC_WEBHOOK_BURST:-100}
export PC_CONN_PER_IP=${PC_CONN_PER_IP:-100}
# API requests in flight per session or token (nginx.conf.template): keep it below PC_API_PROCS
export PC_CONN_PER_PRINCIPAL=${PC_CONN_PER_PRINCIPAL:-4}
PC_CRON_ALLOW=${PC_CRON_ALLOW:-}
PC_REDIS_APPENDFSYNC=${PC_REDIS_APPENDFSYNC:-everysec}
# FerretDB's backend: postgresql (a private cluster, scripts/stack-postgres.sh) or sqlite (files)
PC_DB_BACKEND=${PC_DB_BACKEND:-postgresql}
case $PC_DB_BACKEND in
postgresql | sqlite) ;;
*) echo "stack: PC_DB_BACKEND must be postgresql or sqlite, not '$PC_DB_BACKEND'" >&2; exit 2 ;;
esac
# what the app shapes its queries for (README: PC_DB_ENGINE); set it yourself for a MONGODB_URL
# of your own
export PC_DB_ENGINE=${PC_DB_ENGINE:-ferretdb-$PC_DB_BACKEND}

# restart a process that dies, even repeatedly (a crash loop gives up after 100 quick deaths)
MULTIWATCH_OPTS="-s TERM -r 100 -t 5000"

RUN=$PC_VAR_DIR/run
LOG=$PC_VAR_DIR/log
export PC_FCGI_SOCKET=$RUN/pc-api.sock
MONGO_SOCKET=$RUN/ferretdb.sock
REDIS_SOCKET=$RUN/redis.sock
FERRETDB=${FERRETDB:-$(go env GOPATH 2>/dev/null)/bin/ferretdb}

step() { printf '==> %s\n' "$*"; }
die() { printf 'stack: %s\n' "$*" >&2; exit 1; }

pid_of() { cat "$RUN/$1.pid" 2>/dev/null || true; }
# alive PID: the process runs; a zombie does not count (our services are init's children once
# stack.sh exits, and init may take a second or two to reap one that has stopped)
alive() {
    local stat
    kill -0 "$1" 2>/dev/null || return 1
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}
is_running() {
    local pid
    pid=$(pid_of "$1")
    [ -n "$pid" ] && alive "$pid"
}

# wait_for DESCRIPTION LOGFILE SECONDS COMMAND...: poll until COMMAND succeeds
wait_for() {
    local what=$1 log=$2 limit=$3 i
    shift 3
    for ((i = 0; i < limit * 10; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "$what did not come up within ${limit}s, see $log"
}

# start_bg NAME LOGFILE COMMAND...: run COMMAND in its own session, record its pid
start_bg() {
    local name=$1 log=$2
    shift 2
    setsid "$@" </dev/null >>"$log" 2>&1 &
    echo $! >"$RUN/$name.pid"
}

# stop_pid NAME [SIGNAL]: signal the recorded process, wait up to 15 s, then SIGKILL
stop_pid() {
    local name=$1 sig=${2:-TERM} pid i
    pid=$(pid_of "$name")
    [ -n "$pid" ] || return 0
    if alive "$pid"; then
        kill -"$sig" "$pid" 2>/dev/null || true
        for ((i = 0; i < 150; i++)); do
            alive "$pid" || break
            sleep 0.1
        done
        if alive "$pid"; then
            printf 'stack: %s did not stop, killing it\n' "$name" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$RUN/$name.pid"
}

urlencode_path() { printf '%s' "$1" | sed 's|/|%2F|g'; }

# shellcheck source=scripts/stack-postgres.sh
. "$ROOT/scripts/stack-postgres.sh"

prepare_dirs() {
    mkdir -p "$RUN" "$LOG" "$PC_VAR_DIR/ferretdb" "$PC_VAR_DIR/redis" "$PC_VAR_DIR/mail" \
        "$PC_VAR_DIR/tls" "$PC_VAR_DIR/nginx/tmp"
    # nginx workers run as www-data when we are root: they must reach the socket and temp dirs
    chmod 711 "$PC_VAR_DIR" "$RUN"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R www-data "$PC_VAR_DIR/nginx/tmp"
    fi
}

# secrets are generated once into var/secrets.env (mode 600) unless given in the environment
load_secrets() {
    local file=$PC_VAR_DIR/secrets.env
    if [ ! -f "$file" ]; then
        (
            umask 077
            {
                echo "JWT_SECRET=$(openssl rand -hex 32)"
                echo "CRON_SECRET=$(openssl rand -hex 24)"
                echo "GENERATED_OWNER_PASSWORD=$(openssl rand -base64 18 | tr -d '/+=' | cut -c1-20)"
            } >"$file"
        )
    fi
    # shellcheck disable=SC1090
    . "$file"
    export JWT_SECRET=${JWT_SECRET} CRON_SECRET=${CRON_SECRET}
    export INITIAL_OWNER_EMAIL=${INITIAL_OWNER_EMAIL:-owner@example.com}
    export INITIAL_OWNER_NAME=${INITIAL_OWNER_NAME:-Owner}
    export INITIAL_OWNER_PASSWORD=${INITIAL_OWNER_PASSWORD:-$GENERATED_OWNER_PASSWORD}
    export MONGODB_URL=${MONGODB_URL:-mongodb://$(urlencode_path "$MONGO_SOCKET")/partner_connector?retryWrites=false}
    export REDIS_URL=${REDIS_URL:-unix://$REDIS_SOCKET}
    export PC_PUBLIC_URL=${PC_PUBLIC_URL:-https://localhost:$PC_HTTPS_PORT}
    export PC_MAIL_DIR=${PC_MAIL_DIR:-$PC_VAR_DIR/mail}
    export PC_TEMPLATE_DIR=${PC_TEMPLATE_DIR:-$ROOT/lib/mail}
}

# the environment of pc-api and the workers, for tools and tests that start their own
# (plain NAME=value lines, values unquoted: read it with a parser, do not source it)
write_app_env() {
    local v
    (
        umask 077
        for v in PC_ENV MONGODB_URL REDIS_URL PC_PUBLIC_URL JWT_SECRET CRON_SECRET PC_LOG_LEVEL \
            PC_MAIL_DIR PC_TEMPLATE_DIR MAIL_TRANSPORT MAIL_FROM ALERT_EMAIL_TO MAILGUN_BASE_URL \
            MAILGUN_API_KEY MAILGUN_DOMAIN PC_TEST_HOOKS PC_QUEUE_PREFIX PC_HTTP_TIMEOUT_MS \
            PC_REQUEST_TIMEOUT_S PC_DB_ENGINE PC_DB_MAX_TIME_MS \
            HUBSPOT_APP_SECRET HUBSPOT_ACCESS_TOKEN HUBSPOT_BASE_URL \
            HUBSPOT_API_VERSION HUBSPOT_WEBHOOK_URL HUBSPOT_SIGNATURE_VERSIONS \
            HUBSPOT_LIFECYCLE_RULE HUBSPOT_PROPERTY_MAP HUBSPOT_DEFAULT_PARTNER \
            HUBSPOT_MIN_INTERVAL_MS CHILIPIPER_WEBHOOK_SECRET CHILIPIPER_BASE_URL \
            CHILIPIPER_API_KEY STRIPE_SECRET_KEY STRIPE_WEBHOOK_SECRET STRIPE_BASE_URL \
            STRIPE_API_VERSION STRIPE_DAYS_UNTIL_DUE \
            PC_WEBHOOKS_ALLOW_HTTP PC_WEBHOOKS_ALLOW_LOOPBACK PC_WEBHOOK_SECRET_OVERLAP_S \
            PC_WEBHOOK_INFLIGHT; do
            if [ -n "${!v:-}" ]; then printf '%s=%s\n' "$v" "${!v}"; fi
        done
    ) >"$RUN/app.env"
}

make_certificate() {
    local dir=$PC_VAR_DIR/tls
    export PC_TLS_CERT=${PC_TLS_CERT:-$dir/cert.pem} PC_TLS_KEY=${PC_TLS_KEY:-$dir/key.pem}
    [ -f "$PC_TLS_CERT" ] && [ -f "$PC_TLS_KEY" ] && return 0
    step "making a self-signed TLS certificate for localhost"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825 \
        -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
        -keyout "$PC_TLS_KEY" -out "$PC_TLS_CERT" >"$LOG/tls.log" 2>&1 \
        || die "certificate creation failed, see $LOG/tls.log"
    chmod 600 "$PC_TLS_KEY"
}

# the backend a running FerretDB was started with (recorded next to its pid)
ferretdb_backend() { cat "$RUN/ferretdb.backend" 2>/dev/null || echo sqlite; }

start_ferretdb() {
    local backend=()
    if is_running ferretdb && [ "$(ferretdb_backend)" != "$PC_DB_BACKEND" ]; then
        step "FerretDB runs on $(ferretdb_backend): restarting it on $PC_DB_BACKEND"
        stop_pid ferretdb
    fi
    if [ "$PC_DB_BACKEND" = postgresql ]; then
        start_postgres
        backend=(--handler=postgresql --postgresql-url="$(pg_url)")
    else
        if is_running postgres; then step "stopping PostgreSQL (PC_DB_BACKEND=sqlite)"; stop_postgres; fi
        backend=(--handler=sqlite --sqlite-url="file:$PC_VAR_DIR/ferretdb/")
    fi
    if is_running ferretdb; then echo "    FerretDB already running"; return 0; fi
    step "starting FerretDB ($PC_DB_BACKEND backend)"
    [ -x "$FERRETDB" ] || die "FerretDB is not built; run make deps"
    rm -f "$MONGO_SOCKET"
    start_bg ferretdb "$LOG/ferretdb.log" "$FERRETDB" "${backend[@]}" \
        --state-dir="$PC_VAR_DIR/ferretdb" --listen-addr= --listen-unix="$MONGO_SOCKET" \
        --debug-addr=- --telemetry=disable --log-level=warn
    echo "$PC_DB_BACKEND" >"$RUN/ferretdb.backend"
    wait_for "FerretDB" "$LOG/ferretdb.log" 20 test -S "$MONGO_SOCKET"
}

start_redis() {
    if is_running redis; then echo "    Redis already running"; return 0; fi
    step "starting Redis (append-only file in $PC_VAR_DIR/redis)"
    rm -f "$REDIS_SOCKET"
    start_bg redis "$LOG/redis.log" redis-server --port 0 --unixsocket "$REDIS_SOCKET" \
        --unixsocketperm 700 --dir "$PC_VAR_DIR/redis" --appendonly yes \
        --appendfsync "$PC_REDIS_APPENDFSYNC" --save "" --daemonize no --logfile ""
    wait_for "Redis" "$LOG/redis.log" 20 redis-cli -s "$REDIS_SOCKET" ping
}

run_setup() {
    step "creating indexes and the initial owner"
    local i
    for ((i = 0; i < 50; i++)); do
        "$PC_BIN_DIR/pc-api" --setup >>"$LOG/setup.log" 2>&1 && return 0
        sleep 0.2
    done
    die "setup failed, see $LOG/setup.log"
}

# rebuilt NAME BINARY: the running service is older than its binary (make run after a change)
rebuilt() { [ "$2" -nt "$RUN/$1.pid" ]; }

start_api() {
    if is_running pc-api && rebuilt pc-api "$PC_BIN_DIR/pc-api"; then
        step "pc-api was rebuilt: restarting the pool"
        stop_pid pc-api
    fi
    if is_running pc-api; then echo "    pc-api pool already running"; return 0; fi
    step "starting $PC_API_PROCS pc-api responders on $PC_FCGI_SOCKET"
    local owner=()
    [ "$(id -u)" -eq 0 ] && owner=(-U www-data -G www-data)
    rm -f "$PC_FCGI_SOCKET"
    # multiwatch restarts a responder that dies; spawn-fcgi -n hands it the listening socket
    start_bg pc-api "$LOG/pc-api.log" spawn-fcgi -n -s "$PC_FCGI_SOCKET" -M 0660 "${owner[@]}" \
        -- /usr/bin/multiwatch -f "$PC_API_PROCS" $MULTIWATCH_OPTS -- "$PC_BIN_DIR/pc-api"
    wait_for "pc-api" "$LOG/pc-api.log" 10 test -S "$PC_FCGI_SOCKET"
}

# processes per queue: one, but partner-webhooks runs PC_WEBHOOK_WORKERS (4) so that an endpoint
# that hangs for its 10 s holds one of them while the others deliver elsewhere (issue 15)
worker_procs() {
    if [ "$1" = partner-webhooks ]; then echo "${PC_WEBHOOK_WORKERS:-4}"; else echo 1; fi
}

start_workers() {
    local q
    [ -x "$PC_BIN_DIR/pc-worker" ] || return 0
    for q in $("$PC_BIN_DIR/pc-worker" --list-queues); do
        if is_running "worker-$q" && rebuilt "worker-$q" "$PC_BIN_DIR/pc-worker"; then
            stop_pid "worker-$q"
        fi
        if is_running "worker-$q"; then continue; fi
        start_bg "worker-$q" "$LOG/worker-$q.log" /usr/bin/multiwatch -f "$(worker_procs "$q")" $MULTIWATCH_OPTS \
            -- "$PC_BIN_DIR/pc-worker" --queue "$q"
    done
    echo "    workers: $("$PC_BIN_DIR/pc-worker" --list-queues | tr '\n' ' ')"
}

render_nginx() {
    local cron_lines="" addr hashes="" listen_https listen_http
    for addr in $PC_CRON_ALLOW; do cron_lines+="            allow $addr;"$'\n'; done
    export PC_CRON_ALLOW_LINES=$cron_lines
    [ -f "$ROOT/client/.output/csp-script-hashes.txt" ] \
        && hashes=" $(cat "$ROOT/client/.output/csp-script-hashes.txt")"
    export PC_CSP_SCRIPT_HASHES=$hashes
    listen_https="        listen $PC_LISTEN:$PC_HTTPS_PORT ssl http2;"
    listen_http="        listen $PC_LISTEN:$PC_HTTP_PORT;"
    if [ "$PC_LISTEN" = 127.0.0.1 ] && grep -qs '00000000000000000000000000000001' /proc/net/if_inet6; then
        listen_https+=$'\n'"        listen [::1]:$PC_HTTPS_PORT ssl http2;"
        listen_http+=$'\n'"        listen [::1]:$PC_HTTP_PORT;"
    fi
    export PC_HTTPS_LISTEN=$listen_https PC_HTTP_LISTEN=$listen_http
    export NGINX_USER_LINE=""
    [ "$(id -u)" -eq 0 ] && NGINX_USER_LINE="user www-data;"
    local vars='${NGINX_USER_LINE} ${PC_VAR_DIR} ${PC_REPO} ${PC_HTTPS_PORT} ${PC_HTTPS_LISTEN}
        ${PC_HTTP_LISTEN} ${PC_TLS_CERT} ${PC_TLS_KEY} ${PC_CLIENT_DIR} ${PC_DOCS_DIR}
        ${PC_FCGI_SOCKET} ${PC_CRON_ALLOW_LINES} ${PC_CSP_SCRIPT_HASHES} ${PC_AUTH_RATE}
        ${PC_AUTH_BURST} ${PC_API_RATE} ${PC_API_BURST} ${PC_WEBHOOK_RATE} ${PC_WEBHOOK_BURST}
        ${PC_CONN_PER_IP} ${PC_CONN_PER_PRINCIPAL}'
    envsubst "$vars" <"$ROOT/nginx/nginx.conf.template" >"$PC_VAR_DIR/nginx/nginx.conf"
    envsubst "$vars" <"$ROOT/nginx/fastcgi.conf.template" >"$PC_VAR_DIR/nginx/fastcgi.conf"
    envsubst "$vars" <"$ROOT/nginx/security-headers.conf.template" \
        >"$PC_VAR_DIR/nginx/security-headers.conf"
    # PC_BENCH=1 (tests/bench/run.sh only): nginx's own `return 200`, the ceiling of every route
    if [ "${PC_BENCH:-0}" = 1 ]; then
        printf '%s\n' 'location = /bench/nginx-200 {' '    default_type application/json;' \
            "    include $PC_VAR_DIR/nginx/security-headers.conf;" \
            "    return 200 '{\"status\":\"ok\"}';" '}' >"$PC_VAR_DIR/nginx/bench.conf"
    else
        : >"$PC_VAR_DIR/nginx/bench.conf"
    fi
}

start_nginx() {
    local conf=$PC_VAR_DIR/nginx/nginx.conf
    render_nginx
    nginx -t -q -p "$PC_VAR_DIR/nginx" -c "$conf" >"$LOG/nginx-check.log" 2>&1 \
        || die "nginx configuration is invalid, see $LOG/nginx-check.log"
    if is_running nginx; then
        step "reloading nginx"
        nginx -p "$PC_VAR_DIR/nginx" -c "$conf" -s reload 2>>"$LOG/nginx-error.log"
        return 0
    fi
    step "starting nginx on https://localhost:$PC_HTTPS_PORT (http :$PC_HTTP_PORT redirects)"
    nginx -p "$PC_VAR_DIR/nginx" -c "$conf" >>"$LOG/nginx-error.log" 2>&1 \
        || die "nginx failed to start, see $LOG/nginx-error.log"
    wait_for "nginx" "$LOG/nginx-error.log" 10 test -s "$RUN/nginx.pid"
}

start_scheduler() {
    if is_running scheduler; then return 0; fi
    start_bg scheduler "$LOG/scheduler.log" "$ROOT/scripts/scheduler.sh"
}

check_health() {
    wait_for "the API (deep health through nginx)" "$LOG/pc-api.log" 20 \
        curl -fsS --cacert "$PC_TLS_CERT" --resolve "localhost:$PC_HTTPS_PORT:127.0.0.1" \
        "https://localhost:$PC_HTTPS_PORT/api/v1/health?deep=1"
}

cmd_up() {
    prepare_dirs
    load_secrets
    make_certificate
    start_ferretdb
    start_redis
    write_app_env
    run_setup
    if [ "$PC_DB_BACKEND" = postgresql ]; then
        local db=${MONGODB_URL##*/}
        pg_pushdown_indexes "${db%%\?*}" >>"$LOG/setup.log" 2>&1 \
            || die "cannot create PostgreSQL's indexes, see $LOG/setup.log"
    fi
    start_api
    start_workers
    start_nginx
    [ "${PC_SCHEDULER:-1}" = 1 ] && start_scheduler
    check_health
    echo
    echo "Partner Connector is running: https://localhost:$PC_HTTPS_PORT"
    echo "  sign in as $INITIAL_OWNER_EMAIL with password $INITIAL_OWNER_PASSWORD"
    # setup never overwrites an owner: say so when this run did not create it
    grep 'setup done' "$LOG/setup.log" 2>/dev/null | tail -n 1 | grep -q 'owner already present' \
        && echo "  (the owner's first password; one changed since then is not shown)"
    echo "  (the certificate is self-signed: $PC_TLS_CERT)"
    echo "  logs in $LOG, e-mails in $PC_MAIL_DIR; stop with: make stop"
}

cmd_down() {
    local f name
    stop_pid scheduler
    [ -f "$RUN/nginx.pid" ] && stop_pid nginx QUIT
    for f in "$RUN"/worker-*.pid; do
        [ -e "$f" ] || continue
        name=$(basename "$f" .pid)
        stop_pid "$name"
    done
    stop_pid pc-api
    stop_pid redis
    stop_pid ferretdb
    stop_postgres
    rm -f "$PC_FCGI_SOCKET" "$MONGO_SOCKET" "$REDIS_SOCKET" "$RUN/ferretdb.backend"
    echo "stack stopped ($PC_VAR_DIR)"
}

cmd_status() {
    local f name state
    for f in "$RUN"/*.pid; do
        [ -e "$f" ] || { echo "nothing is running ($PC_VAR_DIR)"; return 0; }
        name=$(basename "$f" .pid)
        if is_running "$name"; then state="running (pid $(pid_of "$name"))"; else state="dead"; fi
        printf '%-28s %s\n' "$name" "$state"
    done
    if is_running ferretdb; then echo "(FerretDB backend: $(ferretdb_backend))"; fi
}

service_start() {
    prepare_dirs
    load_secrets
    make_certificate
    case $1 in
    ferretdb) start_ferretdb ;;
    postgres) start_postgres ;;
    redis) start_redis ;;
    pc-api) start_api ;;
    nginx) start_nginx ;;
    worker-*) start_workers ;;
    workers) start_workers ;;
    scheduler) start_scheduler ;;
    *) die "unknown service $1" ;;
    esac
}

service_stop() {
    local f
    case $1 in
    nginx) stop_pid nginx QUIT ;;
    postgres) stop_postgres ;;
    workers)
        for f in "$RUN"/worker-*.pid; do
            if [ -e "$f" ]; then stop_pid "$(basename "$f" .pid)"; fi
        done
        ;;
    *) stop_pid "$1" ;;
    esac
}

case ${1:-} in
up) cmd_up ;;
down) cmd_down ;;
status) cmd_status ;;
stop-service) service_stop "${2:?service name}" ;;
start-service) service_start "${2:?service name}" ;;
restart-service) service_stop "${2:?service name}"; service_start "$2" ;;
*) echo "usage: $0 up|down|status|stop-service NAME|start-service NAME|restart-service NAME" >&2; exit 2 ;;
esac
