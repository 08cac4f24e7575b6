// success.spec.mjs - a successful submit looks like one (issue 17): the form's fields are not left
// in an error state, and a toast confirms what was done
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, signIn, pick } from './browser.mjs';
import { ownerApi, createPartner, createLead, inviteAndAccept, uniq } from './api.mjs';

let browser;
let api;
let partner;
let member;
const tag = uniq();

before(async () => {
  browser = await launch();
  api = await ownerApi();
  partner = await createPartner(api, { name: `Success ${tag}` });
  member = await inviteAndAccept(api, { role: 'user', partner: partner.id, name: 'Sam Success' });
});
after(async () => {
  await api?.dispose();
  await browser?.close();
});

// UForm validates a field again 300 ms after its last input, and on change and blur: a late
// validation of the emptied form is what turned it red, so look after that delay
const SETTLE_MS = 800;

async function invalidFields(form) {
  return form.locator('[aria-invalid="true"]').count();
}

test('a status change leaves the form clean and says so in a toast', async () => {
  const lead = await createLead(api, partner.id, { company: `Status ok ${tag}` });
  const { context, page } = await newPage(browser);
  await signIn(page, member.email, member.password);
  await page.goto(`/leads/${lead.id}`);
  const form = page.getByTestId('status-form');
  await form.waitFor();

  for (const [label, status] of [['In Touch', 'in_touch'], ['Scheduled', 'scheduled']]) {
    await pick(page, 'New status', label);
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.waitForFunction((s) => document.querySelector('[data-testid="lead-status"]')
      ?.getAttribute('data-status') === s, status);
    await page.getByRole('region', { name: /notifications/i })
      .getByText(`Status changed to ${label}`).waitFor();
    await page.waitForTimeout(SETTLE_MS);
    assert.equal(await page.getByText('Choose the new status').count(), 0, `after ${label}`);
    assert.equal(await invalidFields(form), 0, `after ${label}`);
  }
  await context.close();
});

test('adding a note empties the box without an error and says so in a toast', async () => {
  const lead = await createLead(api, partner.id, { company: `Note ok ${tag}` });
  const { context, page } = await newPage(browser);
  await signIn(page, member.email, member.password);
  await page.goto(`/leads/${lead.id}`);
  const box = page.getByLabel('Add a note');
  await box.waitFor();

  for (const text of [`First call ${tag}`, `Second call ${tag}`]) {
    // typed like a person and sent at once, before the field's delayed validation has run
    await box.click();
    await page.keyboard.type(text, { delay: 5 });
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByTestId('notes').locator('li').filter({ hasText: text }).waitFor();
    await page.getByRole('region', { name: /notifications/i }).getByText('Note added').first().waitFor();
    await page.waitForTimeout(SETTLE_MS);
    assert.equal(await box.inputValue(), '');
    assert.equal(await page.getByText('Write something first').count(), 0, `after "${text}"`);
    assert.notEqual(await box.getAttribute('aria-invalid'), 'true', `after "${text}"`);
  }
  // an empty note is still refused before any request
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByText('Write something first').waitFor();
  await context.close();
});
