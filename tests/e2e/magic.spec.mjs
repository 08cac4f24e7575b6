// magic.spec.mjs - the daily reminder's personal link: opening it changes nothing, "Continue"
// signs the user in once and lands on their overdue leads; the same link again is refused
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, listReady, seriousViolations } from './browser.mjs';
import { ownerApi, createPartner, createLead, inviteAndAccept, runCron, uniq } from './api.mjs';
import { waitForMail, linkPath } from './mail.mjs';

let browser;
let api;
let member;
let lead;
const tag = uniq();

before(async () => {
  browser = await launch();
  api = await ownerApi();
  const partner = await createPartner(api, { name: `Magic Partner ${tag}` });
  member = await inviteAndAccept(api, { role: 'user', partner: partner.id, name: 'Rita Reminder' });
  lead = await createLead(api, partner.id, { firstName: 'Olga', lastName: `Overdue${tag}` });
  // a meeting two days ago without a status change since: the lead is overdue
  await api.ok('POST', `/leads/${lead.id}/meetings`, {
    scheduledTime: new Date(Date.now() - 2 * 86400_000).toISOString(), durationMinutes: 30,
  });
  await runCron('daily-reminders');
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

test('the reminder link signs in once and opens the overdue leads', async () => {
  const mail = await waitForMail(member.email, 'lead-reminder');
  assert.match(mail.text, new RegExp(`Overdue${tag}`));
  const path = linkPath(mail, 'magic');
  const { context, page } = await newPage(browser);
  try {
    await page.goto(path);
    const go = page.getByTestId('magic-continue');
    await go.waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    // opening the page used nothing up: a reload still offers the button
    await page.reload();
    await go.click();
    await page.waitForURL((url) => url.pathname === '/leads' && url.searchParams.get('overdue') === '1');
    await listReady(page);
    await page.getByText(`Overdue${tag}`).first().waitFor();
    // the server's overdue rule, named on the page, and one click away from every lead
    await page.getByTestId('filter-overdue').waitFor();
    await page.getByTestId('user-menu').waitFor();
  } finally {
    await context.close();
  }
  // a second use, in a fresh browser: refused, no session
  const second = await newPage(browser);
  try {
    await second.page.goto(path);
    await second.page.getByTestId('magic-continue').click();
    await second.page.getByText('already used or has expired').waitFor();
    assert.equal(await second.page.getByTestId('magic-continue').count(), 0);
    assert.ok(second.page.url().includes('/magic'));
  } finally {
    await second.context.close();
  }
});
