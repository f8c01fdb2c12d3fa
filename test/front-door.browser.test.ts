// The gateway behind a real TLS front door, as every live installation runs, set up exactly as
// docs/operations.md shows: Caddy (which keeps the browser's `Host`) and nginx (which sends the API's own
// address as `Host`) terminate https for a host name that is not a local one and forward to the API over
// plain http. Chromium, resolving that name to the proxy, is every person the gateway serves: a buyer
// pays at the hosted checkout (its live status arriving over the event stream, through the proxy), a
// merchant user sets its password, signs in, refunds and changes a setting, an admin verifies a merchant.
// The API believes the proxy's forwarded headers (TRUSTED_PROXIES), and nobody else's: a forged
// X-Forwarded-For never reaches the audit log.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatEther, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../devkit/freePort.js';
import { createAdmin } from '../lib/console/users.js';
import { withDb } from '../lib/db/client.js';
import { type ApiStack, startApiStack } from './harness/apiStack.js';
import { launchBrowser } from './harness/browser.js';
import { expectStatus } from './harness/checkout.js';
import { signIn } from './harness/consoles.js';
import { query } from './harness/indexer.js';
import { testWallet } from './harness/testWallet.js';
import { type ProxyKind, rawRequest, startTlsProxy, type TlsProxy } from './harness/tlsProxy.js';
// Named apart from the checkout's `expectStatus`, which is the status a checkout page shows.
import { expectStatus as expectResponse } from './harness/typedClient.js';

const HOST = 'pay.pmt-gateway.test';
const ADMIN = { email: 'ops@pmt-gateway.test', password: 'a long admin passphrase' };
const PASSWORD = 'correct horse battery staple';
/** What a client writes to pass for someone else; it must never be believed. */
const FORGED = '6.6.6.6';

let stack: ApiStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startApiStack({ TRUSTED_PROXIES: '127.0.0.1' });
  await withDb(stack.api.services.config.databaseUrl, async (db) => {
    const made = await createAdmin(db, ADMIN);
    if (!made.ok) throw new Error(made.problem);
  });
  browser = await launchBrowser({ hosts: { [HOST]: '127.0.0.1' } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const databaseUrl = () => stack.api.services.config.databaseUrl;

/** The audit log's sign-ins of a console user, oldest first: where each came from. */
const signInsOf = async (email: string) =>
  (
    await query<{ ip: string | null }>(
      databaseUrl(),
      `SELECT a.ip FROM app.audit_log a JOIN app.console_user u ON u.id = a.actor_id
        WHERE a.action = 'session.sign_in' AND u.email = $1 ORDER BY a.at`,
      [email],
    )
  ).map(({ ip }) => ip);

describe.each(['caddy', 'nginx'] as const)('behind %s, set up as docs/operations.md shows', (kind: ProxyKind) => {
  let proxy: TlsProxy;
  let apiUrl: string;
  /** The typed client of this proxy's API straight, not through the proxy. */
  let client: ApiStack['client'];
  let context: BrowserContext;
  let shop: { id: string; key: string; email: string; inviteUrl: string };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    const api = await stack.extraApi({ PUBLIC_URL: `https://${HOST}:${port}` });
    apiUrl = api.api.url;
    client = api.client;
    proxy = await startTlsProxy(kind, { hostName: HOST, port, upstream: new URL(apiUrl).host });
    const email = `shop-${kind}@pmt-gateway.test`;
    const created = await expectResponse(
      await client(stack.adminKey).v1.admin.merchants.$post({ json: { name: `Shop ${kind}`, email }, header: {} }),
      200,
    );
    // A new email, and no Idempotency-Key (no replay): the answer shows the first key and the invitation.
    shop = { id: created.id, key: created.api_key!, email, inviteUrl: created.invite_url! };
    const wallet = privateKeyToAccount(generatePrivateKey()).address;
    await expectResponse(
      await stack.client(shop.key).v1.merchant.wallet.$post({ json: { address: wallet }, header: {} }),
      200,
    );
    // The proxy's certificate is from a local CA this browser has not been told to trust.
    context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1000, height: 900 } });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await proxy?.stop();
  });

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    return page;
  }

  it('a buyer pays at the hosted checkout, at the public https URL', async () => {
    const intent = await expectResponse(
      await client(shop.key).v1.payment_intents.$post({ json: { amount: 2500, currency: 'USD' }, header: {} }),
      200,
    );
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
    await signIn(page, `${proxy.url}/console`, shop.email, PASSWORD);
    const session = (await context.cookies(`${proxy.url}/console`)).find(({ name }) => name === 'pmt_merchant_session');
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });

    const merchant = stack.client(shop.key);
    const succeeded = await merchant.v1.payment_intents.$get({ query: { status: 'succeeded' } });
    // The one the buyer paid above: succeeded, so its payment is there.
    const paid = (await expectResponse(succeeded, 200)).data[0]!;
    await page.goto(`${proxy.url}/console/payments/${paid.id}`);
    const part = BigInt(paid.payment!.amount_escrowed) / 4n;
    await page.getByLabel(/^Amount in ETH/).fill(formatEther(part));
    await page.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => page.locator('tr[data-refund]').count()).toBe(1);
    const refunds = await expectResponse(await merchant.v1.refunds.$get({ query: { payment_intent: paid.id } }), 200);
    expect(refunds.data.map((refund) => refund.amount)).toEqual([part.toString()]);

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Schedule').selectOption('weekly');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await expect
      .poll(async () => (await expectResponse(await merchant.v1.merchant.$get(), 200)).payout_schedule)
      .toBe('weekly');

    // The browser's own address, as the proxy forwarded it: loopback here.
    expect(await signInsOf(shop.email)).toEqual(['127.0.0.1']);
    expect(pageErrors).toEqual([]);
  });

  it('an admin signs in and verifies a merchant', async () => {
    const page = await newPage();
    await signIn(page, `${proxy.url}/admin`, ADMIN.email, ADMIN.password);
    await page.goto(`${proxy.url}/admin/merchants`);
    await page.locator(`tr[data-merchant="${shop.id}"]`).getByRole('button', { name: 'Verify' }).click();
    const merchant = stack.client(shop.key);
    await expect.poll(async () => (await expectResponse(await merchant.v1.merchant.$get(), 200)).verified).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('believes X-Forwarded-For only from the trusted proxy: a forged one never reaches the audit log', async () => {
    const signInFrom = (url: string, localAddress: string) =>
      rawRequest(`${url}/admin/sign-in`, {
        method: 'POST',
        localAddress,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': FORGED,
          'x-forwarded-proto': 'https',
          forwarded: `for=${FORGED};proto=https`,
        },
        body: new URLSearchParams({ email: ADMIN.email, password: ADMIN.password }).toString(),
      });
    // Through the proxy from a client at 127.0.0.7: the address the proxy saw is the one believed.
    const through = await signInFrom(proxy.url, '127.0.0.7');
    expect(through.status).toBe(303);
    expect(through.headers['set-cookie']?.[0]).toMatch(/; Secure/);
    // Straight to the API from 127.0.0.5, which is no trusted proxy: its headers are its own word only.
    expect((await signInFrom(apiUrl, '127.0.0.5')).status).toBe(303);
    expect((await signInsOf(ADMIN.email)).slice(-2)).toEqual(['127.0.0.7', '127.0.0.5']);
    const forged = await query(
      databaseUrl(),
      'SELECT ip FROM app.audit_log WHERE ip = $1 UNION ALL SELECT ip FROM app.console_session WHERE ip = $1',
      [FORGED],
    );
    expect(forged).toEqual([]);
  });

  it('refuses a form posted from another site', async () => {
    const foreign = await proxy.request('/admin/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ email: ADMIN.email, password: ADMIN.password }).toString(),
    });
    expect(foreign.status).toBe(403);
  });
});
