// auth.spec.mjs - sign-in and sign-out, wrong password, forgot/reset password through the
// e-mail, invitation → accept → first sign-in, and a session that expires mid-use
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, pick, selectByLabel, screenshot } from './browser.mjs';
import { owner, ownerApi, createPartner, inviteAndAccept, uniq, PASSWORD } from './api.mjs';
import { waitForMail, mailsTo, linkPath } from './mail.mjs';

let browser;
let api;
let partner;
before(async () => {
  browser = await launch();
  api = await ownerApi();
  partner = await createPartner(api, { name: `Auth Partner ${uniq()}` });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

test('sign in and sign out', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  assert.equal(new URL(page.url()).pathname, '/');
  await page.getByTestId('dashboard-stats').waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/login');
  // the session is gone: a protected page sends us back to sign-in
  await page.goto('/leads');
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/leads');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a wrong password shows a message and stays on sign-in', async () => {
  const { context, page } = await newPage(browser);
  await page.goto('/login');
  await page.getByLabel('Email').fill(`nobody-${uniq()}@example.com`);
  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Wrong e-mail address or password/);
  assert.equal(new URL(page.url()).pathname, '/login');
  await screenshot(page, 'login-wrong-password', 800);
  await context.close();
});

test('forgot password → e-mail → reset → sign in with the new password', async () => {
  const { email } = await inviteAndAccept(api, { role: 'user', partner: partner.id });
  const { context, page } = await newPage(browser);
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await page.waitForURL('**/forgot-password');
  const before = mailsTo(email, 'password-reset').length;
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.getByText('Check your inbox').waitFor();

  const mail = await waitForMail(email, 'password-reset', { after: before });
  await page.goto(linkPath(mail, 'reset-password'));
  const newPassword = `new ${PASSWORD} ${uniq()}`;
  const field = page.getByLabel('New password', { exact: true });
  await field.fill('short');
  assert.equal(await page.locator('[aria-label="Password rules"] li[data-ok="false"]').count() > 0, true);
  await field.fill(newPassword);
  assert.equal(await page.locator('[aria-label="Password rules"] li[data-ok="false"]').count(), 0);
  await page.getByLabel('Repeat the new password').fill(newPassword);
  await page.keyboard.press('Tab');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('reset') === '1');

  // the link works once
  await page.goto(linkPath(mail, 'reset-password'));
  await page.getByLabel('New password', { exact: true }).fill(`${newPassword}x`);
  await page.getByLabel('Repeat the new password').fill(`${newPassword}x`);
  await page.keyboard.press('Tab');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await page.getByText(/invalid or has expired/).waitFor();

  await signIn(page, email, newPassword);
  assert.equal(new URL(page.url()).pathname, '/');
  await context.close();
});

test('invite in the UI → accept through the e-mail → first sign-in', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto('/users');
  await page.getByTestId('users-table').waitFor();
  await page.getByRole('button', { name: 'Invite user' }).click();
  const dialog = page.getByRole('dialog');
  const email = `invitee-${uniq()}@example.com`;
  await dialog.getByLabel('E-mail').fill(email);
  await dialog.getByLabel('Name').fill('Ivy Invitee');
  await pick(page, selectByLabel(dialog, 'Partner'), partner.name);
  // a missing field's problem comes back from the API next to the field; here all is valid
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByText(`Invitation sent to ${email}`).first().waitFor();
  await page.getByRole('cell', { name: email, exact: true }).waitFor();
  await context.close();

  const mail = await waitForMail(email, 'user-invite');
  const guest = await newPage(browser);
  await guest.page.goto(linkPath(mail, 'accept-invite'));
  // the link is checked as the page opens: who invited whom to what, the typed name filled in
  await guest.page.getByText(`invited you to join ${partner.name} as a user.`).waitFor();
  const info = guest.page.getByTestId('invite-info');
  assert.match(await info.textContent(), new RegExp(email.replace(/[.]/g, '\\.')));
  const shown = (await info.locator('dd').allTextContents()).map((t) => t.trim());
  assert.deepEqual(shown, [email, partner.name, 'User', api.user.name]);
  assert.equal(await guest.page.getByLabel('Your name').inputValue(), 'Ivy Invitee');
  await guest.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await guest.page.getByLabel('Repeat the new password').fill(PASSWORD);
  await screenshot(guest.page, 'accept-invite', 900);
  await guest.page.keyboard.press('Tab');
  await guest.page.getByRole('button', { name: 'Create my account' }).click();
  // accepting signs the new user in: the dashboard of their partner
  await guest.page.waitForURL((url) => url.pathname === '/');
  await guest.page.getByRole('heading', { name: partner.name }).waitFor();
  await guest.page.getByRole('button', { name: 'Sign out' }).click();
  await guest.page.waitForURL('**/login');
  // and the first sign-in with the chosen password works
  await signIn(guest.page, email, PASSWORD);
  await guest.page.getByRole('heading', { name: partner.name }).waitFor();
  await guest.context.close();

  // the used link says so at once, with no form to fill first
  const late = await newPage(browser);
  await late.page.goto(linkPath(mail, 'accept-invite'));
  await late.page.getByText(/invalid, has expired or was used already/).waitFor();
  assert.equal(await late.page.getByLabel('Your name').count(), 0);
  assert.equal(await late.page.getByRole('button', { name: 'Create my account' }).count(), 0);
  await screenshot(late.page, 'accept-invite-used', 800);
  await late.context.close();
});

test('an expired session refreshes once; a lost one goes to sign-in and back', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto('/leads');
  await page.getByTestId('leads-table').waitFor();

  // access token gone: the next call answers 401, the client refreshes and retries
  const refreshes = [];
  page.on('response', (r) => { if (r.url().endsWith('/auth/token/refresh')) refreshes.push(r.status()); });
  await context.clearCookies({ name: '__Secure-pc_access' });
  const meetings = page.waitForResponse((r) => r.url().includes('/api/v1/meetings') && r.status() === 200);
  await page.getByRole('link', { name: 'Appointments', exact: true }).click();
  await meetings;
  assert.equal(new URL(page.url()).pathname, '/appointments');
  assert.deepEqual(refreshes, [200]);

  // both tokens gone: one refresh attempt fails, then sign-in with ?next= and back
  await context.clearCookies({ name: '__Secure-pc_access' });
  await context.clearCookies({ name: '__Secure-pc_refresh' });
  await page.goto('/leads?status=new');
  await page.waitForURL((url) => url.pathname === '/login');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/leads?status=new');
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/leads' && url.searchParams.get('status') === 'new');
  await page.getByTestId('leads-table').waitFor();
  await context.close();
});

test('mid-use: an action after the session is lost leads to sign-in and back to the page', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto('/partners');
  await page.getByTestId('partners-table').waitFor();
  await context.clearCookies({ name: '__Secure-pc_access' });
  await context.clearCookies({ name: '__Secure-pc_refresh' });
  await page.getByRole('searchbox', { name: /Search partners/ }).fill('Auth');
  await page.waitForURL((url) => url.pathname === '/login');
  const next = new URL(page.url()).searchParams.get('next');
  assert.match(next, /^\/partners/);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/partners');
  await context.close();
});
