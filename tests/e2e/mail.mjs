// mail.mjs - e-mails of the file transport: one .eml per message under $PC_VAR_DIR/mail
import fs from 'node:fs';
import path from 'node:path';

const mailDir = () => path.join(process.env.PC_VAR_DIR, 'mail');

function read(file) {
  const text = fs.readFileSync(file, 'utf8');
  const header = (name) => text.match(new RegExp(`^${name}: (.*)$`, 'mi'))?.[1]?.trim() ?? '';
  return { file, text, to: header('To'), template: header('X-PC-Template'), subject: header('Subject') };
}

/** all messages to `to` (optionally of one template), oldest first */
export function mailsTo(to, template) {
  let files = [];
  try { files = fs.readdirSync(mailDir()).filter((f) => f.endsWith('.eml')); } catch { return []; }
  return files
    .map((f) => path.join(mailDir(), f))
    .map((f) => ({ f, t: fs.statSync(f).mtimeMs }))
    .sort((a, b) => a.t - b.t)
    .map(({ f }) => read(f))
    .filter((m) => m.to.toLowerCase().includes(to.toLowerCase()) && (!template || m.template === template));
}

/** waits (up to 15 s) for the count+1-th message to `to`; returns the newest */
export async function waitForMail(to, template, { after = 0, timeout = 15_000 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const found = mailsTo(to, template);
    if (found.length > after) return found[found.length - 1];
    if (Date.now() > end) throw new Error(`no ${template ?? ''} e-mail to ${to} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** the token of the first link to /<route>?token=... in the message */
export function tokenFrom(mail, route) {
  const m = mail.text.match(new RegExp(`/${route}\\?token=([A-Za-z0-9_\\-.~%]+)`));
  if (!m) throw new Error(`no /${route} link in ${mail.file}`);
  return decodeURIComponent(m[1]);
}

/** the path (+ query) of that link, for page.goto on the test origin */
export function linkPath(mail, route) {
  return `/${route}?token=${encodeURIComponent(tokenFrom(mail, route))}`;
}
