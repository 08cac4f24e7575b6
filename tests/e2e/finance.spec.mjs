// finance.spec.mjs - the finance pages (issue 16): the monthly run makes an invoice through
// stripe-mock; the invoices table shows it, its page lists the lines linking to the leads, a
// void with its confirmation changes the badge, a credit shows in the ledger, a partner user's
// return is approved by staff; the pages have no sideways scroll at 390 px
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, listReady, pick, screenshot } from './browser.mjs';
import { owner, ownerApi, createPartner, createLead, inviteAndAccept, runCron, uniq } from './api.mjs';

let browser;
let api;
let partner;
let leads;
let invoice;
let member;
const tag = uniq();
const period = new Date().toISOString().slice(0, 7);

before(async () => {
  browser = await launch();
  api = await ownerApi();
  partner = await createPartner(api, { name: `Finance ${tag}`, email: `billing-${tag}@example.com` });
  await api.ok('PUT', `/partners/${partner.id}/billing`, {
    billingType: 'qualified_lead', billingTerms: [{ from: '2020-01', to: null, value: 15000 }],
  });
  leads = [];
  for (const name of ['Ada', 'Grace']) {
    leads.push(await createLead(api, partner.id, { firstName: name, lastName: 'Billed', company: `Ledger ${tag}` }));
  }
  // the run is re-runnable and goes on where a Stripe failure stopped (a busy shared machine has
  // seen stripe-mock answer 500 once): at most three runs until the invoice is open
  for (let run = 0; run < 3 && invoice?.status !== 'open'; run += 1) {
    await runCron(`monthly-invoices?period=${period}`);
    const found = await api.ok('GET', `/invoices?filter=${encodeURIComponent(JSON.stringify([{ column: 'partner', operator: 'eq', value: partner.id }]))}`);
    invoice = found.list[0];
  }
  assert.equal(invoice?.status, 'open', 'the monthly run made and sent an invoice');
  member = await inviteAndAccept(api, { role: 'user', partner: partner.id, name: 'Finance User' });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

async function noSideScroll(page, where) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  const over = await page.evaluate(() => {
    const doc = document.documentElement;
    const main = document.getElementById('main-content');
    return { doc: doc.scrollWidth - doc.clientWidth, main: main ? main.scrollWidth - main.clientWidth : 0 };
  });
  assert.ok(over.doc <= 0 && over.main <= 0, `${where}: horizontal overflow ${JSON.stringify(over)}`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('the invoices table shows the invoice; its page lists the lines linking to the leads; a void changes the badge', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.getByRole('link', { name: 'Invoices' }).first().click();
  await page.waitForURL('**/invoices');
  await listReady(page);
  // the partner filter is in the URL (the stack holds more partners than the select lists)
  await page.goto(`/invoices?partner=${partner.id}`);
  await listReady(page);
  await pick(page, 'Status', 'Open');
  await page.waitForURL((url) => url.searchParams.get('status') === 'open');
  await listReady(page);
  const row = page.getByTestId('invoices-table').locator('tbody tr').filter({ hasText: partner.name });
  await row.waitFor();
  assert.match(await row.textContent(), /\$300\.00/);
  assert.equal(await row.getByTestId('invoice-status').getAttribute('data-status'), 'open');
  await page.getByTestId('revenue').waitFor();
  await page.getByTestId('revenue-toggle').click();
  await page.getByTestId('revenue-table').getByText(partner.name).first().waitFor();
  await noSideScroll(page, '/invoices');

  await row.getByRole('link').filter({ hasNotText: partner.name }).first().click();
  await page.waitForURL(`**/invoices/${invoice.id}`);
  const lines = page.getByTestId('invoice-lines');
  await lines.locator('tbody tr').nth(1).waitFor();
  for (const lead of leads) {
    assert.equal(await lines.locator(`a[href="/leads/${lead.id}"]`).count(), 1, `a line links to lead ${lead.id}`);
  }
  assert.equal(await page.getByTestId('invoice-status').getAttribute('data-status'), 'open');
  await noSideScroll(page, `/invoices/${invoice.id}`);

  await page.getByTestId('invoice-void').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('This cannot be undone').waitFor();
  await dialog.getByRole('button', { name: 'Void invoice' }).click();
  await page.getByText('Invoice voided').first().waitFor();
  await page.locator('[data-testid="invoice-status"][data-status="void"]').waitFor();
  assert.equal(await page.getByTestId('invoice-void').count(), 0, 'no void button on a void invoice');
  await screenshot(page, 'invoice-voided');
  await context.close();
});

test('a credit added by the owner shows in the ledger and the balance', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/partners/${partner.id}?tab=billing`);
  const ledger = page.getByTestId('ledger');
  await ledger.waitFor();
  await listReady(page);
  assert.equal((await page.getByTestId('ledger-balance').textContent()).trim(), '$300.00');
  await page.getByTestId('ledger-add-credit').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /^Add credit/ }).click();
  await dialog.getByText('Enter an amount').waitFor();
  await dialog.getByLabel(/^Amount/).fill('25.50');
  await dialog.getByLabel('Description').fill(`Goodwill ${tag}`);
  await dialog.getByRole('button', { name: 'Add credit of $25.50' }).click();
  await page.getByText('Credit added').first().waitFor();
  const line = page.getByTestId('ledger-table').locator('tbody tr').filter({ hasText: `Goodwill ${tag}` });
  await line.waitFor();
  assert.match(await line.textContent(), /-\$25\.50/);
  await page.getByTestId('ledger-balance').filter({ hasText: '$274.50' }).waitFor();
  await noSideScroll(page, 'partner billing tab');
  await context.close();
});

test('a partner user asks to return a lead; staff approve it in the returns queue', async () => {
  const lead = leads[0];
  const asker = await newPage(browser);
  await signIn(asker.page, member.email, member.password);
  await asker.page.goto(`/leads/${lead.id}`);
  const box = asker.page.getByTestId('lead-return');
  await box.getByTestId('lead-return-ask').click();
  const dialog = asker.page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Ask to return' }).click();
  await dialog.getByText('Choose a reason').first().waitFor();
  await pick(asker.page, dialog.getByTestId('return-reason'), 'Already in our CRM');
  await dialog.getByTestId('return-note').fill(`In our CRM since March ${tag}`);
  await dialog.getByRole('button', { name: 'Ask to return' }).click();
  await asker.page.getByText('Return asked').first().waitFor();
  assert.equal(await box.getByTestId('lead-return-status').getAttribute('data-status'), 'requested');
  assert.equal(await box.getByTestId('lead-return-ask').count(), 0);

  const staff = await newPage(browser);
  await signIn(staff.page, owner.email, owner.password);
  await staff.page.getByRole('link', { name: 'Returns' }).first().click();
  await staff.page.waitForURL('**/returns');
  await listReady(staff.page);
  const row = staff.page.getByTestId('returns-table').locator('tbody tr').filter({ hasText: lead.email });
  await row.waitFor();
  assert.match(await row.textContent(), /Already in our CRM/);
  assert.match(await row.textContent(), new RegExp(`In our CRM since March ${tag}`));
  assert.equal(await row.locator(`a[href="/leads/${lead.id}"]`).count(), 1);
  await noSideScroll(staff.page, '/returns');
  // a rejection needs a note: the dialog says so, then cancel
  await row.getByRole('button', { name: `Reject the return of ${lead.email}` }).click();
  const reject = staff.page.getByRole('dialog');
  await reject.getByRole('button', { name: 'Reject return' }).click();
  await reject.getByText('Write why').waitFor();
  await reject.getByRole('button', { name: 'Cancel' }).click();
  await reject.waitFor({ state: 'hidden' });
  await row.getByRole('button', { name: `Approve the return of ${lead.email}` }).click();
  const approve = staff.page.getByRole('dialog');
  await approve.getByRole('button', { name: 'Approve return' }).click();
  await staff.page.getByText(`Return of ${lead.email} approved`).first().waitFor();
  await listReady(staff.page);
  assert.equal(await row.count(), 0, 'the approved return leaves the queue');
  // the partner's Billing tab lists it as approved
  await staff.page.goto(`/partners/${partner.id}?tab=billing`);
  await staff.page.getByTestId('partner-returns').locator('tbody tr').filter({ hasText: lead.email })
    .locator('[data-status="approved"]').waitFor();
  await staff.context.close();

  // the partner user sees it approved; the ledger has the return credit
  await asker.page.reload();
  await asker.page.locator('[data-testid="lead-return-status"][data-status="approved"]').waitFor();
  await asker.context.close();
  const ledger = await api.ok('GET', `/partners/${partner.id}/ledger?filter=${encodeURIComponent(JSON.stringify([{ column: 'kind', operator: 'eq', value: 'return_credit' }]))}`);
  assert.equal(ledger.list.length, 1);
  assert.equal(ledger.list[0].amount, -15000);
  assert.equal(ledger.list[0].lead, lead.id);
});
