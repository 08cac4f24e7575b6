// api.mjs - test data through the real API: a Node-side client per user (Playwright's
// APIRequestContext keeps the cookies; we echo the CSRF cookie like the SPA does), plus
// fixtures for partners, users (invite + accept via the e-mail token) and leads.
import { request } from 'playwright-core';
import { baseURL } from './browser.mjs';
import { waitForMail, tokenFrom } from './mail.mjs';

export const owner = {
  email: process.env.INITIAL_OWNER_EMAIL,
  password: process.env.INITIAL_OWNER_PASSWORD,
};

/** a short unique suffix, so specs never collide on names or e-mail addresses */
export function uniq() {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export class ApiError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path} -> ${status} ${JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

export class Api {
  static async create() {
    const api = new Api();
    api.ctx = await request.newContext({ baseURL, ignoreHTTPSErrors: true });
    return api;
  }

  async csrf() {
    const state = await this.ctx.storageState();
    return state.cookies.find((c) => c.name === '__Host-pc_csrf')?.value;
  }

  /** raw call: {status, body} */
  async call(method, path, data, extra = {}) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      const csrf = await this.csrf();
      if (csrf) headers['X-CSRF-Token'] = csrf;
    }
    const res = await this.ctx.fetch(`/api/v1${path}`, {
      method, headers, failOnStatusCode: false,
      ...(data !== undefined ? { data } : {}), ...extra,
    });
    const text = await res.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch { body = text; }
    return { status: res.status(), body };
  }

  /** call that must succeed (2xx); returns the body */
  async ok(method, path, data, extra) {
    const { status, body } = await this.call(method, path, data, extra);
    if (status < 200 || status > 299) throw new ApiError(method, path, status, body);
    return body;
  }

  async signIn(email, password) {
    const body = await this.ok('POST', '/auth/sign-in', { email, password });
    this.user = body.user;
    return body.user;
  }

  async dispose() { await this.ctx.dispose(); }
}

export async function ownerApi() {
  const api = await Api.create();
  await api.signIn(owner.email, owner.password);
  return api;
}

export async function createPartner(api, fields = {}) {
  const name = fields.name ?? `Partner ${uniq()}`;
  return api.ok('POST', '/partners', { name, ...fields });
}

export async function createLead(api, partner, fields = {}) {
  return api.ok('POST', '/leads', { email: `lead-${uniq()}@example.com`, partner, ...fields });
}

export const PASSWORD = 'correct horse battery staple';

/**
 * Invites a user as `inviter`, accepts the invitation with the token from the e-mail and returns
 * {user, email, password}.
 */
export async function inviteAndAccept(inviter, { role = 'user', partner = null, name } = {}) {
  const email = `user-${uniq()}@example.com`;
  const invited = await inviter.ok('POST', '/users', {
    email, role, ...(partner ? { partner } : {}), ...(name ? { name } : {}),
  });
  const mail = await waitForMail(email, 'user-invite');
  const token = tokenFrom(mail, 'accept-invite');
  const guest = await Api.create();
  const { user } = await guest.ok('POST', '/auth/accept-invite', {
    token, name: name ?? `User ${email.split('@')[0]}`, password: PASSWORD,
  });
  await guest.dispose();
  return { user: user ?? invited, email, password: PASSWORD };
}

/** POST /cron/<job> as the scheduler calls it (loopback, the cron secret); offsetMs runs it with
 * the test clock that far ahead (PC_TEST_HOOKS), so a daily job gets a day of its own */
export async function runCron(job, offsetMs = 0) {
  const ctx = await request.newContext({ baseURL, ignoreHTTPSErrors: true });
  try {
    const headers = { Authorization: `Bearer ${process.env.CRON_SECRET}` };
    if (offsetMs) headers['X-PC-Test-Clock-Offset-Ms'] = String(offsetMs);
    const res = await ctx.post(`/api/v1/cron/${job}`, { headers, failOnStatusCode: false });
    if (res.status() !== 200) throw new Error(`cron ${job}: ${res.status()} ${await res.text()}`);
  } finally {
    await ctx.dispose();
  }
}
