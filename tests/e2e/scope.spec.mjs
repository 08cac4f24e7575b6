// scope.spec.mjs - a partner user sees only their partner's leads and none of the staff pages
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, listReady, selectByLabel, screenshot } from './browser.mjs';
import { owner, ownerApi, createPartner, createLead, inviteAndAccept, uniq } from './api.mjs';

let browser;
let api;
let mine;
let theirs;
let member;
const tag = uniq();
const mineLeads = [];
const theirLeads = [];

before(async () => {
  browser = await launch();
  api = await ownerApi();
  mine = await createPartner(api, { name: `Mine ${tag}`, icp: { industry: 'SaaS' } });
  theirs = await createPartner(api, { name: `Theirs ${tag}` });
  for (let i = 0; i < 3; i += 1) {
    mineLeads.push(await createLead(api, mine.id, { company: `Mine${tag} Co ${i}` }));
    theirLeads.push(await createLead(api, theirs.id, { company: `Theirs${tag} Co ${i}` }));
  }
  member = await inviteAndAccept(api, { role: 'user', partner: mine.id, name: 'Scoped User' });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

test('a partner user sees only their partner\'s leads', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, member.email, member.password);
  await page.getByRole('heading', { name: mine.name }).waitFor();

  await page.goto(`/leads?q=${encodeURIComponent(`Mine${tag}`)}`);
  await listReady(page);
  const table = page.getByTestId('leads-table');
  assert.match(await page.getByTestId('range').textContent(), /of 3$/);
  // no partner column or filter for partner users
  assert.equal(await table.getByRole('columnheader', { name: 'Partner' }).count(), 0);
  assert.equal(await selectByLabel(page, 'Partner').count(), 0);

  await page.goto(`/leads?q=${encodeURIComponent(`Theirs${tag}`)}`);
  await listReady(page);
  await page.getByText('No lead matches these filters').waitFor();

  // everything the user can list belongs to their partner
  await page.goto('/leads?perPage=200');
  await listReady(page);
  const text = await table.textContent();
  for (const l of theirLeads) assert.ok(!text.includes(l.email), `${l.email} must not be listed`);
  for (const l of mineLeads) assert.ok(text.includes(l.email), `${l.email} must be listed`);

  // another partner's lead by URL: the API answers 404, the page says so
  await page.goto(`/leads/${theirLeads[0].id}`);
  await page.getByText('This lead does not exist or is not yours to see').waitFor();

  // staff-only navigation is absent; the pages refuse
  const nav = page.getByRole('navigation', { name: 'Main' });
  assert.equal(await nav.getByRole('link', { name: 'Partners', exact: true }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Users', exact: true }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Import', exact: true }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'My partner', exact: true }).count(), 1);
  await page.goto('/users');
  await page.getByText('This page is not available to your role.').waitFor();
  await screenshot(page, 'forbidden-page', 800);
  await context.close();
});

test('staff see every partner\'s leads and the partner column', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/leads?q=${encodeURIComponent(`Theirs${tag}`)}`);
  await listReady(page);
  assert.match(await page.getByTestId('range').textContent(), /of 3$/);
  await page.getByTestId('leads-table').getByRole('cell', { name: theirs.name }).first().waitFor();
  await context.close();
});

test('a partner user\'s dashboard counts their partner only', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, member.email, member.password);
  await page.getByTestId('dashboard-stats').waitFor();
  await page.getByRole('heading', { name: mine.name }).waitFor();
  const counts = page.getByRole('list', { name: 'Leads by status' });
  assert.equal(await counts.locator('[data-status="new"] [data-testid="status-count"]').textContent(), '3');
  assert.equal(await counts.locator('[data-status="won"] [data-testid="status-count"]').textContent(), '0');
  assert.match(await page.getByRole('img', { name: /Leads per week over the last 12 weeks, 3 in all/ }).getAttribute('aria-label'), /3 in all/);
  await page.getByRole('link', { name: 'New: 3 leads' }).click();
  await page.waitForURL((url) => url.pathname === '/leads' && url.searchParams.get('status') === 'new');
  await listReady(page);
  assert.match(await page.getByTestId('range').textContent(), /of 3$/);
  await context.close();
});
