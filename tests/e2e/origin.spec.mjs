// origin.spec.mjs - the browser, unaided, can sign in: the API must accept the Origin a browser
// sends for its own page (https://host:port), which needs the Host with its port (nginx's
// $http_host, not Debian's $host)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage } from './browser.mjs';
import { owner } from './api.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a real browser on a non-443 port can sign in (Origin with port accepted)', async () => {
  const { context, page } = await newPage(browser);
  const answers = [];
  page.on('response', (r) => { if (r.url().endsWith('/api/v1/auth/sign-in')) answers.push(r.status()); });
  await page.goto('/login');
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sign-in'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await answered;
  assert.deepEqual(answers, [200], 'POST /api/v1/auth/sign-in from the browser (Origin: '
    + `${new URL(page.url()).origin}) must not be refused as cross-site`);
  await context.close();
});
