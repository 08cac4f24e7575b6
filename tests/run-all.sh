#!/usr/bin/env bash
# run-all.sh - what `make test` runs after deps and build: unit, static checks (clang-format,
# cppcheck, ESLint, nuxt typecheck), API (FerretDB on PostgreSQL, then the database-facing suites
# on SQLite), browser, Ansible (tests/ansible/), then unit and API again under ASan/UBSan. Stops at
# the first failing stage; exit status 0 only if all passed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
started=$(date +%s)
stage() {
    local name=$1
    shift
    printf '\n######## %s\n' "$name"
    local t0=$(date +%s)
    if ! "$@"; then
        printf '\nmake test: FAILED in stage "%s" (logs under build/test-logs/)\n' "$name" >&2
        exit 1
    fi
    printf -- '-------- %s passed in %ss\n' "$name" $(($(date +%s) - t0))
}
stage "unit tests" ./build/release/bin/test-unit
stage "static checks (clang-format, cppcheck, ESLint, nuxt typecheck)" make --no-print-directory lint
stage "API tests" ./tests/harness/run.sh api
stage "API tests on SQLite (the database-facing suites)" ./tests/harness/run.sh api-sqlite
stage "browser tests" ./tests/harness/run.sh e2e
stage "Ansible: lint, converge into a debootstrap root, changed=0" ./tests/ansible/run.sh
stage "ASan/UBSan build" make --no-print-directory SANITIZE=1 build-c
stage "unit + API tests under ASan/UBSan" ./tests/harness/run.sh asan
printf '\nmake test: all stages passed in %ss\n' $(($(date +%s) - started))
