#!/usr/bin/env bash
# deps.sh - install everything the project needs, idempotently and quickly when present.
#
# Debian packages (apt-get update only when something is missing), the system user of the
# stack's private PostgreSQL cluster (when run as root), FerretDB v1.24.2 built once through the
# Go tools module in scripts/tools, and npm packages of client/ and tests/ installed from their
# committed lockfiles. Prints one line per step; on failure names the step and its log.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG_DIR=${PC_DEPS_LOG_DIR:-$ROOT/build/logs}
mkdir -p "$LOG_DIR"

APT_PACKAGES=(
    build-essential pkg-config make gcc
    libfcgi-dev libfcgi-bin spawn-fcgi
    libmongoc-dev libbson-dev libhiredis-dev libjson-c-dev libjwt-dev
    libcurl4-openssl-dev libssl-dev libargon2-dev libcrypt-dev
    libcsv-dev libzip-dev libexpat1-dev libxlsxwriter-dev
    check libsubunit-dev
    multiwatch nginx redis-server redis-tools openssl curl ca-certificates gettext-base
    postgresql
    openjdk-17-jre-headless
    chromium fonts-dejavu-core
    valgrind wrk clang-format cppcheck
)
# the deployment (ansible/) and its converge test (tests/ansible/): Debian's ansible runs the
# playbook (ansible-core 2.14, the chroot connection), debootstrap makes the test's Debian root
APT_PACKAGES+=(ansible debootstrap python3-venv)

step() { printf '==> %s\n' "$*"; }
fail() { printf 'deps: %s failed, see %s\n' "$1" "$2" >&2; exit 1; }

missing_apt_packages() {
    local pkg missing=()
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' \
            || missing+=("$pkg")
    done
    echo "${missing[@]:-}"
}

install_apt() {
    local missing log=$LOG_DIR/apt.log
    missing=$(missing_apt_packages)
    [ -z "$missing" ] && return 0
    step "installing Debian packages: $missing"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    {
        $sudo apt-get update -q
        # policy-rc.d keeps package scripts from starting system nginx/redis on ports we need
        DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $sudo apt-get install -y -q \
            --no-install-recommends $missing
    } >"$log" 2>&1 || fail "apt-get install" "$log"
    # the packaged services are not ours: make sure they do not hold ports or files
    $sudo service nginx stop >/dev/null 2>&1 || true
    $sudo service redis-server stop >/dev/null 2>&1 || true
    $sudo service postgresql stop >/dev/null 2>&1 || true
}

# PostgreSQL refuses to run as root: a stack started by root runs its private cluster as this
# system user (no login, no home); anyone else runs it as themselves (scripts/stack-postgres.sh)
PG_SYSTEM_USER=pc-postgres
install_pg_user() {
    [ "$(id -u)" -eq 0 ] || return 0
    getent passwd "$PG_SYSTEM_USER" >/dev/null && return 0
    step "creating the system user $PG_SYSTEM_USER (runs the stack's PostgreSQL when root starts it)"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin --comment "Partner Connector PostgreSQL clusters" \
        "$PG_SYSTEM_USER" || fail "useradd $PG_SYSTEM_USER" "the output above"
}

FERRETDB_VERSION=v1.24.2
ferretdb_bin() { echo "$(go env GOPATH)/bin/ferretdb"; }

# The module zip lacks build/version/version.txt, and FerretDB panics at start without it when it
# is the main module, so we build from a writable copy of the pinned module source with that file
# written. scripts/tools/go.mod + go.sum pin the version and every dependency.
install_ferretdb() {
    local bin log=$LOG_DIR/ferretdb-build.log src work
    bin=$(ferretdb_bin)
    if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "version: $FERRETDB_VERSION"; then
        return 0
    fi
    step "building FerretDB $FERRETDB_VERSION (minutes the first time)"
    work=$(mktemp -d)
    {
        src=$(cd "$ROOT/scripts/tools" && go mod download -json github.com/FerretDB/FerretDB \
            | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
        [ -d "$src" ] || { echo "module source not found"; exit 1; }
        cp -r "$src" "$work/ferretdb"
        chmod -R u+w "$work/ferretdb"
        echo "$FERRETDB_VERSION" >"$work/ferretdb/build/version/version.txt"
        (cd "$work/ferretdb" && go build -trimpath -o "$bin" ./cmd/ferretdb)
    } >"$log" 2>&1 || { rm -rf "$work"; fail "FerretDB build" "$log"; }
    rm -rf "$work"
}

# stripe-mock, Stripe's own mock (integrations.md §E): the API tests send every Stripe call
# through it (WireMock proxies to it), so a parameter Stripe would refuse fails a test. Built
# once from the Go module proxy at a pinned version (go install checks it against the sum
# database); its embedded spec is of the API version STRIPE_API_VERSION defaults to.
STRIPE_MOCK_VERSION=v0.197.0
install_stripe_mock() {
    local bin log=$LOG_DIR/stripe-mock-build.log stamp
    bin="$(go env GOPATH)/bin/stripe-mock"
    stamp="$bin.version"
    if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$STRIPE_MOCK_VERSION" ]; then
        return 0
    fi
    step "building stripe-mock $STRIPE_MOCK_VERSION"
    (cd "$ROOT/scripts/tools" && go install \
        "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION") >"$log" 2>&1 \
        || fail "stripe-mock build" "$log"
    echo "$STRIPE_MOCK_VERSION" >"$stamp"
}

# npm install (not npm ci: the registry here serves only Linux builds of platform packages,
# so the lockfile lacks the others and npm ci refuses it; see docs/decisions.md)
install_npm() {
    local dir=$1 log=$LOG_DIR/npm-$(basename "$1").log
    [ -f "$ROOT/$dir/package.json" ] || return 0
    if [ -f "$ROOT/$dir/node_modules/.package-lock.json" ] \
        && [ "$ROOT/$dir/node_modules/.package-lock.json" -nt "$ROOT/$dir/package-lock.json" ]; then
        return 0
    fi
    step "installing npm packages for $dir"
    # --no-save: install what the lockfile says and never rewrite it (npm flips "peer" flags of
    # optional packages from one fresh install to the next, dirtying the work tree)
    (cd "$ROOT/$dir" && npm install --no-save --no-audit --no-fund --loglevel=error) >"$log" 2>&1 \
        || fail "npm install in $dir" "$log"
    touch "$ROOT/$dir/node_modules/.package-lock.json"
}

# Go (FerretDB's build) and Node.js >= 20.19 (the client) come with the machine: Debian 12's own
# packages are too old for either, so they are checked, not installed
check_toolchains() {
    command -v go >/dev/null 2>&1 \
        || { echo "deps: Go is not installed (FerretDB is built with it; Go >= 1.24 needed)" >&2; exit 1; }
    command -v node >/dev/null 2>&1 \
        || { echo "deps: Node.js is not installed (the client needs Node >= 20.19)" >&2; exit 1; }
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' \
        || { echo "deps: Node.js $(node --version) is too old (the client needs >= 20.19)" >&2; exit 1; }
}

# ansible-lint from PyPI into build/venv (pinned in scripts/tools/ansible-lint-requirements.txt),
# made with Debian's python3; skipped when the venv already holds the pinned version
install_ansible_lint() {
    local venv=$ROOT/build/venv req=$ROOT/scripts/tools/ansible-lint-requirements.txt
    local want log=$LOG_DIR/ansible-lint.log
    want=$(sed -n 's/^ansible-lint==//p' "$req")
    if [ -x "$venv/bin/ansible-lint" ] \
        && [ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("ansible-lint"))' 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    step "installing ansible-lint $want into build/venv"
    {
        rm -rf "$venv"
        /usr/bin/python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check --require-virtualenv -r "$req"
    } >"$log" 2>&1 || fail "ansible-lint install" "$log"
}

# a venv of pinned PyPI packages (a requirements file of `pip freeze`), made again only when
# that file changed: venv, requirements, what it is (for the messages), log name
install_venv() {
    local venv=$1 req=$2 what=$3 log=$LOG_DIR/$4.log
    if [ -x "$venv/bin/python" ] && cmp -s "$req" "$venv/requirements.txt"; then
        return 0
    fi
    step "installing $what into ${venv#"$ROOT"/}"
    {
        rm -rf "$venv"
        /usr/bin/python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check --require-virtualenv -r "$req"
        cp "$req" "$venv/requirements.txt"
    } >"$log" 2>&1 || fail "$what install" "$log"
}

# the OpenAPI checks of the API tests (tests/api/check_responses.py), in their own venv: their
# jsonschema pins need not agree with ansible-lint's
install_api_checks() {
    install_venv "$ROOT/build/venv-api" "$ROOT/scripts/tools/api-check-requirements.txt" \
        "the OpenAPI checks (openapi-core, openapi-spec-validator)" api-checks
}

# openapi-python-client (issue 15): a client generated from /api/openapi.json calls the partner
# API in tests/e2e/generated-client.spec.mjs; its own venv (its pydantic and ruff pins)
install_client_generator() {
    install_venv "$ROOT/build/venv-gen" "$ROOT/scripts/tools/client-gen-requirements.txt" \
        "the OpenAPI client generator (openapi-python-client)" client-gen
}

check_toolchains
install_apt
install_pg_user
install_ansible_lint
install_api_checks
install_client_generator
install_ferretdb
install_stripe_mock
install_npm client
install_npm tests
