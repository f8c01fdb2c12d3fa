// The admin console in Chromium, over the real stack (API, indexer, `npm run worker` with an arbiter key):
// an admin verifies a new merchant, then rules on a buyer's dispute; the worker's arbiter signer sends the
// ruling, and the split shows in the admin console, in the merchant's dashboard and on the buyer's
// receipt. Each change is in the audit log, which the console shows and exports.
import type { InferRequestType } from 'hono/client';
import type { Browser, Page } from 'playwright-core';
import { formatEther, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PmtClient } from '../../api/client.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { createAdmin } from '../../lib/console/users.js';
import { connectDb } from '../../lib/db/client.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../harness/apiStack.js';
import { launchBrowser } from '../harness/browser.js';
import { type ConsolePages, consolePages, signIn } from '../harness/consoles.js';
import { testWallet } from '../harness/testWallet.js';
import { expectStatus } from '../harness/typedClient.js';
import { type TestWorkers, testWorkers } from '../harness/worker.js';

const ADMIN = { email: 'arbiter@gateway.test', password: 'a long admin passphrase' };
const PASSWORD = 'correct horse battery staple';

let stack: ApiStack;
let workers: TestWorkers;
let browser: Browser;
let shop: TestMerchant;
let pages: ConsolePages;

beforeAll(async () => {
  stack = await startApiStack();
  workers = await testWorkers(stack);
  await workers.start('worker');
  shop = await stack.merchant({ holdPeriodSeconds: 3_600 });
  const connection = connectDb(stack.api.services.config.databaseUrl, { max: 1 });
  try {
    const made = await createAdmin(connection.db, ADMIN);
    if (!made.ok) throw new Error(made.problem);
  } finally {
    await connection.close();
  }
  browser = await launchBrowser();
  pages = consolePages(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await workers?.stop();
  await stack?.stop();
});

type IntentCreate = InferRequestType<PmtClient['v1']['payment_intents']['$post']>['json'];

const createIntent = async (json: IntentCreate) =>
  expectStatus(await shop.client.v1.payment_intents.$post({ json, header: {} }), 200);
const disputesOf = async (intentId: string, query: { status?: 'all' }) =>
  (
    await expectStatus(
      await stack.client(stack.adminKey).v1.admin.disputes.$get({ query: { payment_intent: intentId, ...query } }),
      200,
    )
  ).data;

let admin: Page;

it('an admin verifies a new merchant, and the audit log says who did it', async () => {
  admin = await pages.open();
  await signIn(admin, `${stack.url}/admin`, ADMIN.email, ADMIN.password);
  const row = admin.locator(`tr[data-merchant="${shop.id}"]`);
  expect(await row.textContent()).toContain('unverified');
  await pages.screenshot(admin, 'admin-merchants');
  await row.getByRole('button', { name: 'Verify' }).click();
  await expect.poll(() => admin.locator(`tr[data-merchant="${shop.id}"]`).textContent()).toMatch(/\bverified\b/);
  expect(await admin.locator(`tr[data-merchant="${shop.id}"]`).textContent()).not.toContain('unverified');
  expect((await expectStatus(await shop.client.v1.merchant.$get(), 200)).verified).toBe(true);

  await admin.getByRole('link', { name: 'Audit log' }).click();
  const entry = admin.locator('tr[data-action="merchant.update"]', { hasText: shop.id });
  expect(await entry.textContent()).toContain('verified: false → true');
  const csv = await admin.request.get(`${stack.url}/admin/audit.csv?merchant=${shop.id}`);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split('\n');
  expect(lines[0]).toBe('id,at,actor_kind,actor,merchant,action,target,before,after,ip,user_agent');
  expect(lines.filter((line) => line.includes('merchant.update'))).toHaveLength(1);
  expect(lines.find((line) => line.includes('merchant.update'))).toContain(',console_user,usr_');
  expect(pages.errors).toEqual([]);
}, 60_000);

it('an admin rules on a dispute, and the admin console, the dashboard and the receipt show the split', async () => {
  const created = await createIntent({ amount: 2_000, currency: 'USD', description: 'Order 2001' });
  await stack.pay(created);
  const paid = await stack.waitForIntent(shop, created.id, (intent) => intent.status === 'succeeded');
  await stack.openDispute(paid);
  await stack.waitForIntent(shop, paid.id, (intent) => intent.status === 'disputed');

  await admin.getByRole('link', { name: 'Disputes' }).click();
  const card = admin.locator(`[data-dispute="${paid.id}"]`);
  expect(await card.textContent()).toContain('Order 2001');
  await card.getByLabel('Add a note').fill('Buyer sent photos of a cracked case.');
  await card.getByRole('button', { name: 'Add note' }).click();
  await expect
    .poll(() => admin.locator(`[data-dispute="${paid.id}"] li[data-note]`).textContent())
    .toMatch(/usr_\w+: Buyer sent photos of a cracked case\.$/);
  await pages.screenshot(admin, 'admin-disputes');
  const toBuyer = BigInt(paid.amount_crypto) / 4n;
  await card.getByLabel(/^Back to the buyer/).fill(formatEther(toBuyer));
  await card.getByLabel('Note', { exact: true }).fill('Item arrived damaged; a quarter back.');
  await card.getByRole('button', { name: 'Send ruling' }).click();
  await expect
    .poll(() => admin.locator(`[data-dispute="${paid.id}"] [data-outcome]`).textContent(), {
      timeout: 60_000,
      interval: 500,
      message: 'the ruling is sent and indexed',
    })
    .toContain(`${formatEther(toBuyer)} ETH back to the buyer`);
  expect(await admin.locator(`[data-dispute="${paid.id}"]`).textContent()).toContain('succeeded');
  await pages.screenshot(admin, 'admin-dispute-settled');

  const settled = await expectStatus(await shop.client.v1.payment_intents[':id'].$get({ param: { id: paid.id } }), 200);
  expect(settled.payment?.dispute_resolution?.buyer_amount).toBe(toBuyer.toString());

  const merchant = await pages.open();
  await merchant.goto(shop.inviteUrl);
  await merchant.getByLabel('New password').fill(PASSWORD);
  await merchant.getByLabel('The same again').fill(PASSWORD);
  await merchant.getByRole('button', { name: 'Set password' }).click();
  await signIn(merchant, `${stack.url}/console`, shop.email, PASSWORD);
  await merchant.goto(`${stack.url}/console/payments/${paid.id}`);
  expect(await merchant.locator('ol.timeline').textContent()).toContain(
    `Dispute settled: ${formatEther(toBuyer)} ETH back to the buyer`,
  );

  const receipt = await pages.open();
  await receipt.goto(paid.checkout_url);
  await expect
    .poll(() => receipt.locator('[data-event="dispute_settled"]').textContent(), { timeout: 20_000 })
    .toContain(
      `${formatEther(toBuyer)} ETH back to you, ${formatEther(BigInt(paid.amount_crypto) - toBuyer)} ETH to the merchant`,
    );

  // The operator sees the same payment page, across merchants, with nothing to change on it.
  await admin.getByRole('link', { name: 'Payments' }).click();
  await admin.getByLabel('Search').fill(paid.id);
  await admin.getByRole('button', { name: 'Filter' }).click();
  await admin.getByRole('link', { name: paid.id }).click();
  expect(await admin.locator('ol.timeline').textContent()).toContain(
    `Dispute settled: ${formatEther(toBuyer)} ETH back to the buyer`,
  );
  expect(await admin.getByRole('button', { name: 'Refund' }).count()).toBe(0);

  await admin.getByRole('link', { name: 'Audit log' }).click();
  expect(await admin.locator('tr[data-action="dispute.resolve"]', { hasText: paid.id }).count()).toBe(1);
  expect(await admin.locator('tr[data-action="dispute.note"]', { hasText: paid.id }).count()).toBe(1);
  expect(pages.errors).toEqual([]);
}, 120_000);

it('an admin rules from an arbiter wallet in the browser, and the gateway records the mined ruling', async () => {
  const created = await createIntent({ amount: 1_500, currency: 'USD' });
  await stack.pay(created);
  const paid = await stack.waitForIntent(shop, created.id, (intent) => intent.status === 'succeeded');
  await stack.openDispute(paid);
  await stack.waitForIntent(shop, paid.id, (intent) => intent.status === 'disputed');

  // First from a wallet without the arbiter role: the escrow refuses, and nothing is recorded.
  const outsider = privateKeyToAccount(generatePrivateKey());
  await stack.buyer.request({
    method: 'anvil_setBalance' as never,
    params: [outsider.address, `0x${parseEther('1').toString(16)}`] as never,
  });
  const { rpcUrl } = stack.api.services.defaultNetwork.network;
  const page = await pages.open();
  await testWallet({ rpcUrl, chainId: stack.chain.id, account: outsider }).install(page);
  await signIn(page, `${stack.url}/admin`, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: 'Disputes' }).click();
  const card = page.locator(`[data-dispute="${paid.id}"]`);
  const toBuyer = BigInt(paid.amount_crypto) / 3n;
  await card.getByLabel(/^Back to the buyer/).fill(formatEther(toBuyer));
  await card.getByRole('button', { name: 'Rule from my wallet' }).click();
  await expect.poll(() => card.locator('[data-wallet-status]').textContent()).toMatch(/refused|failed/);
  expect((await disputesOf(paid.id, {}))[0]?.ruling).toBeNull();

  // Then from the arbiter's own wallet.
  const arbiter = await pages.open();
  await testWallet({ rpcUrl, chainId: stack.chain.id, account: devAccounts.arbiter }).install(arbiter);
  await signIn(arbiter, `${stack.url}/admin`, ADMIN.email, ADMIN.password);
  await arbiter.getByRole('link', { name: 'Disputes' }).click();
  const arbiterCard = arbiter.locator(`[data-dispute="${paid.id}"]`);
  await arbiterCard.getByLabel(/^Back to the buyer/).fill(formatEther(toBuyer));
  await arbiterCard.getByLabel('Note', { exact: true }).fill('Ruled from the arbiter wallet.');
  await arbiterCard.getByRole('button', { name: 'Rule from my wallet' }).click();
  // The island waits for the transaction to be mined, then posts it: the page comes back with the ruling.
  await expect
    .poll(() => arbiter.locator(`[data-dispute="${paid.id}"]`).textContent(), {
      timeout: 30_000,
      message: 'the wallet ruling is recorded',
    })
    .toContain('Ruled from the arbiter wallet.');
  await expect
    .poll(
      async () => {
        await arbiter.reload();
        return arbiter.locator(`[data-dispute="${paid.id}"] [data-outcome]`).textContent();
      },
      { timeout: 30_000, interval: 500, message: 'the wallet ruling is indexed' },
    )
    .toContain(`${formatEther(toBuyer)} ETH back to the buyer`);
  const dispute = (await disputesOf(paid.id, { status: 'all' }))[0]!;
  expect(dispute.ruling).toMatchObject({
    sent_by: 'wallet',
    status: 'succeeded',
    buyer_amount: toBuyer.toString(),
    note: 'Ruled from the arbiter wallet.',
    decided_by: expect.stringMatching(/^usr_/),
  });
  expect(dispute.outcome?.buyer_amount).toBe(toBuyer.toString());

  // The same transaction recorded again is the same ruling; another payment's transaction is refused.
  const record = (id: string) =>
    stack.client(stack.adminKey).v1.admin.payment_intents[':id'].record_ruling.$post({
      param: { id },
      json: { transaction_hash: dispute.ruling!.transaction_hash! },
      header: {},
    });
  expect((await expectStatus(await record(paid.id), 200)).id).toBe(dispute.ruling!.id);
  const other = await createIntent({ amount: 100, currency: 'USD' });
  const wrong = await expectStatus(await record(other.id), 400);
  expect(wrong.error.code).toBe('ruling_transaction_invalid');

  await arbiter.getByRole('link', { name: 'Audit log' }).click();
  expect(await arbiter.locator('tr[data-action="dispute.record_wallet_ruling"]', { hasText: paid.id }).count()).toBe(1);
  expect(pages.errors).toEqual([]);
}, 120_000);

it('operations: pause state, signers, a manual payout run, and solvency turning red when the escrow is short', async () => {
  await admin.getByRole('link', { name: 'Operations' }).click();
  const network = admin.locator('section[data-network="anvil"]');
  expect(await network.locator('dl').textContent()).toContain('running');
  const native = network.locator('tr[data-solvency="native"]');
  expect(await native.getAttribute('class')).toBe('');
  const signers = await network.locator('table', { hasText: 'Role' }).textContent();
  expect(signers).toContain('operator');
  expect(signers).toContain(workers.keeper);
  await admin.getByRole('button', { name: 'Run payouts now' }).click();
  await admin.waitForURL(/\/admin\/operations$/);
  // The run's payouts leave the escrow when its job runs: wait for it, or they would race the balance below.
  await workers.drained('payouts__run');
  await pages.screenshot(admin, 'admin-operations');

  // Take wei out of the escrow behind its back: what it holds no longer covers what it owes.
  const { escrowAddress } = stack.deployment;
  const held = await stack.publicClient.getBalance({ address: escrowAddress });
  await stack.buyer.request({
    method: 'anvil_setBalance' as never,
    params: [escrowAddress, `0x${(held - 1n).toString(16)}`] as never,
  });
  await admin.reload();
  expect(await native.getAttribute('class')).toBe('short');
  expect(await native.textContent()).toContain('short 0.000000000000000001 ETH');
  await stack.buyer.request({
    method: 'anvil_setBalance' as never,
    params: [escrowAddress, `0x${held.toString(16)}`] as never,
  });
  await admin.getByRole('link', { name: 'Audit log' }).click();
  expect(await admin.locator('tr[data-action="job.run"]', { hasText: 'payouts__run' }).count()).toBe(1);
  expect(pages.errors).toEqual([]);
}, 60_000);
