// views.spec.mjs - saved views of the leads list (issue 17): save the current filter, search,
// sort and columns under a name, apply it later from the Views menu, share it with staff (who
// may apply but not delete it), delete one's own
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, listReady, waitForQuery } from './browser.mjs';
import { owner, ownerApi, createPartner, createLead, inviteAndAccept, uniq } from './api.mjs';

let browser;
let api;
let partner;
const tag = uniq();

before(async () => {
  browser = await launch();
  api = await ownerApi();
  partner = await createPartner(api, { name: `Views ${tag}` });
  await createLead(api, partner.id, { lastName: 'Keller', company: `Kept Co ${tag}` });
  await createLead(api, partner.id, { lastName: 'Other', company: `Other Co ${tag}` });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

const header = (page, name) => page.getByTestId('leads-table').getByRole('columnheader', { name });

async function openViews(page) {
  await page.getByTestId('leads-views').click();
  return page.getByRole('menu');
}

test('save a view, apply it from a clean list, share it with staff, delete it', async () => {
  const name = `Keller view ${tag}`;
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.evaluate(() => localStorage.setItem('pc:leads-columns', JSON.stringify({ source: true, meetingType: false })));
  await page.goto(`/leads?partner=${partner.id}&q=Keller&sort=company:asc`);
  await listReady(page);
  await header(page, 'Source').waitFor();

  await (await openViews(page)).getByRole('menuitem', { name: 'Save current view…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(name);
  // the switch itself (a click on the middle of its wrapper may land on the description, which
  // toggles nothing), and it must read on before the save
  const share = dialog.getByRole('switch', { name: 'Share with all staff' });
  await share.click();
  await page.waitForFunction((el) => el.getAttribute('aria-checked') === 'true', await share.elementHandle());
  await dialog.getByRole('button', { name: 'Save view' }).click();
  await page.getByText(`View “${name}” saved`, { exact: true }).waitFor();
  const saved = (await api.ok('GET', '/views')).list.find((v) => v.name === name);
  assert.deepEqual(saved.query, { partner: partner.id, q: 'Keller', sort: 'company:asc' });
  assert.ok(saved.columns.includes('source') && !saved.columns.includes('meetingType'));
  assert.equal(saved.shared, true);

  // a clean list without the Source column; applying the view brings back query and columns
  await page.evaluate(() => localStorage.setItem('pc:leads-columns', JSON.stringify({ source: false })));
  await page.goto('/leads');
  await listReady(page);
  assert.equal(await header(page, 'Source').count(), 0);
  await (await openViews(page)).getByRole('menuitem', { name }).click();
  await waitForQuery(page, { partner: partner.id, q: 'Keller', sort: 'company:asc' });
  await listReady(page);
  await header(page, 'Source').waitFor();
  await page.getByText(`Kept Co ${tag}`).waitFor();
  assert.equal(await page.getByText(`Other Co ${tag}`).count(), 0);

  // another staff member sees the shared view and applies it, but cannot delete it
  const staff = await inviteAndAccept(api, { role: 'admin' });
  const other = await newPage(browser);
  await signIn(other.page, staff.email, staff.password);
  await other.page.goto('/leads');
  await listReady(other.page);
  const menu = await openViews(other.page);
  await menu.getByRole('menuitem', { name }).waitFor();
  await menu.getByText(/^Shared by /).first().waitFor();
  assert.equal(await menu.getByRole('menuitem', { name: 'Delete a view' }).count(), 0);
  await menu.getByRole('menuitem', { name }).click();
  await waitForQuery(other.page, { partner: partner.id, q: 'Keller' });
  await other.context.close();

  // the owner deletes it
  await page.goto('/leads');
  await listReady(page);
  await (await openViews(page)).getByRole('menuitem', { name: 'Delete a view' }).click();
  await page.getByRole('menuitem', { name }).last().click();
  await page.getByText(`View “${name}” deleted`, { exact: true }).waitFor();
  assert.equal((await api.ok('GET', '/views')).list.some((v) => v.name === name), false);
  await context.close();
});
