// The merchant dashboard in Chromium, over the real stack (API, indexer, `npm run worker`): the merchant
// onboarded by the operator follows its invitation link, sets a password and signs in; it finds the
// seeded demo orders, searches and exports them, refunds part of one, and sees the refund pending, then
// confirmed once the indexer has the escrow's event; the change is in the audit log. Another merchant's
// user sees none of it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { formatEther } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SeededPayment, seedDemoPayments } from '../../devkit/demoPayments.js';
import { projectRoot } from '../../lib/projectRoot.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../harness/apiStack.js';
import { launchBrowser } from '../harness/browser.js';
import { query } from '../harness/indexer.js';
import { type TestWorkers, testWorkers } from '../harness/worker.js';

const screenshotDir = join(projectRoot, 'test-artifacts', 'console');
const PASSWORD = 'correct horse battery staple';

let stack: ApiStack;
let workers: TestWorkers;
let browser: Browser;
let shop: TestMerchant;
let seeded: SeededPayment[];
/** Uncaught exceptions and Content-Security-Policy refusals on any page; none are expected. */
const pageErrors: string[] = [];

beforeAll(async () => {
  stack = await startApiStack();
  workers = await testWorkers(stack);
  await workers.start('worker');
  shop = await stack.merchant({ holdPeriodSeconds: 3_600 });
  seeded = await seedDemoPayments({ apiUrl: stack.url, merchantKey: shop.key, buyer: stack.buyer });
  for (const order of seeded.filter((order) => order.paid)) {
    await stack.waitForIntent(shop, order.id, (intent) => intent.status === 'succeeded');
  }
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await workers?.stop();
  await stack?.stop();
});

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

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
  const page = await newPage();
  await acceptInvitation(page, shop);
  const [first, second, unpaid] = seeded as [SeededPayment, SeededPayment, SeededPayment];
  await expect.poll(() => rowOf(page, first.id).textContent()).toContain('succeeded');
  expect(await rowOf(page, second.id).textContent()).toContain('Order 1002');
  expect(await rowOf(page, unpaid.id).textContent()).toContain('requires payment');
  await screenshot(page, 'payments');

  // Search by a metadata value, then by the escrowing transaction's hash.
  await page.getByLabel('Search').fill('1002');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
  expect(await rowOf(page, second.id).count()).toBe(1);
  const firstIntent = (await shop.call('GET', `/v1/payment_intents/${first.id}`)).body;
  await page.getByLabel('Search').fill(firstIntent.payment.escrowed.tx_hash.toUpperCase().replace('0X', '0x'));
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
  expect(lines[0]).toMatch(/^id,status,created,amount_minor,currency,asset/);
  expect(lines).toHaveLength(4);
  expect(lines.find((line) => line.startsWith(first.id))).toContain(`,succeeded,`);

  // Refund a third of the first order.
  await page.goto(`${stack.url}/console/payments/${first.id}`);
  const escrowed = BigInt(firstIntent.payment.amount_escrowed);
  const part = escrowed / 3n;
  await page.getByLabel(/^Amount in ETH/).fill(formatEther(part));
  await page.getByLabel('Reason').selectOption('requested_by_customer');
  await page.getByRole('button', { name: 'Refund' }).click();
  const refundRow = page.locator('tr[data-refund]');
  await expect.poll(() => refundRow.count()).toBe(1);
  const refundId = await refundRow.getAttribute('data-refund');
  await screenshot(page, 'refund-pending');
  // The page reloads itself while the refund is pending; the keeper sends it, the indexer sees it.
  await expect
    .poll(() => refundRow.textContent(), { timeout: 60_000, interval: 500, message: 'the refund shows succeeded' })
    .toContain('succeeded');
  expect(await page.locator('h2').textContent()).toContain('partially refunded');
  expect(await page.locator('ol.timeline').textContent()).toContain(`Refunded ${formatEther(part)} ETH`);
  await screenshot(page, 'payment');

  const after = (await shop.call('GET', `/v1/payment_intents/${first.id}`)).body;
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
  const paidIn =
    BigInt(after.amount_crypto) +
    BigInt((await shop.call('GET', `/v1/payment_intents/${second.id}`)).body.amount_crypto);
  expect(await native.textContent()).toContain(`${formatEther(paidIn - part)} ETH`);
  await screenshot(page, 'balance');
  expect(pageErrors).toEqual([]);
}, 180_000);

it("another merchant's user sees none of it", async () => {
  const other = await stack.merchant();
  const page = await newPage();
  await acceptInvitation(page, other);
  expect(await page.locator('tbody tr').count()).toBe(0);
  const [first] = seeded as [SeededPayment];
  const detail = await page.goto(`${stack.url}/console/payments/${first.id}`);
  expect(detail?.status()).toBe(404);
  expect(await page.textContent('body')).not.toContain('Order 1001');
  const refund = await page.request.post(`${stack.url}/console/payments/${first.id}/refunds`, {
    form: { _csrf: 'x', amount: '0.001' },
  });
  expect(refund.status()).toBe(403);
  const csv = await (await page.request.get(`${stack.url}/console/payments.csv`)).text();
  expect(csv.trim().split('\n')).toHaveLength(1);
}, 60_000);
