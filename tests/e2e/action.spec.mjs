// action.spec.mjs - the reminder e-mail's one-click action links. The e-mail as the file
// transport wrote it: its HTML rendered in chromium for a screenshot (every link absolute, no
// request leaving it, no image), its text part readable without HTML and carrying the same
// links. The confirmation page: opening (and reloading) it changes nothing, it names the lead
// and the action, the button does it; the same link again is a clear refusal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, seriousViolations, screenshot, signedInPage, listReady } from './browser.mjs';
import { owner, ownerApi, createPartner, createLead, inviteAndAccept, runCron, uniq } from './api.mjs';
import { waitForMail } from './mail.mjs';

let browser;
let api;
let member;
let lead;
let mail;
const tag = uniq();
const DAY = 86_400_000;

/** the text and HTML parts of a multipart/alternative message */
function parts(m) {
  const boundary = m.text.match(/boundary="([^"]+)"/)[1];
  const body = (type) => {
    const seg = m.text.split(`--${boundary}`).find((s) => s.includes(`Content-Type: ${type}`));
    return seg.slice(seg.indexOf('\r\n\r\n') + 4);
  };
  return { text: body('text/plain'), html: body('text/html') };
}

/** the URL of the action labelled `label` in the text part's block of the lead */
function actionUrl(text, label) {
  const start = text.indexOf(`Action${tag}`);
  assert.ok(start >= 0, 'the lead is not in the e-mail');
  const end = text.indexOf('\n- ', start);
  const block = text.slice(start, end < 0 ? undefined : end);
  const m = block.match(new RegExp(`^ {4}${label}: (\\S+)$`, 'm'));
  assert.ok(m, `no ${label} link`);
  return m[1];
}
const pathOf = (url) => { const u = new URL(url); return `${u.pathname}${u.search}`; };

before(async () => {
  browser = await launch();
  api = await ownerApi();
  const partner = await createPartner(api, { name: `Action Partner ${tag}` });
  member = await inviteAndAccept(api, { role: 'user', partner: partner.id, name: 'Clara Click' });
  lead = await createLead(api, partner.id, { firstName: 'Ivy', lastName: `Action${tag}`, company: `Clicks ${tag}` });
  await api.ok('POST', `/leads/${lead.id}/meetings`, {
    scheduledTime: new Date(Date.now() - 2 * DAY).toISOString(), durationMinutes: 30,
  });
  // three days ahead: a day of its own (magic.spec's run of today holds that day's run lock)
  await runCron('daily-reminders', 3 * DAY);
  mail = await waitForMail(member.email, 'lead-reminder');
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

test('the reminder e-mail: absolute links, no remote image, readable as text', async () => {
  const { text, html } = parts(mail);
  // the text part alone: no markup, the lead, every action with its link
  assert.doesNotMatch(text, /<[a-z/][^>]*>/i);
  assert.match(text, new RegExp(`Ivy Action${tag} \\(Clicks ${tag}\\)`));
  const labels = ['In touch', 'Won', 'Lost – no show', 'Lost – disqualified', 'Lost – no potential', 'Add a note'];
  const urls = labels.map((l) => actionUrl(text, l));
  for (const u of urls) assert.match(u, /^https:\/\/[^/]+\/action\?token=pca_[A-Za-z0-9_-]{43}$/);
  assert.equal(new Set(urls).size, urls.length, 'each action has its own link');
  assert.doesNotMatch(html, /<img|url\(/i);
  // the HTML part in chromium: nothing fetched, every link absolute, the same links as the text
  const { context, page } = await newPage(browser);
  try {
    await page.setContent(html, { waitUntil: 'load' });
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.length >= labels.length + 1);
    for (const h of hrefs) assert.match(h, /^https:\/\//, `a relative link: ${h}`);
    for (const u of urls) assert.ok(hrefs.includes(u), `the HTML lacks ${u}`);
    assert.ok(hrefs.some((h) => h.includes('/magic?token=pcm_')));
    await page.getByText(`Ivy Action${tag}`).first().waitFor();
    await page.setViewportSize({ width: 640, height: 900 });
    await screenshot(page, 'mail-lead-reminder');
    assert.deepEqual(page.foreignRequests, [], 'the e-mail fetched something');
  } finally {
    await context.close();
  }
});

test('the confirmation page: open, see the lead and the action, confirm, done; again: refused', async () => {
  const path = pathOf(actionUrl(parts(mail).text, 'In touch'));
  const { context, page } = await newPage(browser);
  try {
    await page.goto(path);
    const confirm = page.getByTestId('action-confirm');
    await confirm.waitFor();
    await page.getByTestId('action-info').getByText(`Ivy Action${tag}`).waitFor();
    await page.getByText('Mark Ivy').first().waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, 'action-page');
    // opening and reloading used nothing up, changed nothing
    await page.reload();
    await confirm.waitFor();
    assert.equal((await api.ok('GET', `/leads/${lead.id}`)).dealStatus, 'scheduled');
    await confirm.click();
    await page.getByTestId('action-done').getByText('is now In Touch').waitFor();
    assert.equal((await api.ok('GET', `/leads/${lead.id}`)).dealStatus, 'in_touch');
    assert.deepEqual(page.foreignRequests, []);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
  const second = await newPage(browser);
  try {
    await second.page.goto(path);
    await second.page.getByText('already used or has expired').waitFor();
    assert.equal(await second.page.getByTestId('action-confirm').count(), 0);
    assert.deepEqual(await seriousViolations(second.page), []);
  } finally {
    await second.context.close();
  }
});

test('a note from the e-mail: the page asks for its text', async () => {
  const path = pathOf(actionUrl(parts(mail).text, 'Add a note'));
  const { context, page } = await newPage(browser);
  try {
    await page.goto(path);
    await page.getByTestId('action-confirm').click();
    await page.getByText('Write the note first').waitFor();
    await page.getByLabel('Note').fill(`Spoke on the phone ${tag}`);
    await page.getByTestId('action-confirm').click();
    await page.getByTestId('action-done').getByText('Your note is on the lead').waitFor();
    const notes = await api.ok('GET', `/leads/${lead.id}/notes`);
    assert.equal(notes.list[0].text, `Spoke on the phone ${tag}`);
  } finally {
    await context.close();
  }
});

test('the owner sees the cron runs, from the navigation; a partner user has no such entry', async () => {
  const { context, page } = await signedInPage(browser, owner.email, owner.password);
  try {
    await page.getByRole('link', { name: 'Cron runs' }).first().click();
    await page.waitForURL((url) => url.pathname === '/cron-runs');
    await listReady(page);
    await page.getByTestId('cron-runs-table').getByText('daily-reminders').first().waitFor();
    await page.goto('/cron-runs?job=recount&status=failed');
    await listReady(page);
    await page.getByText('No runs match').waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
  const user = await signedInPage(browser, member.email, member.password);
  try {
    assert.equal(await user.page.getByRole('link', { name: 'Cron runs' }).count(), 0);
  } finally {
    await user.context.close();
  }
});
