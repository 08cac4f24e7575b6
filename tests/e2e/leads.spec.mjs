// leads.spec.mjs - the leads table (filter, sort, pagination, search, URL round trip), status
// changes offering only the allowed transitions, notes with their author
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, pick, waitForQuery, listReady, screenshot } from './browser.mjs';
import { owner, ownerApi, createPartner, createLead, inviteAndAccept, uniq } from './api.mjs';

let browser;
let api;
let partner;
let member;
const tag = uniq();
const STATUSES = ['new', 'in_touch', 'scheduled'];

before(async () => {
  browser = await launch();
  api = await ownerApi();
  partner = await createPartner(api, { name: `Leads Partner ${tag}` });
  // 25 leads: companies Co 00..Co 24, statuses cycling new / in_touch / scheduled
  for (let i = 0; i < 25; i += 1) {
    const n = String(i).padStart(2, '0');
    const lead = await createLead(api, partner.id, {
      email: `l${n}-${tag}@example.com`, company: `Co ${n} ${tag}`, firstName: `First${n}`,
      lastName: 'Lead', salesManager: i % 2 ? 'Ann' : 'Bob',
    });
    const status = STATUSES[i % 3];
    if (status !== 'new') await api.ok('PATCH', `/leads/${lead.id}/status`, { status });
  }
  member = await inviteAndAccept(api, { role: 'user', partner: partner.id, name: 'Pat Member' });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

const rows = (page) => page.getByTestId('leads-table').locator('tbody tr');
const companies = async (page) => (await rows(page).allTextContents())
  .map((t) => t.match(/Co \d\d/)?.[0]).filter(Boolean);
const settled = listReady;

// after Back/Forward the browser changes the URL before the router has run its guards, so
// poll for the rows themselves
async function rowsBecome(page, expected, take = expected.length) {
  const end = Date.now() + 10_000;
  let got;
  while (Date.now() < end) {
    got = (await companies(page)).slice(0, take);
    if (JSON.stringify(got) === JSON.stringify(expected)) return;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(got, expected);
}

test('filter, sort, paginate and search the leads; the URL keeps the view', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/leads?partner=${partner.id}&perPage=10`);
  await settled(page);
  assert.match(await page.getByTestId('range').textContent(), /1–10 of 25/);

  // status filter: in_touch → 8 leads (i = 1, 4, ..., 22)
  await pick(page, 'Status', 'In Touch', { multiple: true });
  await waitForQuery(page, { status: 'in_touch', partner: partner.id });
  await settled(page);
  assert.match(await page.getByTestId('range').textContent(), /1–8 of 8/);
  for (const badge of await page.getByTestId('leads-table').locator('[data-status]').all()) {
    assert.equal(await badge.getAttribute('data-status'), 'in_touch');
  }

  // add "New": 17 leads, 2 pages of 10; sort by company ascending, then descending
  await pick(page, 'Status', 'New', { multiple: true });
  await waitForQuery(page, { status: 'in_touch,new' });
  await page.getByRole('button', { name: /^Sort by Company/ }).click();
  await waitForQuery(page, { sort: 'company:asc' });
  await settled(page);
  assert.match(await page.getByTestId('range').textContent(), /1–10 of 17/);
  assert.deepEqual((await companies(page)).slice(0, 3), ['Co 00', 'Co 01', 'Co 03']);
  await page.getByRole('button', { name: /^Sort by Company/ }).click();
  await waitForQuery(page, { sort: 'company:desc' });
  await settled(page);
  assert.deepEqual((await companies(page)).slice(0, 3), ['Co 24', 'Co 22', 'Co 21']);

  // page 2 holds the other 7
  await page.getByRole('button', { name: 'Page 2' }).click();
  await waitForQuery(page, { page: '2' });
  await settled(page);
  assert.match(await page.getByTestId('range').textContent(), /11–17 of 17/);
  const page2 = await companies(page);
  assert.equal(page2.length, 7);
  assert.deepEqual(page2, ['Co 09', 'Co 07', 'Co 06', 'Co 04', 'Co 03', 'Co 01', 'Co 00']);

  // the URL is the whole view: a fresh tab (new session) shows the same rows
  const shared = new URL(page.url());
  const other = await newPage(browser);
  await signIn(other.page, owner.email, owner.password, { next: shared.pathname + shared.search });
  await settled(other.page);
  assert.equal(other.page.url(), shared.href);
  assert.deepEqual(await companies(other.page), page2);
  assert.match(await other.page.getByTestId('range').textContent(), /11–17 of 17/);
  assert.equal(await other.page.getByRole('button', { name: /^Sort by Company/ }).getAttribute('data-sort'), 'desc');
  await other.context.close();

  // instant search (prefix of company) goes back to page 1 and lands in the URL
  await page.getByRole('searchbox', { name: /Search leads/ }).fill('Co 1');
  await waitForQuery(page, { q: 'Co 1', page: null });
  await settled(page);
  assert.deepEqual(await companies(page), ['Co 19', 'Co 18', 'Co 16', 'Co 15', 'Co 13', 'Co 12', 'Co 10']);

  // Back restores the earlier views (typing a search replaces the entry it started from)
  await page.goBack();
  await waitForQuery(page, { q: null, page: null, sort: 'company:desc' });
  await rowsBecome(page, ['Co 24', 'Co 22', 'Co 21']);
  await page.goForward();
  await waitForQuery(page, { q: 'Co 1' });
  await rowsBecome(page, ['Co 19', 'Co 18']);
  assert.equal(await page.getByRole('searchbox', { name: /Search leads/ }).inputValue(), 'Co 1');

  // clear filters keeps the sort
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await waitForQuery(page, { status: null, partner: null, sort: 'company:desc' });
  await screenshot(page, 'leads');
  await context.close();
});

test('a partner user sees only the allowed transitions and moves a lead along', async () => {
  const lead = await createLead(api, partner.id, { company: `Flow ${tag}`, firstName: 'Flo' });
  const { context, page } = await newPage(browser);
  await signIn(page, member.email, member.password);
  await page.goto(`/leads/${lead.id}`);
  await page.getByTestId('status-form').waitFor();
  assert.equal(await page.getByTestId('lead-status').getAttribute('data-status'), 'new');

  await page.getByLabel('New status').click();
  assert.deepEqual(await page.getByRole('option').allTextContents(), [
    'Scheduled', 'In Touch', 'Won', 'Lost – No Show', 'Lost – Disqualified', 'Lost – No Potential',
  ]);
  await page.getByRole('option', { name: 'In Touch', exact: true }).click();
  // a partner user gets no reason field (no overrides)
  assert.equal(await page.getByLabel('Reason').count(), 0);
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="lead-status"]')?.getAttribute('data-status') === 'in_touch');

  // from In Touch, "New" is not offered
  await page.getByLabel('New status').click();
  const options = await page.getByRole('option').allTextContents();
  assert.deepEqual(options, ['Scheduled', 'Won', 'Lost – No Show', 'Lost – Disqualified', 'Lost – No Potential']);
  await page.getByRole('option', { name: 'Won', exact: true }).click();
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="lead-status"]')?.getAttribute('data-status') === 'won');
  // won is final for a partner user
  await page.getByText('No status change is possible from Won.').waitFor();
  // and the history names the changes
  await page.getByTestId('history').getByText('changed the status from In Touch to Won').waitFor();
  await context.close();
});

test('staff may override a final status, with a reason', async () => {
  const lead = await createLead(api, partner.id, { company: `Override ${tag}` });
  await api.ok('PATCH', `/leads/${lead.id}/status`, { status: 'won' });
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/leads/${lead.id}`);
  await page.getByTestId('status-form').waitFor();
  await pick(page, 'New status', 'In Touch (override)');
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.getByText('An override needs a reason').waitFor();
  await page.getByLabel('Reason').fill('Deal fell through after signing');
  await page.getByText('An override needs a reason').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="lead-status"]')?.getAttribute('data-status') === 'in_touch');
  await page.getByTestId('history').getByText('Reason: Deal fell through after signing').waitFor();
  await screenshot(page, 'lead');
  await context.close();
});

test('a note added appears with its author', async () => {
  const lead = await createLead(api, partner.id, { company: `Notes ${tag}` });
  const { context, page } = await newPage(browser);
  await signIn(page, member.email, member.password);
  await page.goto(`/leads/${lead.id}`);
  await page.getByLabel('Add a note').waitFor();
  // empty notes are refused before any request
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByText('Write something first').waitFor();
  const text = `Called them, demo next week ${tag}`;
  await page.getByLabel('Add a note').fill(text);
  await page.getByText('Write something first').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Add note' }).click();
  const note = page.getByTestId('notes').locator('li').filter({ hasText: text });
  await note.waitFor();
  assert.equal(await note.getByTestId('note-author').textContent(), 'Pat Member');
  assert.equal(await page.getByLabel('Add a note').inputValue(), '');
  await page.getByTestId('history').getByText('Pat Member added a note').waitFor();
  await context.close();
});

test('winning a lead of a percentage-billed partner asks for the deal amount', async () => {
  const pct = await createPartner(api, { name: `Pct ${tag}` });
  await api.ok('PUT', `/partners/${pct.id}/billing`, {
    billingType: 'percentage_of_deal', billingTerms: [{ from: '2020-01', to: null, value: 1000 }],
  });
  const lead = await createLead(api, pct.id, { company: `Pct Co ${tag}` });
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/leads/${lead.id}`);
  await page.getByTestId('status-form').waitFor();
  await pick(page, 'New status', 'Won');
  await page.getByRole('button', { name: 'Change status' }).click();
  // the API's problem sits next to the amount field
  await page.getByText('is required: this partner is billed a share of the deal').waitFor();
  await page.getByLabel('Deal amount').fill('1234.50');
  await page.getByText('is required: this partner is billed a share of the deal').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="lead-status"]')?.getAttribute('data-status') === 'won');
  const saved = await api.ok('GET', `/leads/${lead.id}`);
  assert.equal(saved.dealAmount, 123450);
  await context.close();
});

test('the scheduled date range goes to the URL and to the API as a filter', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/leads?partner=${partner.id}`);
  await settled(page);
  const sent = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/leads?')) sent.push(new URL(r.url())); });
  await page.getByLabel('Scheduled from').fill('2026-01-01');
  await waitForQuery(page, { from: '2026-01-01' });
  await page.getByLabel('Scheduled to').fill('2026-01-31');
  await waitForQuery(page, { from: '2026-01-01', to: '2026-01-31' });
  await settled(page);
  const filter = JSON.parse(sent.at(-1).searchParams.get('filter'));
  const range = filter.filter((f) => f.column === 'scheduledDate').map((f) => f.operator);
  assert.deepEqual(range, ['gte', 'lte']);
  // none of these leads has a meeting, so none is scheduled in January
  await page.getByText('No lead matches these filters').waitFor();
  await context.close();
});
