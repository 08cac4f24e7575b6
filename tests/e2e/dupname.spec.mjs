// dupname.spec.mjs - a second partner with a name another partner has (issue 17, data quality):
// the form shows the conflict and creates or renames only after "… anyway"
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, listReady } from './browser.mjs';
import { owner, ownerApi, createPartner, uniq } from './api.mjs';

let browser;
let api;
let existing;
const tag = uniq();

before(async () => {
  browser = await launch();
  api = await ownerApi();
  existing = await createPartner(api, { name: `Twin Agency ${tag}` });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

// the partners (newest 200) whose name is name, ignoring case and outer spaces
const newest = encodeURIComponent(JSON.stringify([{ column: 'createdAt', direction: 'desc' }]));
const named = async (name) => (await api.ok('GET', `/partners?sort=${newest}&perPage=200`))
  .list.filter((p) => p.name.trim().toLowerCase() === name.toLowerCase());

test('creating a partner of a taken name shows the conflict, then "Create anyway" creates it', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto('/partners');
  await listReady(page);
  await page.getByRole('button', { name: 'New partner' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(`  twin agency ${tag} `);
  await dialog.getByRole('button', { name: 'Create partner' }).click();
  const notice = dialog.getByTestId('duplicate-name');
  await notice.getByText(`A partner named “twin agency ${tag}” already exists.`).waitFor();
  assert.equal((await named(existing.name)).length, 1);

  // another name hides the notice; back to the taken one, then created anyway
  await dialog.getByLabel('Name').fill(`Twin Agency ${tag} Berlin`);
  assert.equal(await notice.count(), 0);
  await dialog.getByLabel('Name').fill(`twin agency ${tag}`);
  await dialog.getByRole('button', { name: 'Create partner' }).click();
  await notice.getByRole('button', { name: 'Create anyway' }).click();
  await page.waitForURL(/\/partners\/[0-9a-f]{24}$/);
  assert.equal((await named(existing.name)).length, 2);
  await context.close();
});

test('renaming a partner to a taken name asks first; "Save anyway" renames it', async () => {
  const partner = await createPartner(api, { name: `Rename Me ${tag}` });
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/partners/${partner.id}?tab=settings`);
  const settings = page.getByTestId('partner-settings');
  await settings.waitFor();
  await settings.getByLabel('Name').fill(existing.name.toUpperCase());
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await settings.getByTestId('duplicate-name').waitFor();
  assert.equal((await api.ok('GET', `/partners/${partner.id}`)).name, partner.name);
  await settings.getByRole('button', { name: 'Save anyway' }).click();
  await page.getByText('Settings saved', { exact: true }).waitFor();
  assert.equal((await api.ok('GET', `/partners/${partner.id}`)).name, existing.name.toUpperCase());
  assert.equal(await settings.getByTestId('duplicate-name').count(), 0);
  await context.close();
});
