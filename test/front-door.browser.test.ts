// The gateway behind a real TLS front door, as every live installation runs: Caddy terminates https for a
// host name that is not a local one and forwards to the API over plain http, rewriting `Host` to the
// API's address. Chromium, resolving that name to the proxy, is every person the gateway serves: a buyer
// pays at the hosted checkout, a merchant user signs in, refunds and changes a setting, an admin verifies
// a merchant. The API believes the proxy's forwarded headers (TRUSTED_PROXIES), and nobody else's: a
// forged X-Forwarded-For never reaches the audit log.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatEther, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../devkit/freePort.js';
import { createAdmin } from '../lib/console/users.js';
import { withDb } from '../lib/db/client.js';
import { type ApiStack, startApiStack, type TestMerchant } from './harness/apiStack.js';
import { launchBrowser } from './harness/browser.js';
import { expectStatus } from './harness/checkout.js';
import { query } from './harness/indexer.js';
import { testWallet } from './harness/testWallet.js';
import { rawRequest, startTlsProxy, type TlsProxy } from './harness/tlsProxy.js';

const HOST = 'pay.pmt-gateway.test';
const ADMIN = { email: 'ops@pmt-gateway.test', password: 'a long admin passphrase' };
const PASSWORD = 'correct horse battery staple';
/** What a client writes to pass for someone else; it must never be believed. */
const FORGED = '6.6.6.6';

let proxy: TlsProxy;
let stack: ApiStack;
let browser: Browser;
let context: BrowserContext;
let shop: TestMerchant;
const pageErrors: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  stack = await startApiStack({ PUBLIC_URL: `https://${HOST}:${port}`, TRUSTED_PROXIES: '127.0.0.1' });
  proxy = await startTlsProxy({ hostName: HOST, port, upstream: new URL(stack.url).host, rewriteHost: true });
  shop = await stack.merchant({ holdPeriodSeconds: 3_600 });
  await withDb(stack.api.services.config.databaseUrl, async (db) => {
    const made = await createAdmin(db, ADMIN);
    if (!made.ok) throw new Error(made.problem);
  });
  browser = await launchBrowser({ hosts: { [HOST]: '127.0.0.1' } });
  // The proxy's certificate is from its own local CA, which this browser has not been told to trust.
  context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1000, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await proxy?.stop();
  await stack?.stop();
});

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

async function signIn(page: Page, base: string, email: string, password: string) {
  await page.goto(`${proxy.url}${base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}

const signInsFrom = (email: string) =>
  query<{ ip: string | null }>(
    stack.api.services.config.databaseUrl,
    `SELECT a.ip FROM app.audit_log a JOIN app.console_user u ON u.id = a.actor_id
      WHERE a.action = 'session.sign_in' AND u.email = $1 ORDER BY a.at`,
    [email],
  );

it('a buyer pays at the hosted checkout, at the public https URL', async () => {
  const { body: intent } = await shop.call('POST', '/v1/payment_intents', { amount: 2500, currency: 'USD' });
  expect(intent.checkout_url.startsWith(`${proxy.url}/checkout/`)).toBe(true);
  const account = privateKeyToAccount(generatePrivateKey());
  await stack.publicClient.request({
    method: 'anvil_setBalance' as never,
    params: [account.address, `0x${parseEther('10').toString(16)}`] as never,
  });
  const wallet = testWallet({ rpcUrl: stack.rpcUrl, chainId: stack.chain.id, account });
  const page = await newPage();
  await wallet.install(page);
  const opened = await page.goto(intent.checkout_url);
  expect(opened?.headers()['strict-transport-security']).toBe('max-age=31536000');
  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expectStatus(page, 'succeeded');
  expect(pageErrors).toEqual([]);
});

it('a merchant user sets its password, signs in, refunds part of a payment and changes a setting', async () => {
  const page = await newPage();
  expect(shop.inviteUrl.startsWith(`${proxy.url}/console/password?token=`)).toBe(true);
  await page.goto(shop.inviteUrl);
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('The same again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect.poll(() => page.getByRole('status').textContent()).toContain('Your password is set');
  await signIn(page, '/console', shop.email, PASSWORD);
  const session = (await context.cookies(`${proxy.url}/console`)).find(
    (cookie) => cookie.name === 'pmt_merchant_session',
  );
  expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });

  const [paid] = (await shop.call('GET', '/v1/payment_intents?status=succeeded')).body.data;
  await page.goto(`${proxy.url}/console/payments/${paid.id}`);
  const part = BigInt(paid.payment.amount_escrowed) / 4n;
  await page.getByLabel(/^Amount in ETH/).fill(formatEther(part));
  await page.getByRole('button', { name: 'Refund' }).click();
  await expect.poll(() => page.locator('tr[data-refund]').count()).toBe(1);
  const refunds = (await shop.call('GET', `/v1/refunds?payment_intent=${paid.id}`)).body.data;
  expect(refunds.map((refund: any) => refund.amount)).toEqual([part.toString()]);

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Schedule').selectOption('weekly');
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect.poll(async () => (await shop.call('GET', '/v1/merchant')).body.payout_schedule).toBe('weekly');

  // The browser's address as the proxy saw it, not the proxy's own word alone: loopback here.
  expect(await signInsFrom(shop.email)).toEqual([{ ip: '127.0.0.1' }]);
  expect(pageErrors).toEqual([]);
});

it('an admin signs in and verifies a merchant', async () => {
  const page = await newPage();
  await signIn(page, '/admin', ADMIN.email, ADMIN.password);
  await page.goto(`${proxy.url}/admin/merchants`);
  await page.locator(`tr[data-merchant="${shop.id}"]`).getByRole('button', { name: 'Verify' }).click();
  await expect.poll(async () => (await shop.call('GET', '/v1/merchant')).body.verified).toBe(true);
  expect(pageErrors).toEqual([]);
});

it('believes X-Forwarded-For only from the trusted proxy: a forged one never reaches the audit log', async () => {
  const form = new URLSearchParams({ email: ADMIN.email, password: ADMIN.password }).toString();
  const signInFrom = (url: string, localAddress: string) =>
    rawRequest(`${url}/admin/sign-in`, {
      method: 'POST',
      localAddress,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': FORGED,
        forwarded: `for=${FORGED};proto=https`,
      },
      body: form,
    });
  // Through the proxy, from a client at 127.0.0.7: the proxy names the address it saw.
  expect((await signInFrom(proxy.url, '127.0.0.7')).status).toBe(303);
  // Straight to the API from 127.0.0.5, which is no trusted proxy: its headers are its own word only.
  expect((await signInFrom(stack.url, '127.0.0.5')).status).toBe(303);
  const ips = (await signInsFrom(ADMIN.email)).map(({ ip }) => ip);
  expect(ips).toEqual(['127.0.0.1', '127.0.0.7', '127.0.0.5']);
  const forged = await query(
    stack.api.services.config.databaseUrl,
    `SELECT ip FROM app.audit_log WHERE ip = $1 UNION ALL SELECT ip FROM app.console_session WHERE ip = $1`,
    [FORGED],
  );
  expect(forged).toEqual([]);
});
