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

export async function seriousViolations(page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`);
}

export async function screenshot(page, name) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}
