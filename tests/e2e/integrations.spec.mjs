// integrations.spec.mjs - the Integrations page (staff): the providers' state, "Sync now" with a
// full sync against the WireMock stand-in of HubSpot's search (the harness starts it in e2e
// mode) followed to done with its progress, the run in the table of past runs; the webhook
// inbox with deliveries posted like the providers do (a signed HubSpot batch, a ChiliPiper
// booking nobody takes), filters, details with the raw body, a replay after the fix; the
// not-configured state and the 422 of Sync now (answers rewritten in the browser: the harness
// configures both providers); a partner admin gets the 403 page; phone and desktop widths
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { request } from 'playwright-core';
import { launch, newPage, signIn, pick, listReady, screenshot, waitForQuery, baseURL } from './browser.mjs';
import { owner, ownerApi, createPartner, inviteAndAccept, uniq } from './api.mjs';

let browser;
let api;
let provider; // raw requests as HubSpot and ChiliPiper make them (no session)
let padmin;
const tag = uniq();
const wiremock = process.env.PC_WIREMOCK_URL;
const stubs = [];

before(async () => {
  browser = await launch();
  api = await ownerApi();
  provider = await request.newContext({ baseURL, ignoreHTTPSErrors: true });
  const partner = await createPartner(api, { name: `Integrations Partner ${tag}` });
  padmin = await inviteAndAccept(api, { role: 'admin', partner: partner.id, name: 'Ina Admin' });
});
after(async () => {
  for (const id of stubs) await fetch(`${wiremock}/__admin/mappings/${id}`, { method: 'DELETE' }).catch(() => {});
  await provider?.dispose();
  await api?.dispose();
  await browser?.close();
});

/** waits for the toast saying text */
function toast(page, text) {
  return page.getByRole('region', { name: /notifications/i }).getByText(text).first().waitFor();
}

/** POST a HubSpot v3-signed batch (integrations.md §A.1, as tests/api/webhook_client.c) */
async function hubspotPost(events) {
  const body = JSON.stringify(events);
  const ts = String(Date.now());
  const uri = `https://localhost:${process.env.PC_HTTPS_PORT}/api/v1/webhooks/hubspot`;
  const sig = crypto.createHmac('sha256', process.env.HUBSPOT_APP_SECRET)
    .update(`POST${uri}${body}${ts}`).digest('base64');
  const res = await provider.post('/api/v1/webhooks/hubspot', {
    data: body,
    headers: { 'Content-Type': 'application/json', 'X-HubSpot-Signature-v3': sig, 'X-HubSpot-Request-Timestamp': ts },
  });
  assert.equal(res.status(), 200, await res.text());
  return (await res.json()).id;
}

/** POST a ChiliPiper booking to the path with the secret token */
async function chilipiperPost(booking) {
  const res = await provider.post(`/api/v1/webhooks/chilipiper/${process.env.CHILIPIPER_WEBHOOK_SECRET}`, {
    data: JSON.stringify(booking), headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(res.status(), 200, await res.text());
  return (await res.json()).id;
}

/** polls the inbox entry until the worker's verdict is in */
async function verdict(id, { not = 'received', timeout = 20_000 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    // the inbox entry is written as the job is queued: a 404 only until then
    const { status, body } = await api.call('GET', `/webhook-inbox/${id}`);
    if (status === 200 && body.status !== not) return body;
    if (status !== 200 && status !== 404) throw new Error(`GET /webhook-inbox/${id} -> ${status}`);
    if (Date.now() > end) throw new Error(`delivery ${id} still ${d.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stub(mapping) {
  const res = await fetch(`${wiremock}/__admin/mappings`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(mapping),
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  stubs.push(JSON.parse(text).id);
}

function contact(id, email, type) {
  return {
    id: String(id), createdAt: '2026-05-01T10:00:00.000Z', updatedAt: '2026-06-01T10:00:00.000Z', archived: false,
    properties: {
      email, firstname: 'Sync', lastname: `Contact ${tag}`, lifecyclestage: 'salesqualifiedlead',
      meeting_type_cp__c: type, lastmodifieddate: '2026-06-01T10:00:00.000Z',
    },
  };
}

/** the page does not scroll sideways (tables scroll inside their own box) */
async function noSideScroll(page) {
  const over = await page.evaluate(() => {
    const doc = document.documentElement;
    const main = document.getElementById('main-content');
    return { doc: doc.scrollWidth - doc.clientWidth, main: main ? main.scrollWidth - main.clientWidth : 0 };
  });
  assert.ok(over.doc <= 0 && over.main <= 0, `horizontal overflow ${JSON.stringify(over)}`);
}

test('staff run a full sync and follow it to done; the run is in the table', async () => {
  assert.ok(wiremock, 'PC_WIREMOCK_URL: the e2e harness starts the stand-ins');
  const type = `Sync Type ${tag}`;
  await createPartner(api, { name: `Sync Partner ${tag}`, meetingTypes: [type] });
  const n = Date.now();
  // one page of two contacts, answered after 1.5 s so the running state can be seen
  await stub({
    priority: 1,
    request: { method: 'POST', urlPath: '/hubspot/crm/v3/objects/contacts/search' },
    response: {
      status: 200, headers: { 'Content-Type': 'application/json' }, fixedDelayMilliseconds: 1500,
      jsonBody: { total: 2, results: [contact(n, `sync-a-${tag}@example.com`, type), contact(n + 1, `sync-b-${tag}@example.com`, type)] },
    },
  });

  const { context, page } = await newPage(browser);
  await page.setViewportSize({ width: 1400, height: 900 });
  await signIn(page, owner.email, owner.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
  await page.waitForURL('**/integrations');
  await page.getByRole('heading', { name: 'Connections' }).waitFor();
  const hubspot = page.getByTestId('provider-hubspot');
  assert.equal(await hubspot.getAttribute('data-configured'), 'true');
  assert.equal((await hubspot.getByTestId('provider-state').textContent()).trim(), 'Configured');
  assert.match(await hubspot.getByTestId('webhook-url').textContent(), /\/api\/v1\/webhooks\/hubspot$/);
  assert.match(await page.getByTestId('provider-chilipiper').getByTestId('webhook-url').textContent(), /\{CHILIPIPER_WEBHOOK_SECRET\}$/);
  await page.getByTestId('conflicts-link').getByRole('link', { name: /Review conflicts/ }).waitFor();

  await page.getByRole('checkbox', { name: /Full sync/ }).check();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await toast(page, 'Full sync started');
  const progress = page.getByTestId('sync-progress');
  await progress.waitFor();
  // while the stand-in holds its answer, the run is queued or running and the button waits
  assert.match(await progress.getAttribute('data-status'), /^(starting|queued|running)$/);
  assert.ok(await page.getByRole('button', { name: 'Sync now' }).isDisabled());
  await page.locator('[data-testid="sync-progress"][data-status="done"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('sync-progress-bar').getAttribute('data-value'), '100');
  assert.match(await page.getByTestId('sync-progress-text').textContent(), /Done: processed 2 of 2 contacts/);
  assert.match(await progress.getByTestId('sync-counts').textContent(), /2 created/);
  await toast(page, 'Sync done');
  // the card shows the last sync, the table the run
  await hubspot.getByTestId('last-task').getByText('Done').waitFor();
  assert.match(await hubspot.getByTestId('last-task').textContent(), /2 created/);
  await page.getByRole('tab', { name: 'Sync runs' }).click();
  await waitForQuery(page, { tab: 'runs' });
  await listReady(page);
  const first = page.getByTestId('runs-table').locator('tbody tr').first();
  await first.getByText('Done').waitFor();
  assert.match(await first.textContent(), /HubSpot contact sync.*every contact/);
  assert.match(await first.textContent(), /2 of 2/);
  assert.match(await first.textContent(), /2 created/);
  await noSideScroll(page);
  await screenshot(page, 'integrations-sync-done');
  // the leads are there
  const leads = await api.ok('GET', `/leads?search=${encodeURIComponent(`sync-a-${tag}`)}`);
  assert.equal(leads.list.length, 1);
  await context.close();
});

test('the inbox filters, shows a failed delivery with its raw body and replays it after the fix', async () => {
  const type = `Unrouted ${tag}`;
  const ext = `cp-e2e-${tag}`;
  const start = new Date(Date.now() + 86_400_000).toISOString();
  const failedId = await chilipiperPost({
    meetingIdChili: ext, meetingTitle: 'Intro', meetingStartTime: start, primaryGuestEmail: `guest-${tag}@example.com`,
    primaryGuestDataFields: { FirstName: 'Gus', Company: 'Guest Co' }, assigneeEmail: 'rep@agency.test',
    meetingTypeName: type, type: 'Created',
  });
  assert.equal((await verdict(failedId)).status, 'failed');
  const n = Date.now();
  const ignoredId = await hubspotPost([{
    eventId: n, subscriptionId: 1, portalId: 1, appId: 1, occurredAt: n, subscriptionType: 'contact.propertyChange',
    attemptNumber: 0, objectId: n, propertyName: 'firstname', propertyValue: 'Nobody', changeSource: 'CRM',
  }]);
  assert.equal((await verdict(ignoredId)).status, 'ignored');

  const { context, page } = await newPage(browser);
  await page.setViewportSize({ width: 1400, height: 900 });
  await signIn(page, owner.email, owner.password);
  await page.goto('/integrations');
  await listReady(page);
  const table = page.getByTestId('inbox-table');
  // both providers' deliveries are listed; the HubSpot one by its filter
  await pick(page, 'Provider', 'HubSpot');
  await waitForQuery(page, { provider: 'hubspot' });
  await listReady(page);
  await table.getByText('Ignored').first().waitFor();
  assert.equal(await table.getByText('ChiliPiper', { exact: true }).count(), 0);
  await pick(page, 'Provider', 'ChiliPiper');
  await pick(page, 'Status', 'Failed');
  await waitForQuery(page, { provider: 'chilipiper', status: 'failed' });
  await listReady(page);
  const row = table.locator('tbody tr').filter({ hasText: `no partner takes meeting type` }).first();
  await row.waitFor();
  assert.ok(await row.getByTestId('inbox-error').isVisible());

  // the details: error and raw body
  await row.getByRole('button', { name: /^Details of the ChiliPiper delivery/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('delivery-detail').waitFor();
  assert.match(await dialog.getByTestId('delivery-error').textContent(), /no partner takes meeting type/);
  assert.match(await dialog.getByTestId('delivery-body').textContent(), new RegExp(`"meetingIdChili": "${ext}"`));
  await screenshot(page, 'integrations-delivery');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  // a replay before the fix fails again; after it (a partner takes the type), it is processed
  await createPartner(api, { name: `Takes it ${tag}`, meetingTypes: [type] });
  await row.getByRole('button', { name: /^Replay the ChiliPiper delivery/ }).click();
  const confirm = page.getByRole('dialog', { name: /Replay this ChiliPiper delivery/ });
  await confirm.waitFor();
  await confirm.getByRole('button', { name: 'Replay', exact: true }).click();
  await toast(page, 'Delivery queued again');
  const done = await verdict(failedId);
  assert.equal(done.status, 'processed');
  assert.equal(done.replays, 1);
  await pick(page, 'Status', 'Processed');
  await waitForQuery(page, { status: 'processed' });
  await listReady(page);
  await table.locator('tbody tr').filter({ hasText: 'replayed 1×' }).first().waitFor();
  // the inbox scrolls inside its box at phone width
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  await noSideScroll(page);
  await screenshot(page, 'integrations-phone');
  await context.close();
});

test('an empty filter says so; not configured and the 422 of Sync now are explained', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.setViewportSize({ width: 390, height: 844 });
  // the harness configures both providers: the answers are rewritten here, as a server without
  // them sends them (lib/domain/integrations.c, hubspot_sync.c)
  await page.route('**/api/v1/integrations', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    for (const p of ['hubspot', 'chilipiper']) Object.assign(body[p], { configured: false, webhookConfigured: false, apiConfigured: false });
    return route.fulfill({ response: res, json: body });
  });
  await page.route('**/api/v1/leads/sync', (route) => route.fulfill({
    status: 422, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'validation_failed', message: 'HUBSPOT_ACCESS_TOKEN is not set', details: [] } }),
  }));
  await page.goto('/integrations?status=received&provider=hubspot');
  await listReady(page);
  await page.getByText('No delivery matches these filters').waitFor();
  const hubspot = page.getByTestId('provider-hubspot');
  assert.equal((await hubspot.getByTestId('provider-state').textContent()).trim(), 'Not configured');
  assert.match(await hubspot.getByTestId('provider-missing').textContent(), /HUBSPOT_APP_SECRET.*HUBSPOT_ACCESS_TOKEN/s);
  assert.match(await page.getByTestId('provider-chilipiper').getByTestId('provider-missing').textContent(), /CHILIPIPER_WEBHOOK_SECRET.*CHILIPIPER_API_KEY/s);
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByTestId('sync-error').getByText('HUBSPOT_ACCESS_TOKEN is not set').waitFor();
  await noSideScroll(page);
  await screenshot(page, 'integrations-not-configured');
  await context.close();
});

test('a partner admin has no Integrations entry and gets the 403 page', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, padmin.email, padmin.password);
  const nav = page.getByRole('navigation', { name: 'Main' });
  assert.equal(await nav.getByRole('link', { name: 'Integrations' }).count(), 0);
  await page.goto('/integrations');
  await page.getByText('This page is not available to your role.').waitFor();
  await context.close();
});
