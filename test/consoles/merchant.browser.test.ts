// The merchant dashboard in Chromium, over the real stack (API, indexer, `npm run worker`): the merchant
// onboarded by the operator follows its invitation link, sets a password and signs in; it finds the
// seeded demo orders, searches and exports them, refunds part of one, and sees the refund pending, then
// confirmed once the indexer has the escrow's event; the change is in the audit log. Another merchant's
// user sees none of it.
import type { Browser, Page } from 'playwright-core';
import { formatEther, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SeededPayment, seedDemoPayments } from '../../devkit/demoPayments.js';
import { startWebhookReceiver } from '../../devkit/webhookReceiver.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../harness/apiStack.js';
import { launchBrowser } from '../harness/browser.js';
import { type ConsolePages, consolePages } from '../harness/consoles.js';
import { query } from '../harness/indexer.js';
import { testWallet } from '../harness/testWallet.js';
import { expectStatus } from '../harness/typedClient.js';
import { type TestWorkers, testWorkers } from '../harness/worker.js';

const PASSWORD = 'correct horse battery staple';

let stack: ApiStack;
let workers: TestWorkers;
let browser: Browser;
let shop: TestMerchant;
let seeded: SeededPayment[];
let merchantPage: Page;
let pages: ConsolePages;

beforeAll(async () => {
  stack = await startApiStack();
  workers = await testWorkers(stack, { WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true', OUTBOX_INTERVAL_MS: '100' });
  await workers.start('worker');
  shop = await stack.merchant({ holdPeriodSeconds: 3_600 });
  seeded = await seedDemoPayments({
    apiUrl: stack.url,
    merchantKey: shop.key,
    buyers: [{ network: 'anvil', wallet: stack.buyer }],
  });
  for (const order of seeded.filter((order) => order.paid)) {
    await stack.waitForIntent(shop, order.id, (intent) => intent.status === 'succeeded');
  }
  browser = await launchBrowser();
  pages = consolePages(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await workers?.stop();
  await stack?.stop();
});

const getIntent = async (id: string) =>
  expectStatus(await shop.client.v1.payment_intents[':id'].$get({ param: { id } }), 200);
const createIntent = async (amount: number) =>
  expectStatus(await shop.client.v1.payment_intents.$post({ json: { amount, currency: 'USD' }, header: {} }), 200);
const getMerchant = async () => expectStatus(await shop.client.v1.merchant.$get(), 200);
/** The status GET /v1/merchant answers with `key`: 200 while the key works, 401 once it does not. */
const merchantStatus = async (key: string) => (await stack.client(key).v1.merchant.$get()).status;

/** Follows the onboarding's invitation link, sets the password, and signs in with it. */
async function acceptInvitation(page: Page, merchant: TestMerchant) {
  await page.goto(merchant.inviteUrl);
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('The same again').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect.poll(() => page.getByRole('status').textContent()).toContain('Your password is set');
  await page.getByLabel('Email').fill(merchant.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\/payments$/);
}

const rowOf = (page: Page, intentId: string) => page.locator('tbody tr', { hasText: intentId });

it('a merchant user signs in, finds the seeded orders, and refunds part of one until the chain confirms it', async () => {
  const page = await pages.open();
  merchantPage = page;
  await acceptInvitation(page, shop);
  const [first, second, unpaid] = seeded as [SeededPayment, SeededPayment, SeededPayment];
  await expect.poll(() => rowOf(page, first.id).textContent()).toContain('succeeded');
  expect(await rowOf(page, second.id).textContent()).toContain(`Order ${second.orderId}: 1 × Hoodie`);
  expect(await rowOf(page, unpaid.id).textContent()).toContain('requires payment');
  await pages.screenshot(page, 'payments');

  // Search by a metadata value, then by the escrowing transaction's hash.
  await page.getByLabel('Search').fill(second.orderId);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
  expect(await rowOf(page, second.id).count()).toBe(1);
  // Paid in the seeding, so its payment is there.
  const firstPayment = (await getIntent(first.id)).payment!;
  await page.getByLabel('Search').fill(firstPayment.escrowed.tx_hash.toUpperCase().replace('0X', '0x'));
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
  expect(await rowOf(page, first.id).count()).toBe(1);
  await page.getByLabel('Status').selectOption('requires_payment');
  await page.getByLabel('Search').fill('');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
  expect(await rowOf(page, unpaid.id).count()).toBe(1);

  const csv = await page.request.get(`${stack.url}/console/payments.csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split('\n');
  expect(lines[0]).toMatch(/^id,status,network,chain_id,created,amount_minor,currency,asset/);
  expect(lines).toHaveLength(4);
  expect(lines.find((line) => line.startsWith(first.id))).toContain(`,succeeded,anvil,31337,`);

  // Refund a third of the first order.
  await page.goto(`${stack.url}/console/payments/${first.id}`);
  const escrowed = BigInt(firstPayment.amount_escrowed);
  const part = escrowed / 3n;
  await page.getByLabel(/^Amount in ETH/).fill(formatEther(part));
  await page.getByLabel('Reason').selectOption('requested_by_customer');
  await page.getByRole('button', { name: 'Refund' }).click();
  const refundRow = page.locator('tr[data-refund]');
  await expect.poll(() => refundRow.count()).toBe(1);
  const refundId = await refundRow.getAttribute('data-refund');
  await pages.screenshot(page, 'refund-pending');
  // The page reloads itself while the refund is pending; the keeper sends it, the indexer sees it.
  await expect
    .poll(() => refundRow.textContent(), { timeout: 60_000, interval: 500, message: 'the refund shows succeeded' })
    .toContain('succeeded');
  expect(await page.locator('h2').textContent()).toContain('partially refunded');
  expect(await page.locator('ol.timeline').textContent()).toContain(`Refunded ${formatEther(part)} ETH`);
  await pages.screenshot(page, 'payment');

  const after = await getIntent(first.id);
  expect(after.status).toBe('partially_refunded');
  expect(after.amount_refunded).toBe(part.toString());
  const audit = await query<{ action: string; target: string; before: any; after: any }>(
    stack.api.services.config.databaseUrl,
    `SELECT action, target, before, after FROM app.audit_log WHERE merchant_id = $1 AND action = 'refund.create'`,
    [shop.id],
  );
  expect(audit).toEqual([
    {
      action: 'refund.create',
      target: refundId,
      before: expect.objectContaining({ payment_intent: first.id, status: 'succeeded', amount_refunded: '0' }),
      after: expect.objectContaining({ id: refundId, amount: part.toString(), status: 'pending' }),
    },
  ]);

  // A refund larger than what is left is refused with the API's own reason, and nothing is written.
  await page.getByLabel(/^Amount in ETH/).fill(formatEther(escrowed));
  await page.getByRole('button', { name: 'Refund' }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/exceeds what can still be refunded/);
  expect(await page.locator('tr[data-refund]').count()).toBe(1);

  await page.getByRole('link', { name: 'Balance' }).click();
  const native = page.locator('tr[data-asset="native"]');
  const paidIn = BigInt(after.amount_crypto) + BigInt((await getIntent(second.id)).amount_crypto);
  expect(await native.textContent()).toContain(`${formatEther(paidIn - part)} ETH`);
  await pages.screenshot(page, 'balance');
  expect(pages.errors).toEqual([]);
}, 180_000);

it('analytics: the seeded orders drawn per asset by the chart island, over a table of the exact figures', async () => {
  const page = merchantPage;
  await page.getByRole('link', { name: 'Analytics' }).click();
  const paid = await Promise.all(seeded.filter((order) => order.paid).map((order) => getIntent(order.id)));
  const native = page.locator('section[data-asset="native"]');
  expect(await native.locator('[data-total="intents"]').textContent()).toBe(
    `${paid.length} paid of ${seeded.length} created`,
  );
  const volume = paid.reduce((total, intent) => total + BigInt(intent.amount_crypto), 0n);
  expect(await native.locator('[data-total="volume"]').textContent()).toBe(`${formatEther(volume)} ETH`);
  // Three charts, each drawn (a canvas and a legend naming its series).
  await expect.poll(() => native.locator('figure[data-drawn] canvas').count()).toBe(3);
  expect(await native.locator('figure .u-legend').first().textContent()).toMatch(/Volume.*Fees/);
  const today = native.locator('tbody tr').last();
  expect(await today.textContent()).toContain(`${formatEther(volume)} ETH`);
  await pages.screenshot(page, 'analytics');

  await page.getByLabel('Buckets').selectOption('hour');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect.poll(() => native.locator('tbody tr').last().textContent()).toMatch(/UTC/);
  expect(await native.locator('[data-total="volume"]').textContent()).toBe(`${formatEther(volume)} ETH`);
  expect(pages.errors).toEqual([]);
});

it('settings: keys shown once, rolled and revoked, and a webhook endpoint whose deliveries can be sent again', async () => {
  const page = merchantPage;
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Name').fill('reporting');
  await page.getByRole('button', { name: 'Create key' }).click();
  const created = await page.locator('[data-secret]').textContent();
  expect(created).toMatch(/^sk_test_/);
  expect(await merchantStatus(created!)).toBe(200);
  // The page that showed it, loaded again (the form posted again): the key is not made twice nor shown again.
  await page.reload();
  expect(await page.locator('[data-secret]').count(), 'a secret is shown once').toBe(0);
  expect(await page.locator('tr[data-key]', { hasText: 'reporting' }).count()).toBe(1);
  const row = page.locator('tr[data-key]', { hasText: 'reporting' });
  await row.getByRole('button', { name: 'Roll' }).click();
  const rolled = await page.locator('[data-secret]').textContent();
  expect(rolled).toMatch(/^sk_test_/);
  expect(await merchantStatus(created!), 'rolled at once').toBe(401);
  expect(await merchantStatus(rolled!)).toBe(200);
  await page
    .locator('tr[data-key]', { hasText: 'reporting' })
    .filter({ hasNotText: 'revoked' })
    .first()
    .getByRole('button', { name: 'Revoke' })
    .click();
  expect(await merchantStatus(rolled!)).toBe(401);

  const receiver = await startWebhookReceiver();
  try {
    await page.getByLabel('URL').fill(receiver.url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    receiver.secret = (await page.locator('[data-secret]').textContent())!;
    expect(receiver.secret).toMatch(/^whsec_/);
    const intent = await createIntent(500);
    await stack.pay(intent);
    await expect
      .poll(() => receiver.received.filter((hook) => hook.event.data.object.id === intent.id && hook.verified).length, {
        timeout: 30_000,
      })
      .toBe(1);
    await page.locator('tr[data-endpoint] a').click();
    const delivery = page.locator('tr[data-delivery]', { hasText: 'payment_intent.succeeded' });
    expect(await delivery.textContent()).toContain('delivered');
    await delivery.getByRole('button', { name: 'Redeliver' }).click();
    await expect
      .poll(() => receiver.received.filter((hook) => hook.event.data.object.id === intent.id).length, {
        timeout: 30_000,
      })
      .toBe(2);
    await pages.screenshot(page, 'deliveries');

    // The payment's own page lists the deliveries of its events, the redelivery's attempt included.
    await page.goto(`${stack.url}/console/payments/${intent.id}`);
    const own = page.locator('tr[data-delivery]', { hasText: 'payment_intent.succeeded' });
    expect(await own.textContent()).toContain(receiver.url);
    expect(await own.textContent()).toContain('delivered');
    expect(await own.locator('div').count()).toBe(2);
    const other = await expectStatus(
      await shop.client.v1.webhook_deliveries.$get({ query: { payment_intent: seeded[0]!.id } }),
      200,
    );
    expect(other.data, "deliveries of another intent's events").toEqual([]);
  } finally {
    await receiver.close();
  }
  const actions = await query<{ action: string }>(
    stack.api.services.config.databaseUrl,
    'SELECT action FROM app.audit_log WHERE merchant_id = $1 ORDER BY at',
    [shop.id],
  );
  expect(actions.map((row) => row.action)).toEqual(
    expect.arrayContaining([
      'api_key.create',
      'api_key.roll',
      'api_key.revoke',
      'webhook_endpoint.create',
      'event.redeliver',
    ]),
  );
  const secrets = await query<{ n: string }>(
    stack.api.services.config.databaseUrl,
    "SELECT count(*) AS n FROM app.audit_log WHERE after::text ~ '(sk_(test|live)|whsec)_[0-9A-Za-z]{20}'",
  );
  expect(secrets[0]!.n, 'no secret in the audit log').toBe('0');
  expect(pages.errors).toEqual([]);
}, 120_000);

it('sets the payout wallet with its own signature, then withdraws its balance from the browser', async () => {
  const account = privateKeyToAccount(generatePrivateKey());
  const { rpcUrl } = stack.api.services.defaultNetwork.network;
  await stack.buyer.request({
    method: 'anvil_setBalance' as never,
    params: [account.address, `0x${parseEther('10').toString(16)}`] as never,
  });
  const wallet = testWallet({ rpcUrl, chainId: stack.chain.id, account });
  const page = await pages.open();
  await wallet.install(page);
  await page.goto(`${stack.url}/console/sign-in`);
  await page.getByLabel('Email').fill(shop.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Settings' }).click();

  // A signature by another key is refused, and the wallet stays as it was.
  const form = page.locator('form[data-wallet-proof]');
  const stranger = privateKeyToAccount(generatePrivateKey());
  const message = (await form.getAttribute('data-wallet-proof'))!.replaceAll('{address}', account.address);
  const forged = await page.request.post(`${stack.url}/console/settings/wallet`, {
    headers: { origin: stack.url },
    form: {
      _csrf: (await form.locator('input[name="_csrf"]').inputValue())!,
      issued: await form.locator('input[name="issued"]').inputValue(),
      address: account.address,
      signature: await stranger.signMessage({ message }),
    },
  });
  expect(forged.status()).toBe(400);
  expect(await forged.text()).toContain(`That signature is not ${account.address}’s`);
  expect((await getMerchant()).payout_address).not.toBe(account.address);

  await page.getByRole('button', { name: 'Set payout wallet from my wallet' }).click();
  await expect.poll(() => page.locator('[data-payout-wallet]').textContent()).toContain(account.address);
  expect(wallet.calls).toContain('personal_sign');
  expect((await getMerchant()).payout_address).toBe(account.address);

  // A payment to the new wallet, released early by its buyer: the wallet has a balance to withdraw.
  const intent = await createIntent(1_000);
  expect(intent.payout_address).toBe(account.address);
  await stack.pay(intent);
  const paid = await stack.waitForIntent(shop, intent.id, (body) => body.status === 'succeeded');
  await stack.release(paid);
  await expect
    // Paid, so its payment is there: only `released` is waited for.
    .poll(async () => (await getIntent(intent.id)).payment!.released, {
      timeout: 20_000,
    })
    .not.toBeNull();
  await page.getByRole('link', { name: 'Balance' }).click();
  await page.getByRole('button', { name: 'Withdraw now' }).click();
  await expect
    .poll(() => page.locator('[data-withdraw-row] [data-wallet-status]').textContent())
    .toContain('Withdrawal sent');
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator('tr', { hasText: 'withdrawal' }).count();
      },
      { timeout: 30_000, interval: 1_000 },
    )
    .toBe(1);
  expect(await page.locator('tr', { hasText: 'withdrawal' }).textContent()).toContain(account.address);
  await pages.screenshot(page, 'withdrawn');
  expect(pages.errors).toEqual([]);
}, 120_000);

it("another merchant's user sees none of it", async () => {
  const other = await stack.merchant();
  const page = await pages.open();
  await acceptInvitation(page, other);
  expect(await page.locator('tbody tr').count()).toBe(0);
  const [first] = seeded as [SeededPayment];
  const detail = await page.goto(`${stack.url}/console/payments/${first.id}`);
  expect(detail?.status()).toBe(404);
  expect(await page.textContent('body')).not.toContain(first.orderId);
  const refund = await page.request.post(`${stack.url}/console/payments/${first.id}/refunds`, {
    form: { _csrf: 'x', amount: '0.001' },
  });
  expect(refund.status()).toBe(403);
  const csv = await (await page.request.get(`${stack.url}/console/payments.csv`)).text();
  expect(csv.trim().split('\n')).toHaveLength(1);
}, 60_000);
