#!/usr/bin/env bash
# run.sh - make test's Ansible stage (tests/run-all.sh): the playbook in ansible/ checked and
# converged for real into a fresh Debian root.
#
#  1. ansible-playbook --syntax-check, and ansible-lint --offline with the production profile
#  2. make dist; a fresh copy of a cached debootstrap root (build/ansible-cache/), converged through
#     the chroot connection with a test vault (a test password made here)
#  3. systemd-analyze verify of every unit; the root's services started with the command lines
#     of their rendered units (unitrun.py),
#     then checked through the root's nginx over TLS: deep health, the client's index, a sign-in
#     of the seeded owner, an audit event through the events queue and its worker, a cron timer's
#     call, a backup and a restore of the database; systemd-analyze rates every unit
#  4. a second release deployed by a second converge, the pool restarted onto it under load;
#     a third converge must report changed=0; no secret may appear in any converge's output
#  5. everything stopped by PID, nothing left running in the root, the root removed
# The converge needs root (debootstrap, chroot); without it only step 1 runs, and says so.
#
# PC_ANSIBLE_DB_BACKEND=sqlite converges with FerretDB on SQLite instead of PostgreSQL.
# PC_ANSIBLE_KEEP=1 keeps the root and its services for a look (stop them with the printed line).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/ansible
LOGS=$ROOT/build/test-logs/ansible
CACHE=$ROOT/build/ansible-cache
VENV=$ROOT/build/venv
SUITE=bookworm
BACKEND=${PC_ANSIBLE_DB_BACKEND:-postgresql}
MODE=ansible
. "$ROOT/tests/harness/lib.sh" # free_port
rm -rf "$LOGS"
mkdir -p "$LOGS" "$CACHE"

WORK=$(mktemp -d /tmp/pc-ansible.XXXXXX)
chmod 755 "$WORK"
RFS=$WORK/root
PIDS=$WORK/pids
mkdir -p "$PIDS" "$WORK/home"
export ANSIBLE_HOME=$WORK/ansible-home ANSIBLE_LOCAL_TEMP=$WORK/ansible-home/tmp
export ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_NOCOWS=1 ANSIBLE_FORCE_COLOR=0
export ANSIBLE_CONFIG=$ROOT/ansible/ansible.cfg ANSIBLE_CALLBACKS_ENABLED=ansible.posix.profile_tasks

step_t0=0
step() {
    printf '==> %s\n' "$*"
    step_t0=$(date +%s%N)
}
took() {
    local ds=$((($(date +%s%N) - step_t0) / 100000000))
    printf '    %s (%d.%d s)\n' "$*" $((ds / 10)) $((ds % 10))
}
fail() {
    printf 'FAILED: %s (logs in %s)\n' "$*" "$LOGS" >&2
    exit 1
}

unitrun() { python3 "$HERE/unitrun.py" "$@"; }

# stop every recorded service, newest first, then anything else still inside the root
stop_all() {
    local f unit left
    [ -d "$RFS" ] || return 0
    for f in $(ls -t "$PIDS" 2>/dev/null); do
        unit=$f
        unitrun stop --root "$RFS" --logs "$LOGS" --timeout 20 "$unit" "$(cat "$PIDS/$f")" \
            || echo "    $unit did not stop cleanly" >&2
        rm -f "$PIDS/$f"
    done
    left=$(unitrun procs --root "$RFS" | paste -sd, -)
    if [ -n "$left" ]; then
        echo "    still running in the root:" >&2
        ps -o pid,user,args -p "$left" >&2 || true
        kill -KILL ${left//,/ } 2>/dev/null || true
        sleep 0.5
        LEFT_BEHIND=1
    fi
    ! mountpoint -q "$RFS/proc" || umount "$RFS/proc"
}

# keep what apt downloaded for the next run (only the packages this run used)
save_debs() {
    ls "$RFS"/var/cache/apt/archives/*.deb >/dev/null 2>&1 || return 0
    rm -rf "$CACHE/apt-archives.new"
    mkdir -p "$CACHE/apt-archives.new"
    cp "$RFS"/var/cache/apt/archives/*.deb "$CACHE/apt-archives.new/"
    rm -rf "$CACHE/apt-archives"
    mv "$CACHE/apt-archives.new" "$CACHE/apt-archives"
}

cleanup() {
    local rc=$?
    set +e
    [ "$rc" = 0 ] || save_debs 2>/dev/null || true
    if [ "${PC_ANSIBLE_KEEP:-0}" = 1 ] && [ -d "$RFS" ]; then
        echo "kept $WORK (services running; stop: kill the PIDs in $PIDS, umount $RFS/proc, rm -rf $WORK)"
        exit "$rc"
    fi
    stop_all
    rm -rf --one-file-system "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
LEFT_BEHIND=0

# ---------------------------------------------------------------- 1. syntax and lint
step "ansible-playbook --syntax-check and ansible-lint --offline (production profile)"
(cd "$ROOT/ansible" && ansible-playbook --syntax-check -i inventories/example site.yml) \
    >"$LOGS/syntax-check.log" 2>&1 || { cat "$LOGS/syntax-check.log"; fail "syntax check"; }
[ -x "$VENV/bin/ansible-lint" ] || fail "ansible-lint is not installed in build/venv (make deps)"
if ! (cd "$ROOT/ansible" && PATH=$VENV/bin:$PATH HOME=$WORK/home XDG_CACHE_HOME=$WORK/home/.cache \
    ansible-lint --offline --profile production --nocolor site.yml) >"$LOGS/ansible-lint.log" 2>&1; then
    cat "$LOGS/ansible-lint.log"
    fail "ansible-lint"
fi
grep -E '^(Passed|Failed)' "$LOGS/ansible-lint.log" | sed 's/^/    /'
took "syntax check and lint passed"

if [ "$(id -u)" -ne 0 ]; then
    echo "==> SKIPPED the converge into a debootstrap root: it needs root (debootstrap, chroot)"
    exit 0
fi
command -v debootstrap >/dev/null || fail "debootstrap is not installed (make deps)"

# ---------------------------------------------------------------- 2. release, root, converge
step "make dist"
TARBALL=$(PC_DIST_DIR=$WORK/dist make -C "$ROOT" --no-print-directory -s dist | tail -n 1)
[ -f "$TARBALL" ] || fail "make dist made no tarball"
took "$(basename "$TARBALL") ($(du -h "$TARBALL" | cut -f1))"

# the mirror apt is configured with: the first URI serving SUITE (deb822 files, then sources.list)
apt_uri() {
    local suite=$1 f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -e "$f" ] || continue
        awk -v want=" $suite " 'BEGIN { RS = "" } {
            uri = ""; suites = ""
            n = split($0, lines, "\n")
            for (i = 1; i <= n; i++) {
                if (lines[i] ~ /^URIs:/) { split(lines[i], w, /[ \t]+/); uri = w[2] }
                if (lines[i] ~ /^Suites:/) suites = substr(lines[i], 8) " "
            }
            if (uri != "" && index(" " suites, want)) { print uri; exit }
        }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -e "$f" ] || continue
        awk -v want="$suite" '$1 == "deb" { sub(/\[[^]]*\] /, ""); if ($3 == want) print $2 }' "$f"
    done
}
MIRROR=$(apt_uri "$SUITE" | sed -n 1p)
SECURITY=$(apt_uri "$SUITE-security" | sed -n 1p)
[ -n "$MIRROR" ] || fail "no apt source for $SUITE in /etc/apt/sources.list*"

# minbase, python3 for Ansible, and systemd as every real host has it (not running: the unit
# files are checked by systemd-analyze against the root)
BASE=$CACHE/debian-$SUITE-minbase-python3-systemd.tar.zst
if [ ! -s "$BASE" ]; then
    step "debootstrap --variant=minbase --include=python3,systemd $SUITE from $MIRROR (cached in $BASE)"
    debootstrap --variant=minbase --include=python3,systemd "$SUITE" "$WORK/base" "$MIRROR" \
        >"$LOGS/debootstrap.log" 2>&1 || fail "debootstrap"
    rm -f "$WORK/base"/var/cache/apt/archives/*.deb
    tar --numeric-owner --zstd -C "$WORK/base" -cf "$BASE.tmp" . && mv "$BASE.tmp" "$BASE"
    rm -rf --one-file-system "$WORK/base"
    took "base root made and cached"
fi

step "a fresh root from $(basename "$BASE")"
mkdir "$RFS"
tar --numeric-owner --zstd -C "$RFS" -xf "$BASE"
{
    echo "deb $MIRROR $SUITE main"
    echo "deb $MIRROR $SUITE-updates main"
    [ -z "$SECURITY" ] || echo "deb $SECURITY $SUITE-security main"
} >"$RFS/etc/apt/sources.list"
# the test's root is not a booted host: package scripts must not start services in it
printf '#!/bin/sh\nexit 101\n' >"$RFS/usr/sbin/policy-rc.d"
chmod 755 "$RFS/usr/sbin/policy-rc.d"
# packages downloaded by earlier runs (apt checks each one; the converge installs them afresh)
[ -d "$CACHE/apt-archives" ] && cp "$CACHE/apt-archives/"*.deb "$RFS/var/cache/apt/archives/" 2>/dev/null || true
took "root ready in $RFS ($(du -sh "$RFS" | cut -f1))"

HTTPS_PORT=$(free_port)
HTTP_PORT=$(free_port)
REDIS_PORT=$(free_port)
for p in 8443 8080; do
    [ "$HTTPS_PORT" != $p ] && [ "$HTTP_PORT" != $p ] && [ "$REDIS_PORT" != $p ] || fail "port pick"
done
FERRETDB_BIN=$(go env GOPATH)/bin/ferretdb
OWNER_EMAIL=owner@test.local
OWNER_PASSWORD=owner-$(openssl rand -hex 8)
JWT=$(openssl rand -hex 32)
CRON=$(openssl rand -hex 24)
REDIS_PASSWORD=$(openssl rand -hex 16)
CRON_TZ=Europe/Berlin # not the role's default: the timers must follow the inventory
CONN_PER_PRINCIPAL=1  # not the role's default either

INV=$WORK/inventory
mkdir -p "$INV/group_vars/all"
cat >"$INV/hosts.ini" <<EOF
[web]
$RFS
[workers]
$RFS
[db]
$RFS
[redis]
$RFS

[all:vars]
ansible_connection=community.general.chroot
ansible_python_interpreter=/usr/bin/python3
ansible_become=false
EOF
cat >"$INV/group_vars/all/vars.yml" <<EOF
---
app_release_tarball: $TARBALL
app_public_url: https://localhost:$HTTPS_PORT
app_api_processes: 2
app_cron_timezone: $CRON_TZ
app_env:
  INITIAL_OWNER_EMAIL: $OWNER_EMAIL
  INITIAL_OWNER_NAME: Test Owner
app_secrets:
  JWT_SECRET: "{{ vault_jwt_secret }}"
  CRON_SECRET: "{{ vault_cron_secret }}"
  INITIAL_OWNER_PASSWORD: "{{ vault_initial_owner_password }}"
redis_password: "{{ vault_redis_password }}"
redis_bind: 127.0.0.1
redis_port: $REDIS_PORT
database_backend: $BACKEND
database_ferretdb_binary: $FERRETDB_BIN
nginx_listen_addresses: [127.0.0.1]
nginx_https_port: $HTTPS_PORT
nginx_http_port: $HTTP_PORT
nginx_tls_self_signed: true
nginx_conn_per_principal: $CONN_PER_PRINCIPAL
EOF
# the test vault: secrets made for this run, encrypted with a password that exists only here
openssl rand -hex 24 >"$WORK/vault-pass"
cat >"$WORK/vault-plain.yml" <<EOF
---
vault_jwt_secret: $JWT
vault_cron_secret: $CRON
vault_initial_owner_password: $OWNER_PASSWORD
vault_redis_password: $REDIS_PASSWORD
EOF
ansible-vault encrypt --vault-password-file "$WORK/vault-pass" --output "$INV/group_vars/all/vault.yml" \
    "$WORK/vault-plain.yml" >/dev/null
rm -f "$WORK/vault-plain.yml"
grep -q '^\$ANSIBLE_VAULT;' "$INV/group_vars/all/vault.yml" || fail "the test vault is not encrypted"
export ANSIBLE_VAULT_PASSWORD_FILE=$WORK/vault-pass

# converge N: run the playbook (with --diff, so that a secret without no_log would show)
converge() {
    local n=$1 log=$LOGS/converge-$1.log recap secret
    (cd "$ROOT/ansible" && ansible-playbook -i "$INV/hosts.ini" --diff site.yml) >"$log" 2>&1 \
        || { tail -n 60 "$log"; fail "converge $n"; }
    recap=$(grep -A1 '^PLAY RECAP' "$log" | tail -n 1 | tr -s ' ')
    echo "    $recap"
    CHANGED=$(sed -n 's/.* changed=\([0-9]*\).*/\1/p' <<<"$recap")
    for secret in "$JWT" "$CRON" "$OWNER_PASSWORD" "$REDIS_PASSWORD"; do
        ! grep -q "$secret" "$log" || fail "a secret appears in the output of converge $n"
    done
}

step "converge 1 (backend: FerretDB on $BACKEND)"
converge 1
took "converge 1 done"
save_debs

step "systemd-analyze verify of every unit the playbook wrote (syntax, directives, commands)"
units=$(cd "$RFS/etc/systemd/system" && ls -- *.service *.socket *.timer *.target 2>/dev/null \
    | sed 's/^pc-worker@\.service$/pc-worker@events.service/; s/^pc-cron@\.service$/pc-cron@flush-outbox.service/')
for u in $units nginx.service redis-server.service; do
    out=$(systemd-analyze verify --root="$RFS" "$u" 2>&1) || true
    [ -z "$out" ] || { echo "$out"; fail "systemd-analyze verify $u"; }
done
took "$(wc -w <<<"$units") units and Debian's nginx and Redis units (with our drop-in and settings): no complaint"

# task_items TASK: the loop items converge 1 reported for the named task (run or skipped)
task_items() {
    awk -v t="TASK [$1]" 'index($0, "TASK [") == 1 { on = index($0, t) == 1 }
        on && match($0, /\(item=[^)]*\)/) { print substr($0, RSTART + 6, RLENGTH - 7) }' \
        "$LOGS/converge-1.log"
}
step "the release's lists: a worker per queue, a timer per cron job; nginx's limits"
CUR=$RFS/opt/partner-connector/current
QUEUES=$(cat "$CUR/share/queues.txt")
JOBS=$(cut -d' ' -f1 "$CUR/share/cron-jobs.txt")
for q in hubspot-webhook chilipiper-webhook sync-leads events partner-webhooks partner-api-lead; do
    grep -qx "$q" <<<"$QUEUES" || fail "the release's queues.txt lacks $q"
done
# the worker instances: one per queue, partner-webhooks four (app_worker_counts' default)
INSTANCES=$(for q in $QUEUES; do
    if [ "$q" = partner-webhooks ]; then printf '%s\n' "$q".{1..4}; else echo "$q"; fi
done)
for j in daily-reminders recount assume-outcomes chilipiper-reconcile; do
    grep -qx "$j" <<<"$JOBS" || fail "the release's cron-jobs.txt lacks $j"
done
# the chroot has no systemd as PID 1, so the role's enable tasks skip each item: that they
# went over every queue and job is what is checked, and the [Install] sections they enable
grep -qx 'WantedBy=pc-workers.target' "$RFS/etc/systemd/system/pc-worker@.service" \
    || fail "pc-worker@.service is not wanted by pc-workers.target"
[ "$(task_items 'app : Start the workers of every queue now and at boot' | sort)" = "$(sort <<<"$INSTANCES")" ] \
    || fail "the role did not enable the pc-worker@ instances of queues.txt (partner-webhooks.1-4)"
[ "$(task_items 'app : Start the cron timers on the cron host' | cut -d' ' -f1 | sort)" = "$(sort <<<"$JOBS")" ] \
    || fail "the role did not enable a timer for each line of cron-jobs.txt"
[ "$(cd "$RFS/etc/systemd/system" && ls pc-cron@*.timer | sed 's/^pc-cron@//; s/\.timer$//' | sort)" = "$(sort <<<"$JOBS")" ] \
    || fail "the pc-cron@*.timer files are not one per line of cron-jobs.txt"
while read -r job kind a b; do
    t=pc-cron@$job.timer
    [ "$(unitrun show --root "$RFS" "$t" Unit)" = "pc-cron@$job.service" ] || fail "$t does not start pc-cron@$job.service"
    grep -qx 'WantedBy=timers.target' "$RFS/etc/systemd/system/$t" || fail "$t is not wanted by timers.target"
    case $kind in
    every)
        declare -A unit_s=([s]=1 [m]=60 [h]=3600)
        want="OnUnitActiveSec=$((${a%?} * ${unit_s[${a: -1}]}))s"
        ;;
    daily) want="OnCalendar=*-*-* $a:00 $CRON_TZ" ;;
    monthly) want="OnCalendar=*-*-$(printf %02d "$a") $b:00 $CRON_TZ" ;;
    esac
    grep -qxF "$want" "$RFS/etc/systemd/system/$t" || fail "$t lacks $want ($job $kind $a $b)"
done <"$CUR/share/cron-jobs.txt"
grep -qxF 'OnCalendar=*-*-* 09:00:00 Europe/Berlin' "$RFS/etc/systemd/system/pc-cron@daily-reminders.timer" \
    || fail "daily-reminders is not at 09:00 in $CRON_TZ"
grep -qx "CRON_TIMEZONE=\"\?$CRON_TZ\"\?" "$RFS/etc/partner-connector/env" || fail "the env file lacks CRON_TIMEZONE=$CRON_TZ"
grep -qx "PC_DB_ENGINE=\"\?ferretdb-$BACKEND\"\?" "$RFS/etc/partner-connector/env" \
    || fail "the env file lacks PC_DB_ENGINE=ferretdb-$BACKEND (the query shapes of the backend)"
echo "    $(wc -w <<<"$QUEUES") queues, $(wc -w <<<"$INSTANCES") pc-worker@ instances: $(echo $INSTANCES)"
echo "    $(wc -w <<<"$JOBS") timers: $(paste -sd, "$CUR/share/cron-jobs.txt" | sed 's/,/, /g') (daily ones in $CRON_TZ)"
NGINX_CONF=$RFS/var/lib/partner-connector-web/nginx/nginx.conf
grep -qF 'limit_conn_zone $pc_principal zone=perprincipal:10m;' "$NGINX_CONF" || fail "nginx.conf has no per-principal zone"
n=$(grep -cxF "            limit_conn perprincipal $CONN_PER_PRINCIPAL;" "$NGINX_CONF")
[ "$n" -ge 4 ] || fail "nginx.conf has $n per-principal limits of $CONN_PER_PRINCIPAL (the API locations have 4 or more)"
grep -qxF '        location /api/v1/webhooks/ {' "$NGINX_CONF" || fail "nginx.conf has no webhook location"
grep -qF '~^(?<hook>/api/v1/webhooks/chilipiper/)[^/]+(?<rest>.*)$' "$NGINX_CONF" \
    || fail "nginx.conf logs the ChiliPiper webhook's secret path token"
took "nginx.conf: $n API locations limited to $CONN_PER_PRINCIPAL request(s) per principal, the webhook location, ChiliPiper's token kept out of the log"

# ---------------------------------------------------------------- 3. services and checks
# svc UNIT: start UNIT from its rendered unit file, remember its PID
svc() {
    local pid
    pid=$(unitrun start --root "$RFS" --logs "$LOGS" "$1") || fail "start $1"
    [ -z "$pid" ] || echo "$pid" >"$PIDS/$1"
    sleep 0.01 # ls -t orders the PID files
}
svc_stop() {
    local u
    for u in "$@"; do
        unitrun stop --root "$RFS" --logs "$LOGS" "$u" "$(cat "$PIDS/$u")" || fail "stop $u"
        rm -f "$PIDS/$u"
    done
}
wait_until() {
    local what=$1 i
    shift
    for ((i = 0; i < 300; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    fail "$what"
}

step "starting the root's services with their units' command lines"
# a booted host has /proc: PostgreSQL's pg_ctlcluster checks its server's PID there
mount -t proc proc "$RFS/proc"
if [ "$BACKEND" = postgresql ]; then
    svc postgresql@15-main.service
    svc ferretdb-pgsetup.service
fi
svc ferretdb.service
wait_until "FerretDB's socket" test -S "$RFS/run/ferretdb/ferretdb.sock"
svc redis-server.service
wait_until "Redis" redis-cli -p "$REDIS_PORT" -a "$REDIS_PASSWORD" --no-auth-warning ping
svc pc-setup.service
[ "$BACKEND" != postgresql ] || svc pc-pg-indexes.service
svc pc-api.service
for q in $INSTANCES; do svc "pc-worker@$q.service"; done
svc nginx.service
took "started: $(ls "$PIDS" | tr '\n' ' ')"

# pg_q SQL: a query in FerretDB's PostgreSQL database as the ferretdb user (peer authentication)
pg_q() {
    chroot --userspec=ferretdb:ferretdb "$RFS" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
        psql -X -q -A -t -v ON_ERROR_STOP=1 -h /run/postgresql -d ferretdb -c "$1"
}
# check_pg_indexes WHEN: the GIN index of every pair of the installed script exists
check_pg_indexes() {
    local want have
    want=$("$RFS/usr/local/lib/partner-connector-pg-indexes" --list | sed 's/:_*/_/; s/^/pc_/' | tr '[:upper:]' '[:lower:]' | sort) # unquoted: PostgreSQL folds the names
    have=$(pg_q "SELECT indexname FROM pg_indexes WHERE schemaname = 'partner_connector'
        AND indexname LIKE 'pc\_%' AND indexdef LIKE '%USING gin%jsonb_path_ops%'" | sort)
    [ "$have" = "$want" ] || { diff <(echo "$want") <(echo "$have") >&2 || true; fail "the GIN indexes $1"; }
}
if [ "$BACKEND" = postgresql ]; then
    check_pg_indexes "after pc-pg-indexes.service"
    svc pc-pg-indexes.service # idempotent: a second run (each deploy) changes nothing
    check_pg_indexes "after a second run of pc-pg-indexes.service"
    users=$(pg_q "SELECT tablename FROM pg_tables WHERE schemaname = 'partner_connector' AND tablename LIKE 'users\_%'")
    plan=$(pg_q "SET enable_seqscan = off; EXPLAIN SELECT _jsonb FROM partner_connector.\"$users\"
        WHERE _jsonb -> 'email' @> '\"$OWNER_EMAIL\"'")
    grep -q 'Bitmap Index Scan on pc_users_email' <<<"$plan" || { echo "$plan"; fail "FerretDB's filter shape is not served by pc_users_email"; }
    echo "    $(pg_q "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'pc\\_%'") GIN indexes of scripts/pg-pushdown-indexes.sh in FerretDB's tables; _jsonb->'email' @> ... uses pc_users_email"
fi

CERT=$RFS/etc/partner-connector/tls/fullchain.pem
BASE_URL=https://localhost:$HTTPS_PORT
JAR=$WORK/cookies
pc_curl() {
    curl -sS --max-time 20 --cacert "$CERT" --resolve "localhost:$HTTPS_PORT:127.0.0.1" \
        -b "$JAR" -c "$JAR" "$@"
}
# api METHOD PATH [BODY]: the body of a 2xx answer (fails the test otherwise)
api() {
    local csrf out
    csrf=$(awk '$6 == "__Host-pc_csrf" { print $7 }' "$JAR" 2>/dev/null || true)
    out=$(pc_curl -X "$1" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
        -w '\n%{http_code}' ${3:+--data "$3"} "$BASE_URL/api/v1$2") || fail "$1 $2: curl"
    [[ $(tail -n 1 <<<"$out") == 2* ]] || fail "$1 $2 answered $(tail -n 1 <<<"$out"): $(head -n -1 <<<"$out")"
    head -n -1 <<<"$out"
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

step "checks through the root's nginx (https://localhost:$HTTPS_PORT)"
wait_until "deep health" pc_curl -f "$BASE_URL/api/v1/health?deep=1"
echo "    deep health: $(pc_curl "$BASE_URL/api/v1/health?deep=1")"
pc_curl -f -o "$WORK/index.html" "$BASE_URL/"
cmp -s "$WORK/index.html" "$CUR/client/index.html" || fail "/ is not the client's index.html"
echo "    / serves the release's client/index.html ($(wc -c <"$WORK/index.html") bytes)"
pc_curl -s -o /dev/null -w '%{http_code}' -D "$WORK/headers" "$BASE_URL/" >/dev/null
grep -qi '^content-security-policy:' "$WORK/headers" && grep -qi '^strict-transport-security:' "$WORK/headers" \
    || fail "the security headers of nginx/security-headers.conf.template are missing"
[ "$(pc_curl -o /dev/null -w '%{http_code}' -X GET "$BASE_URL/api/v1/webhooks/stripe")" = 405 ] \
    || fail "the webhook shield (POST only) is missing"
for hook in hubspot chilipiper/some-token; do
    [ "$(pc_curl -o /dev/null -w '%{http_code}' -X GET "$BASE_URL/api/v1/webhooks/$hook")" = 405 ] \
        || fail "the webhook shield does not cover /api/v1/webhooks/$hook"
done
echo "    headers (CSP, HSTS) and the webhook shield (GET -> 405: stripe, hubspot, chilipiper) as in nginx/"

api POST /auth/sign-in "{\"email\":\"$OWNER_EMAIL\",\"password\":\"$OWNER_PASSWORD\"}" >"$WORK/me.json"
echo "    sign-in as the seeded owner: role $(json 'd["user"]["role"]' <"$WORK/me.json")"
PARTNER=$(api POST /partners '{"name":"Converge Partner"}' | json 'd["id"]')
LEAD=$(api POST /leads "{\"email\":\"lead-1@converge.test\",\"partner\":\"$PARTNER\"}" | json 'd["id"]')
lead_created_recorded() {
    api GET "/leads/$1/history" | grep -q '"lead.created"'
}
wait_until "the lead.created audit event (events queue -> pc-worker@events)" lead_created_recorded "$LEAD"
grep -q 'queue=events .*type=lead.created .*outcome=ok' "$LOGS/pc-worker@events.service.log" \
    || fail "pc-worker@events did not log the lead.created job"
api GET /admin/queues | json '[q for q in d["list"] if q["name"] == "events"][0]' >"$WORK/events-queue"
echo "    lead $LEAD: its lead.created event came through the events queue and pc-worker@events"
echo "      ($(grep -o 'queue=events .*type=lead.created .*outcome=ok' "$LOGS/pc-worker@events.service.log" | head -n 1));"
echo "      the queue now: $(cat "$WORK/events-queue")"

svc pc-cron@flush-outbox.service
grep -q '"job":"flush-outbox"' "$LOGS/pc-cron@flush-outbox.service.log" \
    || fail "the cron unit's call got no answer from the cron route"
echo "    pc-cron@flush-outbox.service (the timer's unit): $(tail -c 200 "$LOGS/pc-cron@flush-outbox.service.log")"
# a daily job takes its day's lock (the day of CRON_TIMEZONE): a second call that day skips
svc pc-cron@daily-reminders.service
grep -q '"job":"daily-reminders"' "$LOGS/pc-cron@daily-reminders.service.log" \
    || fail "pc-cron@daily-reminders got no answer from the cron route"
! grep -q '"skipped"' "$LOGS/pc-cron@daily-reminders.service.log" || fail "the first daily-reminders run of the day skipped"
mv "$LOGS/pc-cron@daily-reminders.service.log" "$LOGS/pc-cron@daily-reminders.service.log.1"
svc pc-cron@daily-reminders.service
sed 's#\\/#/#g' "$LOGS/pc-cron@daily-reminders.service.log" | grep -qF "\"skipped\":\"already ran on $(TZ=$CRON_TZ date +%F) ($CRON_TZ)" \
    || fail "a second daily-reminders call the same day in $CRON_TZ did not skip: $(cat "$LOGS/pc-cron@daily-reminders.service.log")"
echo "    pc-cron@daily-reminders.service twice: ran, then $(grep -o '"skipped":"[^"]*"' "$LOGS/pc-cron@daily-reminders.service.log")"
for t in "$RFS"/etc/systemd/system/pc-cron@*.timer; do
    cal=$(unitrun show --root "$RFS" "$(basename "$t")" OnCalendar)
    [ -z "$cal" ] || systemd-analyze calendar "$cal" >/dev/null || fail "$(basename "$t"): OnCalendar=$cal"
done
echo "    timers: $(cd "$RFS/etc/systemd/system" && ls pc-cron@*.timer | tr '\n' ' ')"

step "upgrade: converge 2 deploys a second release while the services run"
V1=$(basename "$TARBALL" .tar.gz)
V1=${V1#partner-connector-}
TARBALL2=$(PC_DIST_DIR=$WORK/dist PC_VERSION=$V1.next make -C "$ROOT" --no-print-directory -s dist | tail -n 1)
[ -f "$TARBALL2" ] || fail "make dist made no second tarball"
sed -i "s|^app_release_tarball: .*|app_release_tarball: $TARBALL2|" "$INV/group_vars/all/vars.yml"
converge 2
[ "$CHANGED" -gt 0 ] || fail "converge 2 deployed nothing"
[ "$(readlink "$RFS/opt/partner-connector/current")" = "releases/$V1.next" ] || fail "current does not point at the new release"
[ -x "$RFS/opt/partner-connector/releases/$V1/bin/pc-api" ] || fail "the previous release is gone"
took "current -> releases/$V1.next, releases/$V1 kept for a rollback"

step "restarting the pool under load (what the playbook's handler does): no request fails"
# 4 clients x 40 requests (within nginx's API burst); the pool restarts in the middle
load() {
    local i
    for ((i = 0; i < 40; i++)); do
        curl -sS --max-time 30 --cacert "$CERT" --resolve "localhost:$HTTPS_PORT:127.0.0.1" \
            -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE_URL/api/v1/health?deep=1" || echo "000 0"
    done
}
for k in 1 2 3 4; do load >"$WORK/load-$k" & done
sleep 0.5
kill -HUP "$(cat "$PIDS/pc-api.service")"
wait
grep -q 'restarted on the same socket' "$LOGS/pc-api.service.log" || fail "the pool did not restart"
cat "$WORK"/load-* >"$WORK/load"
bad=$(awk '$1 != 200' "$WORK/load" | wc -l)
[ "$bad" = 0 ] || { sort "$WORK/load" | uniq -c | sort -rn | head; fail "$bad of $(wc -l <"$WORK/load") requests failed during the restart"; }
# a responder of the restarted pool (spawn-fcgi's multiwatch child, then its children); the new
# generation may still be starting right after the load: look again for up to 10 s
responder_exe() {
    local top=$(cat "$PIDS/pc-api.service") mw r
    mw=$(ps -o pid= --ppid "$top" | head -n 1 | tr -d ' ')
    [ -n "$mw" ] || return 1
    r=$(ps -o pid= --ppid "$mw" | head -n 1 | tr -d ' ')
    [ -n "$r" ] && readlink "/proc/$r/exe"
}
exe=""
for ((i = 0; i < 100; i++)); do
    exe=$(responder_exe || true)
    [ -n "$exe" ] && break
    sleep 0.1
done
[ "$exe" = "$RFS/opt/partner-connector/releases/$V1.next/bin/pc-api" ] \
    || fail "the restarted pool does not run the new release (a responder runs '${exe:-nothing}')"
took "$(wc -l <"$WORK/load") requests during the restart, all 200; slowest $(sort -k2 -n "$WORK/load" | tail -n 1 | cut -d' ' -f2) s; the pool runs $V1.next"
# the workers restart too (each after its job); the drills below run on the new release
svc_stop $(for q in $INSTANCES; do echo "pc-worker@$q.service"; done)
for q in $INSTANCES; do svc "pc-worker@$q.service"; done

step "backup and restore drill"
svc pc-backup-db.service
BACKUP=$(ls -t "$RFS"/var/backups/partner-connector/db/ferretdb-* | head -n 1)
[ -s "$BACKUP" ] || fail "pc-backup-db made no backup"
LATE=$(api POST /leads "{\"email\":\"lead-after-backup@converge.test\",\"partner\":\"$PARTNER\"}" | json 'd["id"]')
# the documented procedure: stop the app and FerretDB, restore, start again
svc_stop nginx.service $(for q in $INSTANCES; do echo "pc-worker@$q.service"; done) pc-api.service ferretdb.service
chroot "$RFS" /usr/local/sbin/pc-restore-db "${BACKUP#"$RFS"}" >"$LOGS/restore.log" 2>&1 \
    || { cat "$LOGS/restore.log"; fail "pc-restore-db"; }
svc ferretdb.service
wait_until "FerretDB's socket after the restore" test -S "$RFS/run/ferretdb/ferretdb.sock"
svc pc-api.service
for q in $INSTANCES; do svc "pc-worker@$q.service"; done
svc nginx.service
wait_until "deep health after the restore" pc_curl -f "$BASE_URL/api/v1/health?deep=1"
rm -f "$JAR"
api POST /auth/sign-in "{\"email\":\"$OWNER_EMAIL\",\"password\":\"$OWNER_PASSWORD\"}" >/dev/null
api GET "/leads/$LEAD" >/dev/null
[ "$(pc_curl -o /dev/null -w '%{http_code}' "$BASE_URL/api/v1/leads/$LATE")" = 404 ] \
    || fail "the lead made after the backup is still there: the restore restored nothing"
[ "$BACKEND" != postgresql ] || check_pg_indexes "after the restore"
echo "    database: $(basename "$BACKUP") ($(stat -c %s "$BACKUP") bytes) restored: the lead made before it is back, the one made after it is gone"

# Redis: docs/production.md's procedure, step by step
redis_cli() { redis-cli -p "$REDIS_PORT" -a "$REDIS_PASSWORD" --no-auth-warning "$@"; }
redis_cli SET pc:restore-drill before-backup >/dev/null
svc pc-backup-redis.service
RBACKUP=$(ls -t "$RFS"/var/backups/partner-connector/redis/redis-*.rdb | head -n 1)
redis_cli SET pc:restore-drill after-backup >/dev/null
svc_stop pc-api.service $(for q in $INSTANCES; do echo "pc-worker@$q.service"; done) redis-server.service
mv "$RFS/var/lib/redis/appendonlydir" "$RFS/var/lib/redis/appendonlydir.before-restore"
chroot "$RFS" install -o redis -g redis -m 0660 "${RBACKUP#"$RFS"}" /var/lib/redis/dump.rdb
sed -i 's/^appendonly yes$/appendonly no/' "$RFS/etc/redis/partner-connector.conf"
svc redis-server.service
wait_until "Redis after the restore" redis_cli ping
redis_cli CONFIG SET appendonly yes >/dev/null
aof_written() { redis_cli INFO persistence | tr -d '\r' | grep -qx 'aof_rewrite_in_progress:0' \
    && redis_cli INFO persistence | tr -d '\r' | grep -qx 'aof_enabled:1'; }
wait_until "Redis's new AOF" aof_written
sed -i 's/^appendonly no$/appendonly yes/' "$RFS/etc/redis/partner-connector.conf"
svc_stop redis-server.service # once more: now it must come back from the new AOF
svc redis-server.service
wait_until "Redis from its new AOF" redis_cli ping
[ "$(redis_cli GET pc:restore-drill)" = before-backup ] || fail "Redis did not come back with the backup's data"
svc pc-api.service
for q in $INSTANCES; do svc "pc-worker@$q.service"; done
wait_until "deep health after the Redis restore" pc_curl -f "$BASE_URL/api/v1/health?deep=1"
echo "    Redis: $(basename "$RBACKUP") ($(stat -c %s "$RBACKUP") bytes) restored and rewritten into a new AOF: the value before it is back"
took "backup and restore drill passed"

step "memory of the services (PSS of the main process and its children, idle after the checks)"
for f in $(ls "$PIDS"); do
    pid=$(cat "$PIDS/$f")
    kb=0
    for p in $pid $(ps -o pid= --ppid "$pid"); do
        kb=$((kb + $(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
    done
    printf '    %-30s %6.1f MB\n' "$f" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')"
done

step "the README's configuration table names every variable of pc-api --check-config"
names=$(chroot "$RFS" sh -c 'set -a; . /etc/partner-connector/env; exec /opt/partner-connector/current/bin/pc-api --check-config' | sed 's/=.*//')
missing=""
for n in $names; do grep -q "\`$n\`" "$ROOT/README.md" || missing+=" $n"; done
[ -z "$missing" ] || fail "README.md's configuration table lacks:$missing"
took "$(wc -w <<<"$names") variables, all in README.md"

step "systemd-analyze security --offline=true (exposure: lower is safer)"
for u in pc-api.service pc-setup.service pc-worker@events.service pc-cron@flush-outbox.service \
    ferretdb.service pc-backup-db.service pc-backup-redis.service \
    $([ "$BACKEND" = postgresql ] && echo ferretdb-pgsetup.service pc-pg-indexes.service) nginx.service redis-server.service; do
    score=$(systemd-analyze security --offline=true --root="$RFS" "$u" 2>"$LOGS/security-$u.err" \
        | tee "$LOGS/security-$u.log" | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) \(.*\)$/\1 \2/p')
    [ -n "$score" ] || { cat "$LOGS/security-$u.err"; fail "systemd-analyze security $u"; }
    printf '    %-32s %s\n' "$u" "$score"
    case $u in
    nginx.service | redis-server.service) ;; # Debian's units (nginx with our drop-in)
    *) awk -v s="${score%% *}" 'BEGIN { exit !(s <= 2.0) }' || fail "$u is exposed above 2.0" ;;
    esac
done

# ---------------------------------------------------------------- 4. idempotence
step "converge 3: the same again, the services running"
converge 3
[ "$CHANGED" = 0 ] || { grep -B2 -A8 '^changed:' "$LOGS/converge-3.log" | head -60; fail "converge 3 changed $CHANGED"; }
took "converge 3: changed=0"

# ---------------------------------------------------------------- 5. stop, clean up
step "stopping everything by PID"
stop_all
[ "$LEFT_BEHIND" = 0 ] || fail "processes were left in the root after their units stopped"
took "all stopped, nothing left in the root"
