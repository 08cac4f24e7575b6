// generated-client.spec.mjs - the OpenAPI document is good enough for a code generator (issue
// 15): openapi-python-client (build/venv-gen, scripts/deps.sh) generates a client from the
// served /api/openapi.json without a warning, and that client reads a lead and pushes a status
// with an Idempotency-Key through the partner API (tests/e2e/generated_client.py)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseURL } from './browser.mjs';
import { ownerApi, createPartner, createLead, uniq } from './api.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const python = path.join(here, '../../build/venv-gen/bin/python');
let api;

before(async () => {
  api = await ownerApi();
});
after(async () => {
  await api?.dispose();
});

test('a client generated from /api/openapi.json calls the partner API', async () => {
  const partner = await createPartner(api, { name: `Generated ${uniq()}` });
  const lead = await createLead(api, partner.id);
  const made = await api.ok('POST', `/partners/${partner.id}/api-tokens`, { name: 'generated client' });
  const { stdout } = await promisify(execFile)(python,
    [path.join(here, 'generated_client.py'), baseURL, made.token, lead.id], { timeout: 240_000 });
  const got = JSON.parse(stdout.trim().split('\n').pop());
  assert.equal(got.email, lead.email);
  assert.match(got.jobId, /^[0-9a-f]{24}$/);
  assert.equal(got.replayedJobId, got.jobId); // the same key and body: the first answer again
  for (let i = 0; i < 100; i++) {
    const now = await api.ok('GET', `/leads/${lead.id}`);
    if (now.dealStatus === 'in_touch') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail('the pushed status never arrived');
});
