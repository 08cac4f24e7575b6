// a11y.spec.mjs - every page: no serious or critical axe violation, no request leaving the
// origin, no script error, a screenshot under artifacts/; dialogs and popovers too; keyboard-only
// sign-in and navigation; the first page's JavaScript stays under 250 KB gzipped
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { launch, newPage, signIn, seriousViolations, screenshot, listReady } from './browser.mjs';
import { owner, ownerApi, createPartner, createLead, inviteAndAccept, uniq } from './api.mjs';
import { waitForMail, tokenFrom } from './mail.mjs';

let browser;
let api;
let partner;
let lead;
let member;
let admin;
let inviteToken;
let charge;
const tag = uniq();

before(async () => {
  browser = await launch();
  api = await ownerApi();
  partner = await createPartner(api, {
    name: `A11y Partner ${tag}`, icp: { industry: 'SaaS', region: 'DACH' }, meetingTypes: ['Discovery'],
  });
  lead = await createLead(api, partner.id, {
    firstName: 'Ada', lastName: 'Lovelace', company: `Engines ${tag}`, salesManager: 'Ann',
  });
  await api.ok('POST', `/leads/${lead.id}/notes`, { text: 'First call went well.' });
  await api.ok('PATCH', `/leads/${lead.id}/status`, { status: 'in_touch' });
  member = await inviteAndAccept(api, { role: 'user', partner: partner.id, name: 'Axe User' });
  admin = await inviteAndAccept(api, { role: 'admin', partner: partner.id, name: 'Axe Partner Admin' });
  admin.signedIn = true;
  const invitee = `axe-invitee-${tag}@example.com`;
  await api.ok('POST', '/users', { email: invitee, role: 'user', partner: partner.id, name: 'Axe Invitee' });
  inviteToken = tokenFrom(await waitForMail(invitee, 'user-invite'), 'accept-invite');
  await api.ok('PATCH', `/partners/${partner.id}`, { email: `axe-billing-${tag}@example.com` });
  charge = await api.ok('POST', `/partners/${partner.id}/charges`, { amount: 12500, description: 'Onboarding workshop' });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

// what each page shows once its data is in
const ready = {
  list: (page) => listReady(page),
  text: (text) => (page) => page.getByText(text, { exact: false }).first().waitFor(),
  id: (id) => (page) => page.getByTestId(id).first().waitFor(),
};

async function check(t, who, path, name, isReady, { act, include } = {}) {
  const { context, page } = await newPage(browser);
  if (who) await signIn(page, who.email, who.password);
  await page.goto(path);
  await isReady(page);
  if (act) await act(page);
  await page.waitForTimeout(200);
  const violations = await seriousViolations(page, include);
  await screenshot(page, name);
  assert.deepEqual(violations, [], `${path}: serious/critical axe violations`);
  assert.deepEqual(page.foreignRequests, [], `${path}: requests that left the origin`);
  assert.deepEqual(page.errors, [], `${path}: script errors`);
  await context.close();
}

const pages = () => [
  [null, '/login', 'login', ready.text('Sign in')],
  [null, '/forgot-password', 'forgot-password', ready.text('Send reset link')],
  [null, '/reset-password?token=abc', 'reset-password', ready.text('Save the new password')],
  [null, '/magic?token=abc', 'magic', ready.text('Continue to my leads')],
  [null, '/action?token=abc', 'action-refused', ready.text('already used or has expired')],
  [null, '/accept-invite?token=abc', 'accept-invite-refused', ready.text('invalid, has expired')],
  [null, `/accept-invite?token=${inviteToken}`, 'accept-invite-page', ready.text('Create my account')],
  [owner, '/', 'dashboard', ready.id('dashboard-stats')],
  [owner, '/leads', 'leads-page', ready.list],
  [owner, '/cron-runs', 'cron-runs', ready.list],
  [owner, `/leads/${lead.id}`, 'lead-page', ready.id('notes')],
  [owner, '/leads/import', 'import', ready.text('Check the file')],
  [owner, '/appointments', 'appointments', ready.list],
  [owner, '/conflicts', 'conflicts-page', ready.list],
  [owner, '/integrations', 'integrations-page', ready.list],
  [owner, '/integrations?tab=runs', 'integrations-runs', ready.list],
  [owner, '/partners', 'partners-page', ready.list],
  [owner, `/partners/${partner.id}`, 'partner-overview', ready.text('Leads by status')],
  [owner, `/partners/${partner.id}?tab=users`, 'partner-users', ready.list],
  [owner, `/partners/${partner.id}?tab=settings`, 'partner-settings', ready.id('partner-settings')],
  [owner, `/partners/${partner.id}?tab=billing`, 'partner-billing-tab', ready.id('billing-form')],
  [owner, `/partners/${partner.id}?tab=api`, 'partner-api-tab', ready.text('No API tokens yet')],
  [owner, '/users', 'users-page', ready.list],
  [owner, '/invoices', 'invoices-page', ready.list],
  [owner, `/invoices/${charge.id}`, 'invoice-page', ready.id('invoice-lines')],
  [owner, '/returns', 'returns-page', ready.list],
  [admin, '/invoices', 'partner-admin-invoices', ready.list],
  [admin, `/partners/${partner.id}?tab=billing`, 'partner-admin-billing', ready.id('ledger-table')],
  [owner, '/settings', 'account', ready.text('Profile')],
  [owner, '/settings/password', 'account-password', ready.text('Change your password')],
  [member, '/', 'member-dashboard', ready.id('dashboard-stats')],
  [member, '/leads', 'member-leads', ready.list],
  [member, `/leads/${lead.id}`, 'member-lead', ready.id('notes')],
  [member, `/partners/${partner.id}`, 'member-partner', ready.text('Last appointment')],
  [admin, '/users', 'partner-admin-users', ready.list],
  [admin, `/partners/${partner.id}?tab=webhooks`, 'partner-admin-webhooks', ready.id('webhooks-empty')],
];

test('every page passes axe, stays on its origin and throws nothing', async (t) => {
  for (const [who, path, name, isReady] of pages()) {
    await t.test(`${path}${who ? ` as ${who === owner ? 'owner' : who === member ? 'partner user' : 'partner admin'}` : ''}`,
      () => check(t, who, path, name, isReady));
  }
});

test('dialogs, menus and popovers pass axe', async (t) => {
  await t.test('new lead dialog', () => check(t, owner, '/leads', 'dialog-new-lead', ready.list, {
    include: '[role="dialog"]',
    act: async (page) => {
      await page.getByRole('button', { name: 'New lead' }).click();
      await page.getByRole('dialog').waitFor();
    },
  }));
  await t.test('log meeting dialog', () => check(t, owner, `/leads/${lead.id}`, 'dialog-log-meeting', ready.id('notes'), {
    include: '[role="dialog"]',
    act: async (page) => {
      await page.getByTestId('log-meeting').click();
      await page.getByRole('dialog').waitFor();
    },
  }));
  await t.test('return dialog', () => check(t, member, `/leads/${lead.id}`, 'dialog-return', ready.id('lead-return-ask'), {
    include: '[role="dialog"]',
    act: async (page) => {
      await page.getByTestId('lead-return-ask').click();
      await page.getByRole('dialog').waitFor();
    },
  }));
  await t.test('void invoice dialog', () => check(t, owner, `/invoices/${charge.id}`, 'dialog-void', ready.id('invoice-void'), {
    include: '[role="dialog"]',
    act: async (page) => {
      await page.getByTestId('invoice-void').click();
      await page.getByRole('dialog').waitFor();
    },
  }));
  await t.test('credit dialog', () => check(t, owner, `/partners/${partner.id}?tab=billing`, 'dialog-credit', ready.id('ledger-add-credit'), {
    include: '[role="dialog"]',
    act: async (page) => {
      await page.getByTestId('ledger-add-credit').click();
      await page.getByRole('dialog').waitFor();
    },
  }));
  await t.test('invite dialog', () => check(t, owner, '/users', 'dialog-invite', ready.list, {
    include: '[role="dialog"]',
    act: async (page) => {
      await page.getByRole('button', { name: 'Invite user' }).click();
      await page.getByRole('dialog').waitFor();
    },
  }));
  await t.test('ICP popover', () => check(t, owner, `/partners?q=${encodeURIComponent(partner.name)}`, 'popover-icp', ready.list, {
    act: async (page) => {
      await page.getByTestId('icp-badge').first().click();
      await page.getByTestId('icp-pairs').waitFor();
    },
  }));
  await t.test('saved views menu', () => check(t, owner, '/leads', 'menu-views', ready.list, {
    include: '[role="menu"]',
    act: async (page) => {
      await page.getByTestId('leads-views').click();
      await page.getByRole('menuitem', { name: 'Save current view…' }).waitFor();
    },
  }));
  await t.test('save view dialog', () => check(t, owner, '/leads', 'dialog-save-view', ready.list, {
    include: '[role="dialog"]',
    act: async (page) => {
      await page.getByTestId('leads-views').click();
      await page.getByRole('menuitem', { name: 'Save current view…' }).click();
      await page.getByRole('dialog').waitFor();
    },
  }));
  await t.test('keyboard shortcuts dialog', () => check(t, owner, '/leads', 'dialog-shortcuts', ready.list, {
    include: '[role="dialog"]',
    act: async (page) => {
      await page.getByTestId('shortcuts-button').click();
      await page.getByTestId('shortcuts-help').waitFor();
    },
  }));
  await t.test('column menu', () => check(t, owner, '/leads', 'menu-columns', ready.list, {
    include: '[role="menu"]',
    act: async (page) => {
      await page.getByRole('button', { name: 'Columns' }).click();
      await page.getByRole('menuitemcheckbox').first().waitFor();
    },
  }));
});

async function tabTo(page, matches, max = 40) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(matches)) return;
  }
  throw new Error(`focus never reached the element (${matches})`);
}

test('keyboard only: sign in, open the leads, filter by typing, open a lead', async () => {
  const { context, page } = await newPage(browser);
  await page.goto('/login');
  await page.getByLabel('Email').waitFor();
  await tabTo(page, () => document.activeElement?.getAttribute('type') === 'email');
  await page.keyboard.type(owner.email);
  await tabTo(page, () => document.activeElement?.getAttribute('autocomplete') === 'current-password');
  await page.keyboard.type(owner.password);
  await page.keyboard.press('Enter');
  await page.getByTestId('dashboard-stats').waitFor();

  // a fresh page: the first Tab offers the skip link, which lands in the main content
  await page.reload();
  await page.getByTestId('dashboard-stats').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content');

  await tabTo(page, () => document.activeElement?.tagName === 'A' && document.activeElement.getAttribute('href') === '/leads');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/leads');
  await listReady(page);
  await tabTo(page, () => document.activeElement?.getAttribute('type') === 'search');
  await page.keyboard.type('Engines');
  await page.waitForURL((url) => url.searchParams.get('q') === 'Engines');
  await listReady(page);
  await tabTo(page, () => document.activeElement?.tagName === 'A' && /^\/leads\/[0-9a-f]{24}$/.test(document.activeElement.getAttribute('href') ?? ''));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/leads\/[0-9a-f]{24}$/);
  await page.getByTestId('notes').waitFor();
  await context.close();
});

// the JavaScript a browser fetches to show a page, gzipped like nginx would
async function firstPageJs(path, who) {
  const { context, page } = await newPage(browser);
  if (who) await signIn(page, who.email, who.password);
  const scripts = new Map();
  const collect = async (res) => {
    if (res.request().resourceType() === 'script' || res.url().endsWith('.js')) {
      try { scripts.set(res.url(), await res.body()); } catch { /* redirected */ }
    }
  };
  // a fresh document: everything it needs is fetched (cache disabled through the route)
  await context.route('**/_nuxt/**', (route) => route.continue({ headers: { ...route.request().headers(), 'cache-control': 'no-cache' } }));
  page.on('response', (res) => { void collect(res); });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  let raw = 0;
  let gz = 0;
  for (const body of scripts.values()) {
    raw += body.length;
    gz += zlib.gzipSync(body, { level: 6 }).length;
  }
  await context.close();
  return { files: scripts.size, raw, gz };
}

test('the first page loads under 250 KB of gzipped JavaScript', async (t) => {
  const login = await firstPageJs('/login');
  t.diagnostic(`/login: ${login.files} scripts, ${(login.raw / 1024).toFixed(1)} KB raw, ${(login.gz / 1024).toFixed(1)} KB gzipped`);
  assert.ok(login.gz < 250 * 1024, `/login needs ${login.gz} B gzipped`);
  const dash = await firstPageJs('/', owner);
  t.diagnostic(`/ (dashboard, signed in): ${dash.files} scripts, ${(dash.raw / 1024).toFixed(1)} KB raw, ${(dash.gz / 1024).toFixed(1)} KB gzipped`);
  assert.ok(dash.gz < 250 * 1024, `/ needs ${dash.gz} B gzipped`);
});
