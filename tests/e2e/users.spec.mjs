// users.spec.mjs - user administration in the browser: deactivating a signed-in user (after a
// confirmation) sends them to sign-in on their next action, the badge agrees with the switch, and
// their sign-in says the account is deactivated; the API's refusals show in the dialog; resend,
// edit, archive
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, listReady, pick, selectByLabel, screenshot } from './browser.mjs';
import { waitForMail } from './mail.mjs';
import { owner, ownerApi, createPartner, inviteAndAccept, uniq } from './api.mjs';

let browser;
let api;
let partner;
const tag = uniq();

before(async () => {
  browser = await launch();
  api = await ownerApi();
  partner = await createPartner(api, { name: `Users Partner ${tag}` });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

test('deactivating a signed-in user sends them to sign-in on their next action', async () => {
  const member = await inviteAndAccept(api, { role: 'user', partner: partner.id, name: 'Soon Inactive' });
  const victim = await newPage(browser);
  await signIn(victim.page, member.email, member.password);
  await victim.page.goto('/leads');
  await listReady(victim.page);

  // the owner flips the switch on the Users page
  const admin = await newPage(browser);
  await signIn(admin.page, owner.email, owner.password);
  await admin.page.goto(`/users?q=${encodeURIComponent(member.email)}`);
  await listReady(admin.page);
  const toggle = admin.page.getByRole('switch', { name: `${member.email} may sign in` });
  const badge = admin.page.getByTestId(`user-state-${member.user.id}`);
  assert.equal(await toggle.getAttribute('aria-checked'), 'true');
  assert.equal((await badge.textContent()).trim(), 'Active');
  // one click only asks (issue 17): a dialog naming the user and that their sessions end
  await toggle.click();
  let dialog = admin.page.getByRole('dialog');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), new RegExp(`Deactivate Soon Inactive \\(${member.email.replace(/[.]/g, '\\.')}\\)\\?`));
  assert.match(await dialog.textContent(), /every session they have open ends now/);
  await screenshot(admin.page, 'users-deactivate-confirm');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await toggle.getAttribute('aria-checked'), 'true');
  assert.equal((await api.ok('GET', `/users/${member.user.id}`)).isActive, true);
  // confirmed: switched off, and the badge agrees with the switch
  await toggle.click();
  dialog = admin.page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Deactivate' }).click();
  await admin.page.getByText(`${member.email} is deactivated`).first().waitFor();
  await listReady(admin.page);
  assert.equal(await toggle.getAttribute('aria-checked'), 'false');
  await admin.page.waitForFunction((id) => document.querySelector(`[data-testid="user-state-${id}"]`)?.textContent.trim() === 'Deactivated', member.user.id);
  await screenshot(admin.page, 'users');

  // the user's next action fails the session (refresh refused too) → sign-in, with the way back
  await victim.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Appointments', exact: true }).click();
  await victim.page.waitForURL((url) => url.pathname === '/login');
  assert.equal(new URL(victim.page.url()).searchParams.get('next'), '/appointments');
  // and signing in again is refused, saying why and whom to ask (only with the right password)
  await victim.page.getByLabel('Email').fill(member.email);
  await victim.page.getByLabel('Password', { exact: true }).fill(member.password);
  await victim.page.getByRole('button', { name: 'Sign in' }).click();
  const alert = victim.page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Your account is deactivated/);
  assert.match(await alert.textContent(), new RegExp(`administrator of ${partner.name}`));
  assert.equal(new URL(victim.page.url()).pathname, '/login');
  await screenshot(victim.page, 'login-deactivated', 800);
  // a wrong password for it is just a wrong password
  await victim.page.getByLabel('Password', { exact: true }).fill('not the password at all');
  await victim.page.getByRole('button', { name: 'Sign in' }).click();
  await victim.page.getByText('Wrong e-mail address or password.').waitFor();
  await victim.context.close();
  await admin.context.close();
});

test('an invitation to a taken e-mail shows the API\'s message in the dialog', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto('/users');
  await listReady(page);
  await page.getByRole('button', { name: 'Invite user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('E-mail').fill(owner.email);
  await dialog.getByLabel('Role').click();
  await page.getByRole('option', { name: 'Admin', exact: true }).click();
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  const alert = dialog.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /already exists/);
  await context.close();
});

test('resend an invitation, change a role and partner, archive a user', async () => {
  const other = await createPartner(api, { name: `Users Other ${tag}` });
  const email = `pending-${uniq()}@example.com`;
  await api.ok('POST', '/users', { email, role: 'user', partner: partner.id });
  await waitForMail(email, 'user-invite');
  const member = await inviteAndAccept(api, { role: 'user', partner: partner.id, name: 'Role Change' });
  const { context, page } = await newPage(browser);
  await signIn(page, owner.email, owner.password);

  // resend: a second invitation e-mail
  await page.goto(`/users?q=${encodeURIComponent(email)}`);
  await listReady(page);
  await page.getByRole('button', { name: `Actions for ${email}` }).click();
  await page.getByRole('menuitem', { name: 'Resend invitation' }).click();
  await page.getByText(`Invitation sent again to ${email}`).first().waitFor();
  await waitForMail(email, 'user-invite', { after: 1 });

  // edit: user → admin of the other partner
  await page.goto(`/users?q=${encodeURIComponent(member.email)}`);
  await listReady(page);
  await page.getByRole('button', { name: `Actions for ${member.email}` }).click();
  await page.getByRole('menuitem', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog');
  await pick(page, dialog.getByLabel('Role'), 'Admin');
  await pick(page, selectByLabel(dialog, 'Partner'), other.name);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByText('User saved').first().waitFor();
  await listReady(page);
  const row = page.getByTestId('users-table').locator('tbody tr').first();
  await row.getByRole('cell', { name: 'Admin', exact: true }).waitFor();
  await row.getByRole('link', { name: other.name }).waitFor();

  // archive: gone from the list
  await page.getByRole('button', { name: `Actions for ${member.email}` }).click();
  await page.getByRole('menuitem', { name: 'Archive' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
  await page.getByText(`${member.email} archived`).first().waitFor();
  await listReady(page);
  await page.getByText('No user matches the search').waitFor();
  await context.close();
});
