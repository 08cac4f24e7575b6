// states.spec.mjs - lists show loading, empty and error states (the error with a working retry);
// relative times show the exact date on hover
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, listReady, screenshot } from './browser.mjs';
import { owner, ownerApi, createPartner, uniq } from './api.mjs';

let browser;
let api;
const tag = uniq();

before(async () => {
  browser = await launch();
  api = await ownerApi();
  await createPartner(api, { name: `States ${tag}` });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

test('a list shows loading, then an error with a retry that recovers, then an empty state', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  let fail = true;
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/api/v1/partners?*', async (route) => {
    if (!route.request().url().includes('perPage=50')) return route.fallback();
    await held;
    if (fail) {
      return route.fulfill({
        status: 503, contentType: 'application/json', headers: { 'Retry-After': '1' },
        body: JSON.stringify({ error: { code: 'unavailable', message: 'The database is restarting' } }),
      });
    }
    return route.fallback();
  });
  await page.goto(`/partners?q=${encodeURIComponent(`nothing-${tag}`)}`);
  // loading: the table says so while the answer is held back
  await page.locator('[data-testid="range"][data-state="loading"]').waitFor();
  await page.getByTestId('partners-table').getByRole('status').filter({ hasText: 'Loading' }).waitFor();
  await screenshot(page, 'state-loading', 800);
  release();
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load the partners' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /The database is restarting/);
  assert.equal(await page.getByText('No partner matches the search').count(), 0);
  await screenshot(page, 'state-error', 800);
  fail = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await listReady(page);
  await page.getByText('No partner matches the search').waitFor();
  assert.equal(await alert.count(), 0);
  await screenshot(page, 'state-empty', 800);
  await context.close();
});

test('relative times show the exact date and time on hover and focus', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/users?q=${encodeURIComponent(owner.email)}`);
  await listReady(page);
  const time = page.getByTestId('users-table').locator('time').first();
  assert.equal(await time.textContent(), 'just now');
  const exact = /\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}/;
  await time.hover();
  await page.locator('[data-slot="content"]').filter({ hasText: exact }).waitFor();
  // and from the keyboard
  await page.mouse.move(0, 0);
  await page.locator('[data-slot="content"]').filter({ hasText: exact }).waitFor({ state: 'detached' });
  // one Tab stop per row (useRowFocus): Tab into the row, then the arrows to the time
  await page.getByRole('searchbox').focus();
  const inRow = () => document.activeElement?.closest('[data-testid="users-table"] tbody tr') != null;
  for (let i = 0; i < 30 && !(await page.evaluate(inRow)); i += 1) await page.keyboard.press('Tab');
  for (let i = 0; i < 10 && !(await time.evaluate((e) => e === document.activeElement)); i += 1) {
    await page.keyboard.press('ArrowRight');
  }
  await page.locator('[data-slot="content"]').filter({ hasText: exact }).waitFor();
  await context.close();
});
