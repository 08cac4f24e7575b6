// keyboard.spec.mjs - keyboard use (issue 17): from page load to the first lead in at most five
// Tab presses (the skip links), one Tab stop per table row with the arrows inside, / focuses the
// list's search, ? opens the shortcuts' help, n a new lead; no shortcut fires while typing in a
// field
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, listReady } from './browser.mjs';
import { owner, ownerApi, createPartner, createLead, uniq } from './api.mjs';

let browser;
let api;
let context;
let page;
const tag = uniq();

before(async () => {
  browser = await launch();
  api = await ownerApi();
  const partner = await createPartner(api, { name: `Keys ${tag}` });
  await createLead(api, partner.id, { firstName: 'Kay', lastName: `Board ${tag}` });
  await createLead(api, partner.id, { firstName: 'Kim', lastName: `Board ${tag}` });
  ({ context, page } = await newPage(browser));
  await signIn(page, owner.email, owner.password);
});
after(async () => {
  await context?.close();
  await api?.dispose();
  await browser?.close();
});

const focused = (p) => p.evaluate(() => {
  const el = document.activeElement;
  return { tag: el?.tagName, href: el?.getAttribute('href') ?? '', text: el?.textContent?.trim() ?? '',
    label: el?.getAttribute('aria-label') ?? '' };
});

test('from page load to the first lead link in at most five Tab presses', async () => {
  await page.goto('/leads');
  await listReady(page);
  const first = await page.getByTestId('leads-table').locator('tbody tr a[href^="/leads/"]').first().getAttribute('href');
  let tabs = 0;
  let at = await focused(page);
  while (at.href !== first && tabs < 5) {
    await page.keyboard.press('Tab');
    tabs += 1;
    at = await focused(page);
    if (at.text === 'Skip to results') await page.keyboard.press('Enter');
  }
  assert.equal(at.href, first, `after ${tabs} Tab presses the focus is on ${JSON.stringify(at)}`);
  assert.ok(tabs <= 5);
  // Enter on the focused link opens the lead
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === first);
});

test('one Tab stop per row: Tab goes to the next row, the arrows move inside and between rows', async () => {
  await page.goto(`/leads?q=${encodeURIComponent(`Board ${tag}`)}`);
  await listReady(page);
  const rows = page.getByTestId('leads-table').locator('tbody tr');
  assert.equal(await rows.count(), 2);
  const link = (i) => rows.nth(i).locator('a[href^="/leads/"]').first();
  const [first, second] = [await link(0).getAttribute('href'), await link(1).getAttribute('href')];
  const role = () => page.evaluate(() => document.activeElement?.getAttribute('role'));
  const row = () => page.evaluate(() => [...document.querySelectorAll('[data-testid="leads-table"] tbody tr')]
    .indexOf(document.activeElement?.closest('tr')));
  await link(0).focus();
  await page.keyboard.press('Tab'); // past the row's other controls: the next row's lead
  assert.equal((await focused(page)).href, second);
  await page.keyboard.press('ArrowLeft'); // the row's checkbox, before its link
  assert.equal(await role(), 'checkbox');
  assert.equal(await row(), 1);
  await page.keyboard.press('ArrowUp'); // the same control of the row above
  assert.equal(await role(), 'checkbox');
  assert.equal(await row(), 0);
  await page.keyboard.press('Space'); // still the checkbox's key
  await page.getByText('1 lead selected').first().waitFor();
  await page.keyboard.press('ArrowRight');
  assert.equal((await focused(page)).href, first);
  await page.keyboard.press('Home');
  assert.equal(await role(), 'checkbox');
  // the control last used is the row's stop: Shift+Tab from the next row comes back to it
  await link(1).focus();
  await page.keyboard.press('Shift+Tab');
  assert.equal(await role(), 'checkbox');
  assert.equal(await row(), 0);
});

test('/ focuses the search; typed into a field, / n ? are text, not shortcuts', async () => {
  await page.goto('/leads');
  await listReady(page);
  await page.keyboard.press('/');
  const search = page.getByLabel(/^Search leads/);
  assert.equal((await focused(page)).label, await search.getAttribute('aria-label'));
  await page.keyboard.type('n/?');
  assert.equal(await search.inputValue(), 'n/?');
  assert.equal(await page.getByRole('dialog').count(), 0);
});

test('? opens the help dialog listing the shortcuts; n opens a new lead from another page', async () => {
  await page.goto('/');
  await page.getByTestId('dashboard-stats').waitFor();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor();
  const text = await help.getByTestId('shortcuts-help').innerText();
  for (const want of ['Search the list on this page', 'New lead', 'Show these shortcuts']) assert.ok(text.includes(want), text);
  await page.keyboard.press('n'); // a dialog is open: no shortcut
  assert.equal(new URL(page.url()).pathname, '/');
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'hidden' });
  await page.keyboard.press('n');
  await page.waitForURL((url) => url.pathname === '/leads');
  await page.getByRole('dialog', { name: 'New lead' }).waitFor();
});
