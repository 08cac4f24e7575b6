// import.spec.mjs - lead import in the browser: a CSV with errors shows them in the dry-run
// preview; a clean one is imported with the progress bar reaching 100 %, then the summary; the
// template and the accepted headers (GET /imports/columns); rejected rows as CSV; a partner
// chosen after the file previews again; Recent imports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
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

// the CSV a button downloads, as lines (BOM and the last line end dropped)
async function downloaded(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const text = (await fsp.readFile(await file.path())).toString('utf8');
  return { name: file.suggestedFilename(), lines: text.replace(/^\uFEFF/, '').replace(/\r\n$/, '').split('\r\n') };
}

test('the template has the canonical headers and the accepted headers are listed per field', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto('/leads/import');
  const template = await downloaded(page, page.getByRole('button', { name: 'Download a template' }));
  assert.equal(template.name, 'leads-import-template.csv');
  assert.deepEqual(template.lines, ['Email,First name,Last name,Company,Phone,Job title,Country,Industry,'
    + 'Company size,Meeting type,Sales manager,Partner,Deal status']);
  await page.getByText('Accepted headers', { exact: true }).click();
  const list = page.getByTestId('import-accepted-headers');
  await list.waitFor();
  assert.match(await list.locator('[data-field="email"]').textContent(), /^Email, E-mail, Email address, Work email$/);
  assert.match(await list.locator('[data-field="companySize"]').textContent(), /^Company size, Employees, Size$/);
  assert.match(await list.textContent(), /E-mail \(required\)/);
  await page.mouse.move(0, 0);
  assert.deepEqual(await seriousViolations(page), []);
  await context.close();
});

test('rejected rows download as CSV, a partner chosen after the file previews again, the import is in Recent imports', async () => {
  const name = `bad-row-${tag}.csv`;
  const file = csv(name, [
    'Email,given_name,Notes',
    `good-${tag}@example.com,Good,x`,
    'not-an-email,Bad,y',
  ]);
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto('/leads/import');
  await page.getByLabel('File', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByTestId('import-preview').waitFor();
  const count = page.getByTestId('import-error-count');
  assert.match(await count.textContent(), /^2 rows with errors/); // no partner yet
  // the partner chosen now: the preview runs again by itself
  await pick(page, 'Partner', partner.name);
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="import-error-count"]')?.textContent?.startsWith('1 row with errors'));
  // the mapping speaks in labels and names what it ignores
  const preview = page.getByTestId('import-preview');
  assert.match(await preview.textContent(), /given_name\s*First name/);
  assert.match(await page.getByTestId('import-ignored').textContent(), /ignored.*: Notes\./s);
  const rejected = await downloaded(page, page.getByRole('button', { name: 'Download rejected rows' }));
  assert.equal(rejected.name, 'rejected-rows.csv');
  assert.deepEqual(rejected.lines, ['Row,Column,Problem', '3,Email,must be an e-mail address like name@example.com']);
  // the import: the summary names the row and its reason, and so does its CSV
  await page.getByRole('button', { name: /^Import 1 rows$/ }).click();
  const summary = page.getByTestId('import-summary');
  await summary.waitFor({ timeout: 60000 });
  assert.match(await page.getByTestId('import-rejected').textContent(),
    /Row 3 \(E-mail\): must be an e-mail address like name@example\.com/);
  const after = await downloaded(page, summary.getByRole('button', { name: 'Download rejected rows' }));
  assert.deepEqual(after.lines, ['Row,Column,Problem', '3,E-mail,must be an e-mail address like name@example.com']);
  // Recent imports shows it: file, partner, status, counts
  const row = page.getByTestId('import-history').locator('tr', { hasText: name });
  await row.waitFor();
  const text = await row.textContent();
  assert.match(text, new RegExp(partner.name));
  assert.match(text, /Done/);
  assert.match(text, /1 · 0 · 0 · 1/);
  await page.mouse.move(0, 0);
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'import-rejected-and-history');
  await context.close();
});
