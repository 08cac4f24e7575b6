// import.spec.mjs - lead import in the browser: a CSV with errors shows them in the dry-run
// preview; a clean one is imported with the progress bar reaching 100 %, then the summary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  launch, newPage, signIn, pick, screenshot, seriousViolations,
} from './browser.mjs';
import { owner, ownerApi, createPartner, uniq } from './api.mjs';

let browser;
let api;
let partner;
const tag = uniq();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-import-'));

function csv(name, lines) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

before(async () => {
  browser = await launch();
  api = await ownerApi();
  partner = await createPartner(api, { name: `Import Partner ${tag}` });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function upload(page, file) {
  await page.goto('/leads/import');
  await pick(page, 'Partner', partner.name);
  await page.getByLabel('File', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByTestId('import-preview').waitFor();
}

test('a CSV with errors shows them in the preview', async () => {
  const file = csv('with-errors.csv', [
    'Email,First Name,Last Name,Company',
    `ok-${tag}@example.com,Ok,Row,Good Co`,
    'not-an-email,Bad,Row,Bad Co',
    `second-${tag}@example.com,Fine,Row,Fine Co`,
  ]);
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await upload(page, file);
  const errors = page.getByTestId('import-errors');
  await errors.waitFor();
  const text = await errors.textContent();
  assert.match(text, /email/i);
  assert.match(await page.getByTestId('import-error-count').textContent(), /^1 row with errors/);
  await page.mouse.move(0, 0); // no hover state in the check
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'import-preview-errors');
  await context.close();
});

test('a clean CSV imports with the progress bar reaching 100 %', async () => {
  const rows = Array.from({ length: 30 }, (_, i) => `clean-${i}-${tag}@example.com,Row${i},Clean,Clean Co ${i}`);
  const file = csv('clean.csv', ['Email,First Name,Last Name,Company', ...rows]);
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await upload(page, file);
  assert.equal(await page.getByTestId('import-errors').count(), 0);
  await page.getByRole('button', { name: /^Import 30 rows$/ }).click();
  const bar = page.getByTestId('import-progress-bar');
  await bar.waitFor();
  // the bar follows processed/total: its values never go back and end at 100 with every row
  const seen = [];
  const summary = page.getByTestId('import-summary');
  for (let i = 0; i < 600 && !(await summary.isVisible()); i++) {
    const v = await bar.getAttribute('data-value').catch(() => null);
    if (v !== null && seen.at(-1) !== v)
      seen.push(v);
    await page.waitForTimeout(100);
  }
  await summary.waitFor({ timeout: 1000 });
  const values = [...seen, await bar.getAttribute('data-value')].map(Number);
  assert.deepEqual(values, [...values].sort((a, b) => a - b), `bar went back: ${values}`);
  assert.equal(values.at(-1), 100);
  assert.match(await page.getByTestId('import-progress').textContent(), /Done: processed 30 of 30 rows/);
  assert.equal(await page.getByTestId('import-created').textContent(), '30');
  await page.mouse.move(0, 0);
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(page.foreignRequests, []);
  await screenshot(page, 'import-done');
  const listed = await api.ok('GET', `/leads?search=${encodeURIComponent(`clean-`)}&perPage=200`);
  assert.ok(listed.list.filter((l) => l.email.endsWith(`-${tag}@example.com`)).length >= 30);
  await context.close();
});
