# lib.sh - harness functions, sourced by run.sh and the benchmark script
# (expects ROOT and MODE to be set)

HARNESS_LOGS=$ROOT/build/test-logs/$MODE
HARNESS_FAILED=0

free_port() {
    local p
    while true; do
        p=$((20000 + RANDOM % 40000))
        ss -Htan "( sport = :$p )" 2>/dev/null | grep -q . && continue
        echo "$p"
        return
    done
}

WIREMOCK_JAR=$ROOT/tests/node_modules/wiremock/build/wiremock-standalone-3.13.2.jar

# start_wiremock [providers]: the stand-in of Mailgun, HubSpot's CRM API (under /hubspot) and
# ChiliPiper's Edge API (under /chilipiper) on a free port; the stack's workers then call it.
# `providers`: only HubSpot and ChiliPiper go there, e-mail stays on the file transport (the
# browser tests read the .eml files)
start_wiremock() {
    local port i
    port=$(free_port)
    java -jar "$WIREMOCK_JAR" --port "$port" --bind-address 127.0.0.1 --disable-banner \
        --root-dir "$ROOT/tests/stand-ins/wiremock" \
        >"$HARNESS_DIR/wiremock.log" 2>&1 &
    echo $! >"$HARNESS_DIR/wiremock.pid"
    for ((i = 0; i < 300; i++)); do
        curl -fs "http://127.0.0.1:$port/__admin/health" >/dev/null 2>&1 && break
        sleep 0.1
    done
    curl -fs "http://127.0.0.1:$port/__admin/health" >/dev/null \
        || { cat "$HARNESS_DIR/wiremock.log" >&2; echo "WireMock did not start" >&2; exit 1; }
    export PC_WIREMOCK_URL=http://127.0.0.1:$port
    if [ "${1:-}" != providers ]; then
        export MAIL_TRANSPORT=mailgun MAILGUN_BASE_URL=$PC_WIREMOCK_URL
        export MAILGUN_API_KEY=key-test-mailgun-0123456789 MAILGUN_DOMAIN=mg.test.local
    fi
    export HUBSPOT_BASE_URL=$PC_WIREMOCK_URL/hubspot CHILIPIPER_BASE_URL=$PC_WIREMOCK_URL/chilipiper
    start_stripe_mock
}

# start_stripe_mock: Stripe's own mock (built by scripts/deps.sh) on a free port, checking every
# parameter against Stripe's spec and the Stripe-Version we pin; WireMock forwards /stripe/* to
# it at its lowest priority (so it journals every call, and a test's fault stub goes first)
start_stripe_mock() {
    local bin port i
    bin=$(go env GOPATH)/bin/stripe-mock
    [ -x "$bin" ] || { echo "stripe-mock is missing: run make deps" >&2; exit 1; }
    port=$(free_port)
    # -https-addr with no port: the system picks one. Without it stripe-mock also binds HTTPS on
    # :12112 and exits when another stack's stripe-mock holds that port (two stacks at once).
    "$bin" -http-addr "127.0.0.1:$port" -https-addr 127.0.0.1: -strict-version-check \
        >"$HARNESS_DIR/stripe-mock.log" 2>&1 &
    echo $! >"$HARNESS_DIR/stripe-mock.pid"
    for ((i = 0; i < 300; i++)); do
        curl -s -o /dev/null "http://127.0.0.1:$port/v1/customers" 2>/dev/null && break
        sleep 0.1
    done
    curl -fs -o /dev/null -X POST "$PC_WIREMOCK_URL/__admin/mappings" -d '{"priority": 10,
        "request": {"urlPattern": "/stripe/.*"},
        "response": {"proxyBaseUrl": "http://127.0.0.1:'"$port"'", "proxyUrlPrefixToRemove": "/stripe"}}' \
        || { cat "$HARNESS_DIR/stripe-mock.log" >&2; echo "stripe-mock did not start" >&2; exit 1; }
    export PC_STRIPE_MOCK_URL=http://127.0.0.1:$port
    export STRIPE_BASE_URL=$PC_WIREMOCK_URL/stripe STRIPE_SECRET_KEY=sk_test_PartnerConnectorTests0123456789
    export STRIPE_WEBHOOK_SECRET=whsec_partner_connector_tests
}

stop_wiremock() {
    [ -f "${HARNESS_DIR:-}/wiremock.pid" ] || return 0
    kill "$(cat "$HARNESS_DIR/wiremock.pid")" 2>/dev/null || true
    wait "$(cat "$HARNESS_DIR/wiremock.pid")" 2>/dev/null || true
    rm -f "$HARNESS_DIR/wiremock.pid"
    [ -f "$HARNESS_DIR/stripe-mock.pid" ] || return 0
    kill "$(cat "$HARNESS_DIR/stripe-mock.pid")" 2>/dev/null || true
    wait "$(cat "$HARNESS_DIR/stripe-mock.pid")" 2>/dev/null || true
    rm -f "$HARNESS_DIR/stripe-mock.pid"
}

# harness_up VARIANT [wiremock|providers]: start the stack with build/VARIANT binaries in a fresh
# temp dir, with the WireMock stand-ins (start_wiremock)
harness_up() {
    local variant=$1
    HARNESS_DIR=$(mktemp -d /tmp/pc-test.XXXXXX)
    chmod 711 "$HARNESS_DIR"
    trap harness_trap EXIT INT TERM
    export PC_VAR_DIR=$HARNESS_DIR/var
    export PC_HTTPS_PORT=$(free_port) PC_HTTP_PORT=$(free_port)
    export PC_BIN_DIR=$ROOT/build/$variant/bin
    export PC_ENV=test PC_SCHEDULER=0 PC_API_PROCS=${PC_API_PROCS:-6}
    export PC_REDIS_APPENDFSYNC=always
    # generous: the tests sign in often; test_auth checks the limit itself with a burst
    export PC_AUTH_RATE=${PC_AUTH_RATE:-600r/m} PC_AUTH_BURST=${PC_AUTH_BURST:-100}
    export INITIAL_OWNER_EMAIL=owner@test.local INITIAL_OWNER_NAME="Test Owner"
    export INITIAL_OWNER_PASSWORD=owner-password-for-tests
    export PC_STACK_SCRIPT=$ROOT/scripts/stack.sh
    export PC_TEST_HOOKS=1 PC_REQUEST_TIMEOUT_S=${PC_REQUEST_TIMEOUT_S:-12}
    # a command that ignores maxTimeMS is cut by the socket (this + PC_DB_TIMEOUT_MS: 10 s), before
    # the watchdog
    export PC_DB_MAX_TIME_MS=${PC_DB_MAX_TIME_MS:-8000}
    export PC_LOG_LEVEL=${PC_LOG_LEVEL:-info}
    # a provider's silence ends in 6 s (test_invoices' timeout case waits that long), not 10
    export PC_HTTP_TIMEOUT_MS=${PC_HTTP_TIMEOUT_MS:-6000}
    # the providers' secrets of the tests (the API tests sign and send with them)
    export HUBSPOT_APP_SECRET=hubspot-app-secret-of-the-tests
    export HUBSPOT_ACCESS_TOKEN=pat-test-hubspot-token-0123456789
    export HUBSPOT_LIFECYCLE_RULE=lifecyclestage=salesqualifiedlead
    export CHILIPIPER_WEBHOOK_SECRET=chilipiper-path-token-of-the-tests-0123456789
    export CHILIPIPER_API_KEY=edge-api-key-of-the-tests-0123
    # the webhooks to partners reach WireMock on 127.0.0.1 over http (both refused in production)
    export PC_WEBHOOKS_ALLOW_HTTP=1 PC_WEBHOOKS_ALLOW_LOOPBACK=1 PC_WEBHOOK_SECRET_OVERLAP_S=3600
    case ${2:-} in
    wiremock) start_wiremock ;;
    providers) start_wiremock providers ;;
    esac
    echo "==> harness: starting a private stack in $HARNESS_DIR (https :$PC_HTTPS_PORT, FerretDB on ${PC_DB_BACKEND:-postgresql})"
    if ! "$PC_STACK_SCRIPT" up >"$HARNESS_DIR/stack-up.log" 2>&1; then
        cat "$HARNESS_DIR/stack-up.log" >&2
        harness_keep_logs
        exit 1
    fi
    set -a
    . "$PC_VAR_DIR/secrets.env"
    set +a
    export PC_TLS_CERT=$PC_VAR_DIR/tls/cert.pem
}

harness_keep_logs() {
    [ -n "${HARNESS_DIR:-}" ] && [ -d "$PC_VAR_DIR/log" ] || return 0
    mkdir -p "$HARNESS_LOGS"
    cp -r "$PC_VAR_DIR/log/." "$HARNESS_LOGS/" 2>/dev/null || true
}

# harness_db_report: what the private PostgreSQL cluster costs (issue 12's figures), once the
# tests ran: its processes' proportional set size (Pss of smaps_rollup) and its data dir
harness_db_report() {
    local top pid pss=0 n=0 kb
    top=$(cat "$PC_VAR_DIR/run/postgres.pid" 2>/dev/null) || return 0
    kill -0 "$top" 2>/dev/null || return 0
    for pid in "$top" $(pgrep -P "$top" || true); do
        kb=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null) || continue
        pss=$((pss + ${kb:-0})) n=$((n + 1))
    done
    printf '==> harness: PostgreSQL %d processes, PSS %d MB, data dir %s\n' "$n" $((pss / 1024)) \
        "$(du -sh "$PC_VAR_DIR/postgres" 2>/dev/null | cut -f1)"
}

harness_down() {
    [ -n "${HARNESS_DIR:-}" ] || return 0
    harness_db_report
    "$PC_STACK_SCRIPT" down >/dev/null 2>&1 || true
    stop_wiremock
    [ -f "$HARNESS_DIR/wiremock.log" ] && cp "$HARNESS_DIR/wiremock.log" "$PC_VAR_DIR/log/" 2>/dev/null
    [ -f "$HARNESS_DIR/stripe-mock.log" ] && cp "$HARNESS_DIR/stripe-mock.log" "$PC_VAR_DIR/log/" 2>/dev/null
    harness_keep_logs
    rm -rf --one-file-system "$HARNESS_DIR"
    HARNESS_DIR=
    # what harness_up exported from the stack that is gone: a second harness_up in the same shell
    # (the data-tier bench, one stack per backend) would hand stack.sh the old certificate's path
    unset PC_TLS_CERT PC_TLS_KEY JWT_SECRET CRON_SECRET GENERATED_OWNER_PASSWORD
}

harness_trap() {
    local rc=$?
    harness_down
    trap - EXIT INT TERM
    exit "$rc"
}

# harness_run TITLE COMMAND...: run a test program; remember failure, keep going
harness_run() {
    local title=$1
    shift
    echo "==> $title"
    if ! "$@"; then
        echo "FAILED: $title (logs in $HARNESS_LOGS)" >&2
        harness_print_problems
        HARNESS_FAILED=1
    fi
    [ "$HARNESS_FAILED" = 0 ] || exit 1
}

# the stack's last warnings and errors, so that a failure seen only in CI's output explains itself
harness_print_problems() {
    [ -d "${PC_VAR_DIR:-}/log" ] || return 0
    echo "---- last warnings and errors of the stack ----" >&2
    grep -hE 'level=(warn|error)|watchdog|died|^/.*\[0x' "$PC_VAR_DIR"/log/pc-api.log \
        "$PC_VAR_DIR"/log/worker-*.log "$PC_VAR_DIR"/log/nginx-error.log 2>/dev/null \
        | tail -n 60 | cut -c1-400 >&2 || true
    tail -n 20 "$PC_VAR_DIR"/log/harness-services.log 2>/dev/null | cut -c1-200 >&2 || true
    echo "----" >&2
}

harness_scan_sanitizer_logs() {
    local found
    found=$(grep -lE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' \
        "$HARNESS_LOGS"/asan.* "$HARNESS_LOGS"/ubsan.* "$HARNESS_LOGS"/*.log 2>/dev/null || true)
    if [ -n "$found" ]; then
        echo "FAILED: sanitizer reports in:" >&2
        echo "$found" >&2
        head -40 $found >&2
        exit 1
    fi
    echo "==> sanitizer logs clean"
}

# harness_check_openapi: /api/openapi.json of the running stack must be valid OpenAPI, and every
# answer recorded in $PC_API_RECORD (tests/api/api_client.c) declared by it, status and body
# (tests/api/check_responses.py; issue 11)
harness_check_openapi() {
    local doc=$PC_VAR_DIR/log/openapi.json
    curl -fsS --cacert "$PC_TLS_CERT" --resolve "localhost:$PC_HTTPS_PORT:127.0.0.1" \
        "https://localhost:$PC_HTTPS_PORT/api/openapi.json" -o "$doc"
    touch "$PC_API_RECORD"
    harness_run "API answers against /api/openapi.json" \
        "$ROOT/build/venv-api/bin/python" "$ROOT/tests/api/check_responses.py" "$doc" "$PC_API_RECORD"
}
