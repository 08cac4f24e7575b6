#!/usr/bin/env bash
# dist.sh - `make dist`: the release tarball that the deployment (ansible/roles/app) unpacks into
# /opt/partner-connector/releases/<version>. Run after `make build`; prints the tarball's path.
#
#   partner-connector-<version>/
#     VERSION                      the version (git describe; a dirty tree adds a time stamp)
#     bin/pc-api bin/pc-worker     the programs (debug sections stripped, symbols kept)
#     lib/mail/templates/          the e-mail templates (PC_TEMPLATE_DIR=<release>/lib/mail)
#     nginx/                       the nginx templates and JSON error pages (the same files the
#                                  dev stack renders: scripts/stack.sh)
#     client/                      the static client; api-docs/: Swagger UI
#     docs/                        README.md and docs/*.md
#     share/queues.txt             the queues pc-worker serves (pc-worker --list-queues)
#     share/cron-jobs.txt          the cron jobs and schedules (pc-api --list-cron-jobs)
#     share/csp-script-hashes.txt  the CSP hashes of the client's inline scripts
#     share/runtime-packages.txt   the Debian packages of the libraries the programs link
#
# PC_VERSION overrides the version; PC_DIST_DIR the output directory (build/dist).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/build/release/bin
OUT=${PC_DIST_DIR:-$ROOT/build/dist}
die() { printf 'dist: %s\n' "$*" >&2; exit 1; }

for f in "$BIN/pc-api" "$BIN/pc-worker" "$ROOT/client/.output/public/index.html" \
    "$ROOT/build/docs/index.html"; do
    [ -e "$f" ] || die "$f is missing: run make build first"
done

version=${PC_VERSION:-$(git -C "$ROOT" describe --tags --always --dirty="-dirty.$(date -u +%Y%m%d%H%M%S)" 2>/dev/null || date -u +%Y%m%d%H%M%S)}
[[ $version =~ ^[A-Za-z0-9][A-Za-z0-9._+-]*$ ]] || die "unusable version '$version'"
name=partner-connector-$version
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/$name
mkdir -p "$stage"/{bin,share,lib/mail,nginx,client,api-docs,docs} "$OUT"

install -m 0755 "$BIN/pc-api" "$BIN/pc-worker" "$stage/bin/"
strip --strip-debug "$stage/bin/pc-api" "$stage/bin/pc-worker"
cp -r "$ROOT/lib/mail/templates" "$stage/lib/mail/"
cp "$ROOT"/nginx/*.template "$stage/nginx/"
cp -r "$ROOT/nginx/errors" "$stage/nginx/"
cp -r "$ROOT/client/.output/public/." "$stage/client/"
cp -r "$ROOT/build/docs/." "$stage/api-docs/"
cp "$ROOT/README.md" "$ROOT"/docs/*.md "$stage/docs/"
echo "$version" >"$stage/VERSION"

# the lists the deployment reads, from the programs themselves (never a hand-kept copy); the
# configuration is a placeholder so that no caller's PC_TEST_HOOKS adds the test queues
env -i PATH=/usr/bin:/bin PC_ENV=production JWT_SECRET=dist-placeholder-not-a-secret-0000000000 \
    CRON_SECRET=dist-placeholder-not-a-secret-00 "$stage/bin/pc-worker" --list-queues \
    >"$stage/share/queues.txt"
"$stage/bin/pc-api" --list-cron-jobs >"$stage/share/cron-jobs.txt"
[ -s "$stage/share/queues.txt" ] || die "pc-worker --list-queues printed nothing"
cat "$ROOT/client/.output/csp-script-hashes.txt" 2>/dev/null >"$stage/share/csp-script-hashes.txt" || true

# the package of each library the programs link directly (NEEDED; apt brings the rest). dpkg
# knows a file by the path its package ships, which on a merged /usr may be the other spelling
runtime_packages() {
    local bin needed lib cands=() found
    for bin in "$@"; do
        needed=$(objdump -p "$bin" | awk '$1 == "NEEDED" {print $2}')
        for lib in $(ldd "$bin" | awk -v want=" $(echo $needed) " \
            '$2 == "=>" && index(want, " " $1 " ") {print $3}'); do
            cands+=("$lib" "$(readlink -f "$lib")")
        done
    done
    cands+=("${cands[@]/#//usr}")
    found=$( (dpkg -S "${cands[@]}" 2>/dev/null || true) | cut -d: -f1 | sort -u)
    [ -n "$found" ] || die "no package owns the linked libraries (dpkg -S)"
    echo "$found"
}
runtime_packages "$stage/bin/pc-api" "$stage/bin/pc-worker" >"$stage/share/runtime-packages.txt"

# reproducible archive: sorted names, no owners, one time stamp (the commit's)
mtime=$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -C "$work" -czf \
    "$OUT/$name.tar.gz.tmp" "$name"
mv "$OUT/$name.tar.gz.tmp" "$OUT/$name.tar.gz"
echo "$OUT/$name.tar.gz"
