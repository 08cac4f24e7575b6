// openapi.spec.mjs - the client's API types are made from the document the API serves: what
// `pc-api --openapi` printed at build time (build/openapi.json, scripts/api-types.sh) is what
// GET /api/openapi.json answers through nginx (a stack with test hooks serves their rows too:
// pc-api --openapi with PC_TEST_HOOKS set prints that document)
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Api } from './api.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const built = path.join(root, 'build/openapi.json');
const pcApi = path.join(root, 'build/release/bin/pc-api');

/** what pc-api --openapi prints, with or without the test hooks */
function printed(hooks) {
  const env = { ...process.env };
  if (hooks) env.PC_TEST_HOOKS = '1';
  else delete env.PC_TEST_HOOKS;
  return JSON.parse(execFileSync(pcApi, ['--openapi'], { env, encoding: 'utf8' }));
}

test('the document the client types come from is the one the API serves', async () => {
  assert.ok(fs.existsSync(built), `${built} is missing: make build writes it`);
  const api = await Api.create();
  const res = await api.ctx.get('/api/openapi.json');
  assert.equal(res.status(), 200);
  const served = await res.json();
  await api.dispose();
  // the build's document (the client's types) is pc-api's without hooks; this stack has hooks
  assert.deepEqual(JSON.parse(fs.readFileSync(built, 'utf8')), printed(false));
  assert.deepEqual(served, printed(true));
  // and it describes the models the client uses
  for (const name of ['Lead', 'Partner', 'User', 'Meeting', 'Error'])
    assert.ok(served.components.schemas[name], `schema ${name}`);
});
