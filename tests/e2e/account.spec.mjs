// account.spec.mjs - the own account: change the name, change the password (rules as you type,
// the API's refusal of a wrong current password next to the field)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn } from './browser.mjs';
import { ownerApi, createPartner, inviteAndAccept, uniq } from './api.mjs';

let browser;
let api;
let member;

before(async () => {
  browser = await launch();
  api = await ownerApi();
  const partner = await createPartner(api, { name: `Account Partner ${uniq()}` });
  member = await inviteAndAccept(api, { role: 'user', partner: partner.id, name: 'Old Name' });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

test('change the name and the password', async () => {
  const { context, page } = await newPage(browser);
  await signIn(page, member.email, member.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('New Name');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Name saved').first().waitFor();
  await page.getByTestId('user-menu').getByText('New Name').waitFor();

  await page.getByRole('link', { name: 'Password' }).click();
  await page.waitForURL('**/settings/password');
  // the e-mail address is refused as you type
  await page.getByLabel('New password', { exact: true }).fill(member.email);
  await page.locator('[aria-label="Password rules"] li[data-ok="false"]', { hasText: 'Not your e-mail address' }).waitFor();
  const next = `another ${member.password} ${uniq()}`;
  await page.getByLabel('Current password').fill('wrong current password');
  await page.getByLabel('New password', { exact: true }).fill(next);
  await page.getByLabel('Repeat the new password').fill(next);
  await page.keyboard.press('Tab');
  await page.getByRole('button', { name: 'Change password' }).click();
  // the form's alert (the "Name saved" toast may still be up: toasts are alerts too)
  await page.locator('form').getByRole('alert').waitFor();
  await page.getByLabel('Current password').fill(member.password);
  await page.keyboard.press('Tab');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Password changed').first().waitFor();
  await context.close();

  const again = await newPage(browser);
  await signIn(again.page, member.email, next);
  assert.equal(new URL(again.page.url()).pathname, '/');
  await again.context.close();
});
