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
  await dialog.getByLabel('Company', { exact: true }).fill(`Renamed Co ${tag}`);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Lead saved', { exact: true }).waitFor();
  await page.getByText(`Renamed Co ${tag}`).first().waitFor();

  // move: the partner of the lead and of its note change together
  await page.getByTestId('lead-edit').click();
  await pick(page, page.getByRole('dialog').getByLabel(/^Partner/), partnerB.name);
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await page.getByText(`Lead moved to ${partnerB.name}`, { exact: true }).waitFor();
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
  await page.getByText(`Lead ${lead.email} archived`, { exact: true }).waitFor();
  const gone = await api.call('GET', `/leads/${lead.id}`);
  assert.equal(gone.status, 404);
  await context.close();
});

const rowCount = (page) => page.getByTestId('leads-table').locator('tbody tr:has([data-testid="select-row"])').count();

test('search finds the start of any word: a last name, an e-mail domain, GmbH', async () => {
  const partner = await createPartner(api, { name: `Daily Search ${tag}` });
  await createLead(api, partner.id, { email: `anna-${tag}@helix-saas.example`, firstName: 'Anna', lastName: 'Keller', company: `Nordlicht ${tag}` });
  await createLead(api, partner.id, { email: `bo-${tag}@bluefin.example`, lastName: 'Berg', company: 'Acme Systeme GmbH' });
  await createLead(api, partner.id, { email: `cy-${tag}@other.example`, lastName: 'Cole', company: 'Plain' });
  const { context, page } = await ownerPage();
  await page.goto(`/leads?partner=${partner.id}`);
  await listReady(page);
  assert.equal(await rowCount(page), 3);
  const box = page.getByLabel(/^Search leads/);
  for (const [word, want] of [['Keller', 1], ['helix-saas', 1], ['bluefin', 1], ['GmbH', 1], ['example', 3]]) {
    await box.fill(word);
    await page.waitForURL((url) => url.searchParams.get('q') === word);
    await listReady(page);
    assert.equal(await rowCount(page), want, word);
  }
  await context.close();
});

test('bulk status change of 3 chosen leads, then of all leads matching the view', async () => {
  const partner = await createPartner(api, { name: `Daily Bulk ${tag}` });
  const ids = [];
  for (let i = 0; i < 12; i += 1) ids.push((await createLead(api, partner.id, { company: `Bulk ${i}` })).id);
  const { context, page } = await ownerPage();
  await page.goto(`/leads?partner=${partner.id}&perPage=10`);
  await listReady(page);
  const boxes = page.getByTestId('leads-table').getByTestId('select-row');
  for (let i = 0; i < 3; i += 1) await boxes.nth(i).click();
  await page.getByTestId('bulk-count').getByText('3 leads selected').waitFor();
  await pick(page, 'New status', 'In Touch');
  await page.getByTestId('bulk-apply').click();
  await page.getByText('3 leads changed', { exact: true }).waitFor();
  await listReady(page);
  let leads = (await api.ok('GET', `/leads?perPage=50&filter=${encodeURIComponent(JSON.stringify([{ column: 'partner', operator: 'eq', value: partner.id }]))}`)).list;
  assert.equal(leads.filter((l) => l.dealStatus === 'in_touch').length, 3);

  // the page, then all 12 matching: 3 are in touch already, the rest move too
  await page.getByTestId('select-page').click();
  await page.getByTestId('select-all-matching').click();
  await page.getByTestId('bulk-count').getByText('12 leads selected').waitFor();
  await pick(page, 'New status', 'Lost – Disqualified');
  await page.getByTestId('bulk-apply').click();
  await page.getByText('12 leads changed', { exact: true }).waitFor();
  leads = (await api.ok('GET', `/leads?perPage=50&filter=${encodeURIComponent(JSON.stringify([{ column: 'partner', operator: 'eq', value: partner.id }]))}`)).list;
  assert.equal(leads.filter((l) => l.dealStatus === 'lost_disqualified').length, 12);
  await context.close();
});

test('export downloads the current view as CSV (formulas neutralised) and XLSX', async () => {
  const partner = await createPartner(api, { name: `Daily Export ${tag}` });
  await createLead(api, partner.id, { email: `x1-${tag}@export.example`, company: '=1+1' });
  await createLead(api, partner.id, { email: `x2-${tag}@export.example`, company: 'Zed' });
  await createLead(api, partnerA.id, { email: `x3-${tag}@export.example`, company: 'Elsewhere' });
  const { context, page } = await ownerPage();
  await page.goto(`/leads?partner=${partner.id}`);
  await listReady(page);
  const fs = await import('node:fs/promises');
  async function download(label) {
    await page.getByTestId('leads-export').click();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: label }).click(),
    ]);
    return { name: file.suggestedFilename(), bytes: await fs.readFile(await file.path()) };
  }
  const csv = await download('CSV (.csv)');
  assert.match(csv.name, /^leads-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = csv.bytes.toString('utf8');
  assert.ok(text.includes(`x1-${tag}@export.example`) && text.includes(`x2-${tag}@export.example`));
  assert.ok(!text.includes(`x3-${tag}`), 'another partner\'s lead is not in the view');
  assert.ok(text.includes('"\'=1+1"'), text);
  const xlsx = await download('Excel (.xlsx)');
  assert.match(xlsx.name, /\.xlsx$/);
  assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK');
  await context.close();
});
