#!/usr/bin/env bash
# build-client.sh - the API types from pc-api's OpenAPI document (scripts/api-types.sh; PC_API_BIN
# names the binary), nuxt generate into client/.output/public, then record the SHA-256 hashes of
# the inline scripts Nuxt writes into the HTML (colour mode, runtime config) so nginx's CSP can
# allow exactly those and no other inline script.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG=$ROOT/build/logs/client-build.log
mkdir -p "$ROOT/build/logs"
"$ROOT/scripts/api-types.sh"
cd "$ROOT/client"
if ! npx --no-install nuxi generate >"$LOG" 2>&1; then
    echo "client build failed, see $LOG" >&2
    exit 1
fi
node - <<'JS' >"$ROOT/client/.output/csp-script-hashes.txt"
const fs = require('fs'), path = require('path'), crypto = require('crypto');
const hashes = new Set();
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith('.html')) {
      const html = fs.readFileSync(p, 'utf8');
      for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)) {
        const attrs = m[1] || '';
        if (/\bsrc=/.test(attrs) || /type="application\/json"/.test(attrs)) continue;
        hashes.add(`'sha256-${crypto.createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
      }
    }
  }
};
walk('.output/public');
process.stdout.write([...hashes].join(' ') + '\n');
JS
