// partners.spec.mjs - partners table and page: create (with the API's field error next to the
// field), ICP editor and popover, meeting types, billing terms
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, listReady, pick, screenshot } from './browser.mjs';
import { owner, ownerApi, createPartner, uniq } from './api.mjs';

let browser;
let api;
let existing;
const tag = uniq();

before(async () => {
  browser = await launch();
  api = await ownerApi();
  existing = await createPartner(api, { name: `Existing ${tag}` });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

test('create a partner; a taken slug is reported next to the field', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto('/partners');
  await listReady(page);
  await page.getByRole('button', { name: 'New partner' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(`Fresh ${tag}`);
  await dialog.getByLabel('Slug').fill(existing.slug);
  await dialog.getByRole('button', { name: 'Create partner' }).click();
  await dialog.getByText('is taken by another partner').waitFor();
  await dialog.getByLabel('Slug').fill(`fresh-${tag}`);
  await dialog.getByLabel('Billing e-mail').fill(`billing-${tag}@example.com`);
  await page.keyboard.press('Tab');
  await dialog.getByRole('button', { name: 'Create partner' }).click();
  await page.waitForURL(/\/partners\/[0-9a-f]{24}$/);
  await page.getByRole('heading', { name: `Fresh ${tag}` }).waitFor();
  await context.close();
});

test('settings: ICP pairs, meeting types and billing terms are saved and shown', async () => {
  const partner = await createPartner(api, { name: `Settings ${tag}` });
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/partners/${partner.id}?tab=settings`);
  const settings = page.getByTestId('partner-settings');
  await settings.waitFor();
  await settings.getByRole('button', { name: 'Add criterion' }).click();
  await settings.getByLabel('Criterion 1', { exact: true }).fill('industry');
  await settings.getByLabel('Value of criterion 1').fill('SaaS');
  await settings.getByRole('button', { name: 'Add criterion' }).click();
  await settings.getByLabel('Criterion 2', { exact: true }).fill('employees');
  await settings.getByLabel('Value of criterion 2').fill('50-200');
  const types = settings.getByLabel('Meeting types');
  await types.fill('Discovery');
  await types.press('Enter');
  await types.fill('Demo');
  await types.press('Enter');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved').first().waitFor();
  const saved = await api.ok('GET', `/partners/${partner.id}`);
  assert.deepEqual(saved.icp, { industry: 'SaaS', employees: '50-200' });
  assert.deepEqual(saved.meetingTypes, ['Discovery', 'Demo']);

  // billing: percentage of the deal, 12.5 % from this month on
  await page.getByRole('tab', { name: 'Billing' }).click();
  const billing = page.getByTestId('billing-form');
  await billing.waitFor();
  await pick(page, billing.getByLabel('Billing type'), 'Percentage of the deal');
  await billing.getByRole('button', { name: 'Add term' }).click();
  await billing.getByLabel('Term 1 percent').fill('12.5');
  await billing.getByRole('button', { name: 'Save billing' }).click();
  await page.getByText('Billing saved').first().waitFor();
  const bill = await api.ok('GET', `/partners/${partner.id}/billing`);
  assert.equal(bill.billingType, 'percentage_of_deal');
  assert.equal(bill.billingTerms.length, 1);
  assert.equal(bill.billingTerms[0].value, 1250);
  assert.equal(bill.billingTerms[0].to, null);
  await screenshot(page, 'partner-billing');

  // the partners table shows the ICP badge; its popover lists the pairs
  await page.goto(`/partners?q=${encodeURIComponent(`Settings ${tag}`)}`);
  await listReady(page);
  const row = page.getByTestId('partners-table').locator('tbody tr').first();
  await row.getByTestId('icp-badge').click();
  const pairs = page.getByTestId('icp-pairs');
  await pairs.waitFor();
  assert.match(await pairs.textContent(), /industry\s*SaaS/);
  assert.match(await pairs.textContent(), /employees\s*50-200/);
  await screenshot(page, 'partners');
  await page.keyboard.press('Escape');
  await context.close();
});
