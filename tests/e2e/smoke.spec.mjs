// smoke.spec.mjs - the client loads from nginx, renders the sign-in page, stays on its origin
// and passes the axe check
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, seriousViolations, screenshot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('sign-in page renders from nginx with no request leaving the origin', async () => {
  const { context, page } = await newPage(browser);
  await page.goto('/login');
  await page.getByLabel('Email').waitFor();
  assert.ok(await page.getByLabel('Password', { exact: true }).isVisible());
  assert.ok(await page.getByRole('button', { name: /sign in/i }).isVisible());
  assert.deepEqual(page.foreignRequests, []);
  assert.deepEqual(page.errors, []);
  await screenshot(page, 'login');
  await context.close();
});

test('sign-in page has no serious or critical accessibility violations', async () => {
  const { context, page } = await newPage(browser);
  await page.goto('/login');
  await page.getByLabel('Email').waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await context.close();
});

test('a deep link falls back to the client', async () => {
  const { context, page } = await newPage(browser);
  const response = await page.goto('/partners/some-partner');
  assert.equal(response.status(), 200);
  await page.locator('#__nuxt').waitFor({ state: 'attached' });
  await context.close();
});
