// daily.spec.mjs - the daily-work tools of issue 17: edit a lead, move it with its notes to
// another partner, archive it after a confirmation; search by any word; bulk status change;
// export of the current view
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, pick, listReady } from './browser.mjs';
import { owner, ownerApi, createPartner, createLead, uniq } from './api.mjs';

let browser;
let api;
let partnerA;
let partnerB;
const tag = uniq();

before(async () => {
  browser = await launch();
  api = await ownerApi();
  partnerA = await createPartner(api, { name: `Daily A ${tag}` });
  partnerB = await createPartner(api, { name: `Daily B ${tag}` });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

async function ownerPage() {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  return { context, page };
}

test('edit a lead, move it with its note to another partner, archive it after a confirmation', async () => {
  const lead = await createLead(api, partnerA.id, { firstName: 'Eda', lastName: 'Edit', company: `Edit Co ${tag}` });
  await api.ok('POST', `/leads/${lead.id}/notes`, { text: 'a note that moves along' });
  const { context, page } = await ownerPage();
  await page.goto(`/leads/${lead.id}`);
  await page.getByTestId('lead-edit').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Company').fill(`Renamed Co ${tag}`);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Lead saved').waitFor();
  await page.getByText(`Renamed Co ${tag}`).first().waitFor();

  // move: the partner of the lead and of its note change together
  await page.getByTestId('lead-edit').click();
  await pick(page, page.getByRole('dialog').getByLabel(/^Partner/), partnerB.name);
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await page.getByText(`Lead moved to ${partnerB.name}`).waitFor();
  const moved = await api.ok('GET', `/leads/${lead.id}`);
  assert.equal(moved.partner, partnerB.id);
  assert.equal(moved.company, `Renamed Co ${tag}`);
  const notes = await api.ok('GET', `/leads/${lead.id}/notes`);
  assert.deepEqual(notes.list.map((n) => n.text), ['a note that moves along']);

  // archive: nothing happens on Cancel; after the confirmation the lead is gone
  await page.getByTestId('lead-archive').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await api.ok('GET', `/leads/${lead.id}`)).id, lead.id);
  await page.getByTestId('lead-archive').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Archive lead' }).click();
  await page.waitForURL((url) => url.pathname === '/leads');
  await page.getByText(`Lead ${lead.email} archived`).waitFor();
  const gone = await api.call('GET', `/leads/${lead.id}`);
  assert.equal(gone.status, 404);
  await context.close();
});
