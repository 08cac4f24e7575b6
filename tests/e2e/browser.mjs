// browser.mjs - Debian's chromium through playwright-core, kept off the network, plus helpers
// shared by the specs: the stack URL from the harness, a request log that flags any request
// leaving the origin, axe checks and screenshots.
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifacts = path.join(here, 'artifacts');
// 127.0.0.1, not localhost: the resolver rules below send every name lookup nowhere
export const baseURL = `https://127.0.0.1:${process.env.PC_HTTPS_PORT}`;

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run',
      '--disable-features=AutofillServerCommunication',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });
}

// a context that trusts nothing but our origin; every request is recorded
export async function newPage(browser) {
  const context = await browser.newContext({ baseURL, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  page.foreignRequests = [];
  page.errors = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.origin !== baseURL && url.protocol !== 'data:') page.foreignRequests.push(req.url());
  });
  page.on('pageerror', (err) => page.errors.push(String(err)));
  return { context, page };
}

// include: a CSS selector to check only part of the page (an open modal: the page behind it is
// aria-hidden while focus stays trapped in the dialog)
export async function seriousViolations(page, include) {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const result = await builder.analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes: ${v.nodes.slice(0, 3)
      .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`).join(' | ')})`);
}

// the app scrolls inside its panel, so the page is made tall for the shot, then restored
export async function screenshot(page, name, height = 1400) {
  fs.mkdirSync(artifacts, { recursive: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: size.width, height });
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  await page.setViewportSize(size);
}

// a select by its label: "Status" finds a USelect labelled Status and a CommonSelectMenu named
// "Status: Any status" (its name includes what it shows)
export function selectByLabel(scope, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}(:|$)`));
}

// picks an option of a Nuxt UI select (USelect / USelectMenu) by the trigger's label
export async function pick(page, label, option, { multiple = false } = {}) {
  const trigger = typeof label === 'string' ? selectByLabel(page, label) : label;
  await trigger.click();
  await page.getByRole('option', { name: option, exact: true }).click();
  if (multiple) await page.keyboard.press('Escape');
}

// waits until the URL's query has these values (null = absent)
export async function waitForQuery(page, expected) {
  await page.waitForURL((url) => Object.entries(expected).every(([k, v]) => url.searchParams.get(k) === v));
}

// signs in through the form and waits for the app shell
export async function signIn(page, email, password, { next } = {}) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByTestId('user-menu').waitFor();
}

// a signed-in page for a user (new context)
export async function signedInPage(browser, email, password) {
  const { context, page } = await newPage(browser);
  await signIn(page, email, password);
  return { context, page };
}

// waits until a server-side table shows the rows of the current URL's view
export async function listReady(page) {
  await page.locator('[data-testid="range"][data-state="ready"]').waitFor();
}
