// openapi.spec.mjs - the client's API types are made from the document the API serves: what
// `pc-api --openapi` printed at build time (build/openapi.json, scripts/api-types.sh) is what
// GET /api/openapi.json answers through nginx
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Api } from './api.mjs';

const built = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../build/openapi.json');

test('the document the client types come from is the one the API serves', async () => {
  assert.ok(fs.existsSync(built), `${built} is missing: make build writes it`);
  const api = await Api.create();
  const res = await api.ctx.get('/api/openapi.json');
  assert.equal(res.status(), 200);
  const served = await res.json();
  await api.dispose();
  assert.deepEqual(served, JSON.parse(fs.readFileSync(built, 'utf8')));
  // and it describes the models the client uses
  for (const name of ['Lead', 'Partner', 'User', 'Meeting', 'Error'])
    assert.ok(served.components.schemas[name], `schema ${name}`);
});
