// meetings.spec.mjs - meetings in the browser: moving a lead to "scheduled" asks for the
// meeting and logs it; the outcome buttons of a past meeting, and the lost_no_show offer of a
// no-show; the appointments filters (outcome, type); assignment conflicts kept and moved; the
// lead page at phone size
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newPage, signIn, pick, waitForQuery, listReady, screenshot, seriousViolations,
} from './browser.mjs';
import { owner, ownerApi, createPartner, createLead, inviteAndAccept, uniq } from './api.mjs';

let browser;
let api;
let partner;
let other;
let member;
let padmin;
const tag = uniq();
const HOUR = 3600_000;

before(async () => {
  browser = await launch();
  api = await ownerApi();
  partner = await createPartner(api, { name: `Meetings Partner ${tag}` });
  other = await createPartner(api, { name: `Other Partner ${tag}` });
  member = await inviteAndAccept(api, { role: 'user', partner: partner.id, name: 'Mia Member' });
  padmin = await inviteAndAccept(api, { role: 'admin', partner: partner.id, name: 'Pia Admin' });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

/** a meeting at `start` (ms) logged by the owner through the API */
function logMeeting(lead, start, fields = {}) {
  return api.ok('POST', `/leads/${lead.id}/meetings`, {
    scheduledTime: new Date(start).toISOString(), durationMinutes: 30, ...fields,
  });
}

/** waits for the toast saying text */
function toast(page, text) {
  return page.getByRole('region', { name: /notifications/i }).getByText(text).first().waitFor();
}

/** "YYYY-MM-DDTHH:MM" in the browser's (and this process's) time zone */
function localInput(ms) {
  const d = new Date(ms);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

test('moving a lead to scheduled asks for the meeting and logs it', async () => {
  const lead = await createLead(api, partner.id, { firstName: 'Sched', lastName: `Lead ${tag}` });
  await api.ok('PATCH', `/leads/${lead.id}/status`, { status: 'in_touch' });
  const { context, page } = await newPage(browser);
  await signIn(page, padmin.email, padmin.password);
  await page.goto(`/leads/${lead.id}`);
  await page.getByTestId('status-form').waitFor();
  await pick(page, 'New status', 'Scheduled');
  const when = page.getByTestId('meeting-when');
  await when.waitFor();
  // no time yet: the form says so and nothing is sent
  await page.getByRole('button', { name: 'Change status and log meeting' }).click();
  await page.getByText('Choose the meeting\'s date and time').waitFor();
  const start = Math.floor((Date.now() + 2 * 24 * HOUR) / 60_000) * 60_000;
  await when.fill(localInput(start));
  await page.getByLabel('Meeting type').fill('Discovery');
  await page.getByRole('button', { name: 'Change status and log meeting' }).click();
  await toast(page, 'Meeting logged for');
  await page.getByTestId('lead-status').filter({ hasText: 'Scheduled' }).waitFor();
  const item = page.getByTestId('lead-meetings').locator('li').first();
  await item.getByText('Discovery').waitFor();
  assert.match(await item.textContent(), /Logged by hand/);
  const saved = await api.ok('GET', `/leads/${lead.id}`);
  assert.equal(saved.dealStatus, 'scheduled');
  assert.equal(saved.meetings.length, 1);
  assert.equal(saved.meetings[0].scheduledTime, new Date(start).toISOString());
  assert.equal(saved.scheduledDate, new Date(start).toISOString());
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a meeting is logged, rescheduled and cancelled from the lead page', async () => {
  const lead = await createLead(api, partner.id, { firstName: 'Log', lastName: `Lead ${tag}` });
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/leads/${lead.id}`);
  await page.getByTestId('log-meeting').click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const start = Math.floor((Date.now() + 24 * HOUR) / 60_000) * 60_000;
  await dialog.getByTestId('meeting-when').fill(localInput(start));
  await dialog.getByLabel('Location').fill('Zoom');
  assert.deepEqual(await seriousViolations(page, '[role="dialog"]'), []);
  await dialog.getByRole('button', { name: 'Log meeting' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const item = page.getByTestId('lead-meetings').locator('li').first();
  await item.getByText('Zoom').waitFor();
  await item.getByRole('button', { name: 'Reschedule' }).click();
  await dialog.waitFor();
  await dialog.getByTestId('meeting-when').fill(localInput(start + 3 * HOUR));
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await item.getByText('Rescheduled').waitFor();
  await item.getByRole('button', { name: 'Cancel meeting' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel meeting' }).click();
  await item.getByText('Canceled').waitFor();
  const saved = await api.ok('GET', `/leads/${lead.id}`);
  assert.equal(saved.meetings[0].status, 'canceled');
  assert.equal(saved.meetings[0].scheduledTime, new Date(start + 3 * HOUR).toISOString());
  await context.close();
});

test('an outcome from the lead page; a no-show offers Lost – No Show', async () => {
  const lead = await createLead(api, partner.id, { firstName: 'Out', lastName: `Come ${tag}` });
  await logMeeting(lead, Date.now() - 2 * HOUR);
  const { context, page } = await newPage(browser);
  await signIn(page, member.email, member.password);
  await page.goto(`/leads/${lead.id}`);
  const item = page.getByTestId('lead-meetings').locator('li').first();
  await item.getByRole('button', { name: 'Held', exact: true }).click();
  await item.locator('[data-outcome="held"]').waitFor();
  assert.equal(await page.getByTestId('no-show-offer').count(), 0);
  await item.getByRole('button', { name: 'Change to no-show' }).click();
  await item.locator('[data-outcome="no_show"]').waitFor();
  const offer = page.getByTestId('no-show-offer');
  await offer.waitFor();
  assert.deepEqual(await seriousViolations(page, '#main-content'), []); // toasts are lists of alerts
  await screenshot(page, 'lead-no-show-offer');
  await offer.getByRole('button', { name: /^Mark as Lost/ }).click();
  await page.getByTestId('lead-status').filter({ hasText: 'Lost – No Show' }).waitFor();
  await offer.waitFor({ state: 'detached' });
  const saved = await api.ok('GET', `/leads/${lead.id}`);
  assert.equal(saved.dealStatus, 'lost_no_show');
  assert.equal(saved.meetings[0].outcome, 'no_show');
  await context.close();
});

test('the appointments page filters by outcome and type', async () => {
  const p = await createPartner(api, { name: `Filter Partner ${tag}` });
  const outcomes = ['held', 'no_show', null, 'held'];
  for (const [i, outcome] of outcomes.entries()) {
    const lead = await createLead(api, p.id, { company: `Appt ${i} ${tag}` });
    const m = await logMeeting(lead, Date.now() - (i + 2) * HOUR, { type: i % 2 ? `Demo ${tag}` : `Intro ${tag}` });
    if (outcome) await api.ok('PATCH', `/meetings/${m.id}/outcome`, { outcome });
  }
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/appointments?partner=${p.id}`);
  await listReady(page);
  const rows = page.getByTestId('meetings-table').locator('tbody tr');
  assert.equal(await rows.count(), 4);
  await pick(page, 'Outcome', 'Held');
  await waitForQuery(page, { outcome: 'held', partner: p.id });
  await listReady(page);
  assert.equal(await rows.count(), 2);
  assert.equal(await page.getByTestId('meetings-table').locator('[data-outcome="held"]').count(), 2);
  await pick(page, 'Type', `Intro ${tag}`);
  await waitForQuery(page, { outcome: 'held', type: `Intro ${tag}` });
  await listReady(page);
  assert.equal(await rows.count(), 1); // meeting 0: Intro and held (3 is a held Demo)
  await pick(page, 'Outcome', 'No outcome yet');
  await waitForQuery(page, { outcome: 'none' });
  await listReady(page);
  assert.equal(await rows.count(), 1); // meeting 2: Intro, no outcome
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await waitForQuery(page, { outcome: null, type: null, partner: null });
  await context.close();
});

/** imports rows of `emails` for partner `to` and waits for the job; the e-mails of other
 * partners' leads become conflicts */
async function importFor(to, emails) {
  const csv = `Email,Company\n${emails.map((e) => `${e},Imported`).join('\n')}\n`;
  const csrf = await api.csrf();
  const res = await api.ctx.fetch('/api/v1/leads/import', {
    method: 'POST',
    headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' },
    multipart: { partner: to, file: { name: 'conflicts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) } },
  });
  assert.equal(res.status(), 202, await res.text());
  const { id } = await res.json();
  for (let i = 0; i < 100; i += 1) {
    const job = await api.ok('GET', `/imports/${id}`);
    if (job.status === 'done') return job;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the import did not finish');
}

test('assignment conflicts: staff keep one and move another', async () => {
  const keep = await createLead(api, partner.id, { email: `cf${tag}-keep@example.com` });
  const move = await createLead(api, partner.id, { email: `cf${tag}-move@example.com` });
  await api.ok('POST', `/leads/${move.id}/notes`, { text: 'Met at the fair' });
  await logMeeting(move, Date.now() + 24 * HOUR);
  const job = await importFor(other.id, [keep.email, move.email]);
  assert.equal(job.skipped, 2);
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`/conflicts?q=cf${tag}`);
  await listReady(page);
  const table = page.getByTestId('conflicts-table');
  assert.equal(await table.locator('tbody tr').count(), 2);
  assert.match(await table.textContent(), /Import, row/);
  assert.deepEqual(await seriousViolations(page), []);
  await table.getByRole('button', { name: `Keep ${keep.email} with ${partner.name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Keep it here' }).click();
  await toast(page, `${keep.email} stays with ${partner.name}`);
  await table.getByRole('button', { name: `Move ${move.email} to ${other.name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Move the lead' }).click();
  await toast(page, `${move.email} moved to ${other.name}`);
  await listReady(page);
  await table.getByText('No open conflicts').waitFor(); // the list shows open ones only
  assert.equal(await table.locator('[data-status]').count(), 0);
  await pick(page, 'Show', 'All');
  await waitForQuery(page, { status: 'all' });
  await listReady(page);
  assert.equal(await table.locator('[data-status="kept"]').count(), 1);
  assert.equal(await table.locator('[data-status="moved"]').count(), 1);
  await screenshot(page, 'conflicts-resolved');
  const moved = await api.ok('GET', `/leads/${move.id}`);
  assert.equal(moved.partner, other.id);
  assert.equal(moved.meetings[0].partner, other.id);
  const notes = await api.ok('GET', `/leads/${move.id}/notes`);
  assert.equal(notes.list.length, 1);
  assert.equal((await api.ok('GET', `/leads/${keep.id}`)).partner, partner.id);
  await context.close();
});

test('the lead page with its meetings works at phone size', async () => {
  const lead = await createLead(api, partner.id, { firstName: 'Phone', lastName: `Lead ${tag}` });
  await logMeeting(lead, Date.now() - 3 * HOUR, { type: 'Discovery', location: 'https://meet.example.com/abc-defg-hij' });
  await logMeeting(lead, Date.now() + 48 * HOUR, { type: 'Follow-up' });
  const { context, page } = await newPage(browser);
  await signIn(page, padmin.email, padmin.password); // at desktop size: the helper waits for the menu
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/leads/${lead.id}`);
  await page.getByTestId('lead-meetings').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await page.getByTestId('lead-meetings').getByRole('button', { name: 'No-show', exact: true }).scrollIntoViewIfNeeded();
  assert.ok(await page.getByTestId('lead-meetings').getByRole('button', { name: 'No-show', exact: true }).isVisible());
  await screenshot(page, 'lead-meetings-phone', 2200);
  await page.goto('/appointments');
  await listReady(page);
  await screenshot(page, 'appointments-phone');
  await context.close();
});
