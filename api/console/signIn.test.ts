// Signing in to the consoles, in process: sessions of the right role only, a fresh session id at every
// sign-in, CSRF tokens and same-origin checks on every change, lockout, and the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteConsoleUser, LOCKOUT_AFTER } from '../../lib/console/users.js';
import { connectDb } from '../../lib/db/client.js';
import { consoleUser, forgedToken } from '../../test/harness/consoles.js';
import { query } from '../../test/harness/indexer.js';
import { type InProcessApi, inProcessApi } from '../../test/harness/inProcessApi.js';

const ORIGIN = 'http://api.test';
const PASSWORD = 'a passphrase long enough';
let api: InProcessApi;

const user = (role: 'merchant' | 'admin', email: string, merchantId?: string) =>
  consoleUser(api.databaseUrl, { role, email, merchantId, password: PASSWORD });

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = (extra: Record<string, string> = {}) => ({
  'content-type': 'application/x-www-form-urlencoded',
  origin: ORIGIN,
  ...extra,
});

/** Signs in; the session cookie (`name=value`) it set, or the failed response. */
async function signIn(base: string, email: string, password = PASSWORD, headers: Record<string, string> = {}) {
  const response = await api.fetch(`${base}/sign-in`, {
    method: 'POST',
    headers: formHeaders(headers),
    body: form({ email, password }),
    redirect: 'manual',
  });
  return { response, cookie: response.headers.get('set-cookie')?.split(';')[0] };
}

const get = (path: string, cookie?: string) =>
  api.fetch(path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });

let merchantId: string;
beforeAll(async () => {
  api = await inProcessApi();
  merchantId = (await api.merchant()).id;
  await user('merchant', 'owner@shop.test', merchantId);
  await user('admin', 'ops@gateway.test');
}, 60_000);
afterAll(async () => {
  await api?.stop();
});

describe('signed out', () => {
  it('sends every console page to its sign-in page, and refuses changes', async () => {
    for (const base of ['/console', '/admin']) {
      const home = await get(base);
      expect(home.status).toBe(303);
      expect(home.headers.get('location')).toBe(`${base}/sign-in`);
      const signOut = await api.fetch(`${base}/sign-out`, { method: 'POST', headers: formHeaders(), body: '' });
      expect(signOut.status).toBe(401);
      const page = await get(`${base}/sign-in`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await page.text()).toContain('<form method="post"');
    }
  });
});

describe('signing in', () => {
  it('starts a session in an HTTP-only, same-site cookie of the console, never the one the browser brought', async () => {
    const planted = 'pmt_merchant_session=chosen-by-an-attacker';
    const { response, cookie } = await signIn('/console', 'Owner@Shop.test', PASSWORD, { cookie: planted });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/console');
    expect(response.headers.get('set-cookie')).toMatch(/; Max-Age=43200; Path=\/console; HttpOnly; SameSite=Strict$/);
    expect(cookie).toMatch(/^pmt_merchant_session=[0-9A-Za-z]{43}$/);
    expect(cookie).not.toBe(planted);
    expect((await get('/console/payments', planted)).status).toBe(303);
    const entry = await get('/console', cookie);
    expect(entry.status).toBe(303);
    expect(entry.headers.get('location')).toBe('/console/payments');
    const home = await get('/console/payments', cookie);
    expect(home.status).toBe(200);
    expect(await home.text()).toMatch(/Merchant dashboard · Fast Shop[\s\S]*owner@shop\.test/);
  });

  it('keeps each console to its own users', async () => {
    const merchantSession = (await signIn('/console', 'owner@shop.test')).cookie!;
    const asAdmin = merchantSession.replace('pmt_merchant_session', 'pmt_admin_session');
    const refusedAdmin = await get('/admin/merchants', asAdmin);
    expect(refusedAdmin.status).toBe(303);
    expect(refusedAdmin.headers.get('location')).toBe('/admin/sign-in');
    expect((await signIn('/admin', 'owner@shop.test')).response.status).toBe(401);
    const adminSession = (await signIn('/admin', 'ops@gateway.test')).cookie!;
    expect((await get('/admin/merchants', adminSession)).status).toBe(200);
    expect(
      (await get('/console/payments', adminSession.replace('pmt_admin_session', 'pmt_merchant_session'))).status,
    ).toBe(303);
  });

  it('refuses a sign-in posted from another site', async () => {
    const { response, cookie } = await signIn('/console', 'owner@shop.test', PASSWORD, { origin: 'https://evil.test' });
    expect(response.status).toBe(403);
    expect(cookie).toBeUndefined();
  });

  it(`locks the account after ${LOCKOUT_AFTER} wrong passwords, saying until when`, async () => {
    await user('merchant', 'guessed@shop.test', merchantId);
    for (let attempt = 1; attempt < LOCKOUT_AFTER; attempt++) {
      const { response } = await signIn('/console', 'guessed@shop.test', 'not the password');
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('The email or the password is wrong.');
    }
    const locked = await signIn('/console', 'guessed@shop.test', 'not the password');
    expect(await locked.response.text()).toMatch(/this account is locked until \d\d:\d\d UTC/);
    expect((await signIn('/console', 'guessed@shop.test')).cookie).toBeUndefined();
  });
});

describe('signing out', () => {
  it('needs the session’s CSRF token from this site, then ends the session and is recorded', async () => {
    const { cookie } = await signIn('/console', 'owner@shop.test');
    const home = await (await get('/console/payments', cookie)).text();
    const csrf = /name="_csrf" value="([0-9A-Za-z]{43})"/.exec(home)![1]!;
    const post = (body: string, origin = ORIGIN) =>
      api.fetch('/console/sign-out', {
        method: 'POST',
        headers: formHeaders({ cookie: cookie!, origin }),
        body,
        redirect: 'manual',
      });
    expect((await post(form({}))).status).toBe(403);
    expect((await post(form({ _csrf: forgedToken(csrf) }))).status).toBe(403);
    expect((await post(form({ _csrf: csrf }), 'https://evil.test')).status).toBe(403);
    expect((await get('/console/payments', cookie)).status).toBe(200);
    const signedOut = await post(form({ _csrf: csrf }));
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('set-cookie')).toMatch(/^pmt_merchant_session=; Max-Age=0; Path=\/console/);
    expect((await get('/console/payments', cookie)).status).toBe(303);
    const audit = await query<{ action: string; merchant_id: string }>(
      api.databaseUrl,
      "SELECT action, merchant_id FROM app.audit_log WHERE action LIKE 'session.%' ORDER BY at",
    );
    expect(audit.map((row) => row.action)).toContain('session.sign_out');
    expect(audit.filter((row) => row.action === 'session.sign_in').every((row) => row.merchant_id !== undefined)).toBe(
      true,
    );
  });
});

describe('password links', () => {
  const setPassword = (base: string, token: string, password = PASSWORD, confirm = password, origin = ORIGIN) =>
    api.fetch(`${base}/password`, {
      method: 'POST',
      headers: formHeaders({ origin }),
      body: form({ token, password, confirm }),
      redirect: 'manual',
    });

  it('sets the password of an invited user once, for its own console only', async () => {
    const connection = connectDb(api.databaseUrl, { max: 1 });
    const { token } = await inviteConsoleUser(connection.db, { role: 'merchant', email: 'new@shop.test', merchantId });
    await connection.close();
    const page = await get(`/console/password?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(await page.text()).toContain(`name="token" value="${token}"`);
    expect((await setPassword('/console', token, PASSWORD, `${PASSWORD}!`)).status).toBe(400);
    expect((await setPassword('/console', token, PASSWORD, PASSWORD, 'https://evil.test')).status).toBe(403);
    const other = await setPassword('/admin', token);
    expect(other.status, 'a merchant invitation sets nothing in the admin console').toBe(400);
    expect(await other.text()).toContain('expired or was already used');
    const set = await setPassword('/console', token);
    expect(set.status).toBe(303);
    expect(set.headers.get('location')).toBe('/console/sign-in?password=set');
    expect((await signIn('/console', 'new@shop.test')).response.status).toBe(303);
    expect((await setPassword('/console', token, `${PASSWORD} again`)).status).toBe(400);
  });

  it('answers a reset request alike whether the email has an account or not, and records the real one', async () => {
    const ask = (email: string) =>
      api.fetch('/console/reset', { method: 'POST', headers: formHeaders(), body: form({ email }) });
    const known = await ask('owner@shop.test');
    const unknown = await ask('nobody@shop.test');
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(await known.text()).toBe(await unknown.text());
    const tokens = await query<{ n: string }>(
      api.databaseUrl,
      `SELECT count(*) AS n FROM app.console_token JOIN app.console_user u ON u.id = user_id
        WHERE purpose = 'password_reset' AND u.email = 'owner@shop.test'`,
    );
    expect(tokens[0]!.n).toBe('1');
    const audit = await query<{ n: string }>(
      api.databaseUrl,
      "SELECT count(*) AS n FROM app.audit_log WHERE action = 'user.password_reset_requested'",
    );
    expect(audit[0]!.n).toBe('1');
  });
});
