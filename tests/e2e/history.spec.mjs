// history.spec.mjs - the lead's history as an audit trail (issue 17): each changed field as
// "Field: old → new" with where the change came from; a deleted note can be taken back with
// Undo, and only goes once the Undo time has passed (or the page is left)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, seriousViolations, screenshot } from './browser.mjs';
import { owner, ownerApi, createPartner, createLead, uniq } from './api.mjs';

const UNDO_MS = 6000; // client/app/composables/useUndoableDelete.ts

let browser;
let api;
let partnerA;
let partnerB;
const tag = uniq();

before(async () => {
  browser = await launch();
  api = await ownerApi();
  partnerA = await createPartner(api, { name: `History A ${tag}` });
  partnerB = await createPartner(api, { name: `History B ${tag}` });
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

const noteTexts = async (leadId) => (await api.ok('GET', `/leads/${leadId}/notes`)).list.map((n) => n.text);
const note = (page, text) => page.getByTestId('notes').locator('li').filter({ hasText: text });

test('the history names each changed field with its old and new value, and where it was changed', async () => {
  const lead = await createLead(api, partnerA.id, { firstName: 'Hedda', company: `Old Co ${tag}` });
  const { context, page } = await ownerPage();
  await page.goto(`/leads/${lead.id}`);
  await page.getByTestId('lead-edit').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Company', { exact: true }).fill(`New Co ${tag}`);
  await dialog.getByLabel('Phone', { exact: true }).fill('+49 30 2222');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Lead saved', { exact: true }).waitFor();

  const history = page.getByTestId('history');
  const edit = history.locator(':scope > li').filter({ hasText: `Company: Old Co ${tag} → New Co ${tag}` });
  await edit.waitFor();
  await edit.getByText('Phone: — → +49 30 2222').waitFor();
  await edit.getByText('in Partner Connector').waitFor();
  assert.match(await edit.textContent(), /changed the lead/);
  // every entry says where it happened in words, none in the server's codes ("via manual")
  assert.equal(await history.getByText(/· via /).count(), 0);

  // a move and a deal amount through the API: the partners by name, the amount as money
  await api.ok('PATCH', `/leads/${lead.id}`, { partner: partnerB.id, dealAmount: 123450 });
  const move = history.locator(':scope > li').filter({ hasText: `Partner: ${partnerA.name} → ${partnerB.name}` });
  for (let i = 0; i < 20 && !(await move.count()); i += 1) {
    await page.waitForTimeout(500); // the events worker writes the audit event a moment later
    await page.reload();
    await history.waitFor();
  }
  await move.getByText('Deal amount: — → 1,234.50').waitFor();
  // the partner's id and name changed together: one line, not two
  assert.equal(await move.getByTestId('history-changes').locator('li').count(), 2);
  assert.deepEqual(await seriousViolations(page, '[data-testid="history"]'), []);
  await screenshot(page, 'lead-history');
  await context.close();
});

test('a deleted note comes back with Undo; without Undo it is gone after the undo time', async () => {
  const lead = await createLead(api, partnerA.id, { company: `Notes ${tag}` });
  for (const text of ['keep me', 'drop me']) await api.ok('POST', `/leads/${lead.id}/notes`, { text });
  const { context, page } = await ownerPage();
  await page.goto(`/leads/${lead.id}`);

  await note(page, 'keep me').getByRole('button', { name: 'Delete this note' }).click();
  await note(page, 'keep me').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Undo' }).click();
  await note(page, 'keep me').waitFor();

  await note(page, 'drop me').getByRole('button', { name: 'Delete this note' }).click();
  await note(page, 'drop me').waitFor({ state: 'detached' });
  // nothing is sent while Undo is offered
  assert.deepEqual((await noteTexts(lead.id)).sort(), ['drop me', 'keep me']);
  await page.waitForTimeout(UNDO_MS + 1500);
  await page.reload();
  await note(page, 'keep me').waitFor();
  assert.equal(await note(page, 'drop me').count(), 0);
  assert.deepEqual(await noteTexts(lead.id), ['keep me']);
  await context.close();
});

test('a note deleted just before leaving the page is deleted; a failed delete brings it back', async () => {
  const lead = await createLead(api, partnerA.id, { company: `Leave ${tag}` });
  for (const text of ['leave me', 'fail me']) await api.ok('POST', `/leads/${lead.id}/notes`, { text });
  const { context, page } = await ownerPage();
  await page.goto(`/leads/${lead.id}`);

  await note(page, 'leave me').getByRole('button', { name: 'Delete this note' }).click();
  await page.getByRole('link', { name: 'All leads', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/leads');
  let texts = await noteTexts(lead.id);
  for (let i = 0; i < 20 && texts.includes('leave me'); i += 1) {
    await page.waitForTimeout(100);
    texts = await noteTexts(lead.id);
  }
  assert.deepEqual(texts, ['fail me']);

  await page.route('**/api/v1/leads/*/notes/*', (route) => route.fulfill({
    status: 503, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'unavailable', message: 'try again later', details: [] } }),
  }));
  await page.goto(`/leads/${lead.id}`);
  await note(page, 'fail me').getByRole('button', { name: 'Delete this note' }).click();
  await note(page, 'fail me').waitFor({ state: 'detached' });
  await page.getByText('Could not delete the note', { exact: true }).waitFor({ timeout: UNDO_MS + 5000 });
  await note(page, 'fail me').waitFor();
  await context.close();
});
