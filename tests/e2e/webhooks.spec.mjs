// webhooks.spec.mjs - the Webhooks tab of a partner (issue 15): empty state, the endpoint form
// with its event checkboxes, the secret shown once, a test event in the delivery log, rotation
// after a confirmation
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, screenshot } from './browser.mjs';
import { owner, ownerApi, createPartner, uniq } from './api.mjs';

let browser;
let api;
const tag = uniq();
const receiverPath = `/e2e-hooks/${tag}`;

before(async () => {
  browser = await launch();
  api = await ownerApi();
  // the receiver: WireMock (started by the harness) answers 200 on this path
  const res = await fetch(`${process.env.PC_WIREMOCK_URL}/__admin/mappings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ request: { method: 'POST', urlPath: receiverPath }, response: { status: 200, body: 'ok' } }),
  });
  assert.equal(res.status, 201);
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

test('add an endpoint, see its secret once, send a test event, rotate the secret', async () => {
  const partner = await createPartner(api, { name: `Hooks ${tag}` });
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/partners/${partner.id}?tab=webhooks`);
  await page.getByTestId('webhooks-empty').waitFor();

  await page.getByTestId('webhook-add').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('URL').fill('not a url');
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();
  await dialog.getByText('Enter the full URL').waitFor();
  await dialog.getByLabel('URL').fill(`${process.env.PC_WIREMOCK_URL}${receiverPath}`);
  await dialog.getByLabel('Note added').uncheck();
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();

  const secretDialog = page.getByRole('dialog', { name: 'Your signing secret' });
  const first = (await secretDialog.getByTestId('webhook-secret').textContent()).trim();
  assert.match(first, /^whsec_[A-Za-z0-9_-]{43}$/);
  await screenshot(page, 'webhook-secret');
  await secretDialog.getByRole('button', { name: 'I have saved it' }).click();

  const endpoint = page.getByTestId('webhook-endpoint');
  await endpoint.getByText(receiverPath).waitFor();
  const { list } = await api.ok('GET', `/partners/${partner.id}/webhooks`);
  assert.equal(list.length, 1);
  assert.ok(!list[0].events.includes('lead.note_added'));
  assert.equal(list[0].events.length, 6);
  assert.equal(list[0].secret, undefined);

  await endpoint.getByRole('button', { name: 'Send test event' }).click();
  await page.getByText('Test event queued').first().waitFor();
  await endpoint.getByRole('button', { name: 'Delivery log' }).click();
  const log = page.getByTestId('webhook-deliveries');
  for (let i = 0; i < 40; i++) {
    if (await log.locator('[data-status="delivered"]').count()) break;
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForTimeout(250);
  }
  await log.locator('[data-status="delivered"]').first().waitFor();
  await screenshot(page, 'webhook-log');

  await endpoint.getByRole('button', { name: 'Rotate secret' }).click();
  await page.getByRole('dialog', { name: 'Rotate the signing secret?' })
    .getByRole('button', { name: 'Rotate secret' }).click();
  const second = (await secretDialog.getByTestId('webhook-secret').textContent()).trim();
  assert.match(second, /^whsec_/);
  assert.notEqual(second, first);
  await secretDialog.getByRole('button', { name: 'I have saved it' }).click();
  await context.close();
});
