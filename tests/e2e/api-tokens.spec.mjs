// api-tokens.spec.mjs - a partner admin's API tokens on the partner page (issue 15): the empty
// state, a new token shown once with a working copy button, the token working against the
// partner API, then revoked after a confirmation and refused from its next request on
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'playwright-core';
import { launch, newPage, signIn, baseURL, seriousViolations, screenshot } from './browser.mjs';
import { ownerApi, createPartner, inviteAndAccept, uniq } from './api.mjs';

let browser;
let api;
const tag = uniq();

before(async () => {
  browser = await launch();
  api = await ownerApi();
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

/** GET path of the partner API with the token: {status, code} */
async function withToken(token, path) {
  const ctx = await request.newContext({ baseURL, ignoreHTTPSErrors: true });
  try {
    const res = await ctx.get(`/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
    const body = await res.json();
    return { status: res.status(), code: body?.error?.code };
  } finally {
    await ctx.dispose();
  }
}

test('a partner admin creates a token, copies it once, then revokes it', async () => {
  const partner = await createPartner(api, { name: `Tokens ${tag}` });
  const admin = await inviteAndAccept(api, { role: 'admin', partner: partner.id });
  const { context, page } = await newPage(browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await signIn(page, admin.email, admin.password);
  await page.goto(`/partners/${partner.id}?tab=api`);
  const section = page.getByTestId('api-tokens');
  await section.getByText('No API tokens yet').waitFor();

  await section.getByRole('button', { name: 'New token' }).click();
  const form = page.getByRole('dialog', { name: 'New API token' });
  await form.getByRole('button', { name: 'Create token' }).click();
  await form.getByText('Name the token after the system that uses it').waitFor();
  await form.getByLabel('Name').fill('CRM sync');
  await form.getByRole('button', { name: 'Create token' }).click();

  const shown = page.getByRole('dialog', { name: 'Copy your new token now' });
  await shown.waitFor();
  const token = await shown.getByTestId('api-token-secret').inputValue();
  assert.match(token, /^pc_[A-Za-z0-9_-]{43}$/);
  assert.deepEqual(await seriousViolations(page, '[role="dialog"]'), []);
  await screenshot(page, 'api-token-shown-once', 900);
  await shown.getByRole('button', { name: 'Copy' }).click();
  await shown.getByText('Copied to the clipboard.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
  assert.equal((await withToken(token, '/partner/leads')).status, 200);
  await shown.getByRole('button', { name: 'I have stored it' }).click();
  await shown.waitFor({ state: 'hidden' });

  // the list shows the prefix, never the secret again
  const table = page.getByTestId('api-tokens-table');
  await table.getByText(`${token.slice(0, 11)}…`).waitFor();
  assert.equal((await page.content()).includes(token), false);
  await table.getByText('Active').waitFor();

  await table.getByRole('button', { name: 'Revoke the token CRM sync' }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke CRM sync?' });
  await confirm.getByRole('button', { name: 'Revoke' }).click();
  await page.getByText('Token CRM sync revoked').first().waitFor();
  await table.getByText('Revoked').waitFor();
  assert.deepEqual(await withToken(token, '/partner/leads'), { status: 401, code: 'api_token_revoked' });

  // at phone width the table scrolls inside its box, never the page
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  const over = await page.evaluate(() => {
    const doc = document.documentElement;
    const main = document.getElementById('main-content');
    return { doc: doc.scrollWidth - doc.clientWidth, main: main ? main.scrollWidth - main.clientWidth : 0 };
  });
  assert.ok(over.doc <= 0 && over.main <= 0, `horizontal overflow ${JSON.stringify(over)}`);
  // the seven tabs keep their whole labels: the tab list scrolls sideways instead of cutting them
  const cut = await page.getByRole('tab').evaluateAll((tabs) =>
    tabs.map((t) => t.querySelector('span:last-child') ?? t)
      .filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent));
  assert.deepEqual(cut, [], `tab labels cut at phone width: ${cut.join(', ')}`);
  await screenshot(page, 'api-tokens-phone', 844);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a partner user sees no API tab', async () => {
  const partner = await createPartner(api, { name: `No tokens ${tag}` });
  const user = await inviteAndAccept(api, { role: 'user', partner: partner.id });
  const { context, page } = await newPage(browser);
  await signIn(page, user.email, user.password);
  await page.goto(`/partners/${partner.id}`);
  await page.getByRole('heading', { name: `No tokens ${tag}` }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'API' }).count(), 0);
  await context.close();
});
