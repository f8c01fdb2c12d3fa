// The checkout with tokens (a permit token pays in one transaction, a plain one approves first), the
// receipt's dispute and its outcome, an intent that expired, and the widget on a merchant's own origin.
import { formatEther } from 'viem';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../../abis/index.js';
import { escrowPaymentOf } from '../../api/client.js';
import { type DemoShop, startDemoShop } from '../../devkit/demoShop.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { freePort } from '../../devkit/freePort.js';
import { confirmed, walletClientFor } from '../../lib/chain.js';
import { type CheckoutRig, expectStatus, screenshot, startCheckoutRig } from '../harness/checkout.js';

let rig: CheckoutRig;
let shop: DemoShop;

beforeAll(async () => {
  rig = await startCheckoutRig();
  shop = await startDemoShop({
    apiUrl: rig.stack.url,
    browserApiUrl: rig.stack.url,
    merchantKey: rig.merchant.key,
    port: await freePort(),
  });
}, 120_000);
afterEach(() => {
  expect(rig.pageErrors.splice(0)).toEqual([]);
});
afterAll(async () => {
  await shop?.close();
  await rig?.stop();
});

const transactions = (calls: string[]) => calls.filter((method) => method === 'eth_sendTransaction').length;

it('pays a permit token with one signature and one transaction', async () => {
  const intent = await rig.createIntent({ asset: rig.stack.deployment.tokenAddress });
  const wallet = await rig.buyer();
  const page = await rig.page(wallet);
  await page.goto(intent.checkout_url);
  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expectStatus(page, 'succeeded');
  expect(wallet.calls.filter((method) => method === 'eth_signTypedData_v4')).toHaveLength(1);
  expect(transactions(wallet.calls)).toBe(1);
});

it('approves, then pays, a token without permit, showing both steps', async () => {
  // The dev price table has no rate for pUSD: ask for an exact amount (12.5 pUSD).
  const intent = await rig.createIntent({
    amount: undefined,
    currency: undefined,
    amount_crypto: '12500000',
    asset: rig.plainToken,
  });
  const wallet = await rig.buyer();
  const page = await rig.page(wallet);
  await page.goto(intent.checkout_url);
  // Hold the blocks, to see the page while each transaction is pending.
  await rig.testClient.setAutomine(false);
  try {
    await page.getByRole('button', { name: 'Test Wallet' }).click();
    for (const step of ['approve', 'pay']) {
      const current = page.locator(`.steps li[data-step="${step}"][aria-current="step"] [data-testid="tx-hash"]`);
      await expect.poll(() => current.count(), { message: `${step} is pending` }).toBe(1);
      await screenshot(page, `pending-${step}`);
      await rig.testClient.mine({ blocks: 1 });
    }
  } finally {
    await rig.testClient.setAutomine(true);
  }
  await expectStatus(page, 'succeeded');
  expect(wallet.calls).not.toContain('eth_signTypedData_v4');
  expect(transactions(wallet.calls)).toBe(2);
});

it('opens a dispute from the receipt and shows the arbiter’s ruling', async () => {
  const intent = await rig.createIntent();
  const page = await rig.page(await rig.buyer());
  await page.goto(intent.checkout_url);
  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expectStatus(page, 'succeeded');
  await page.getByRole('button', { name: 'Report a problem' }).click();
  await expect.poll(() => page.locator('[data-event="disputed"]').count(), { timeout: 20_000 }).toBe(1);
  await expectStatus(page, 'disputed');
  await screenshot(page, 'disputed');
  expect(await page.getByRole('button', { name: 'Report a problem' }).count()).toBe(0);

  const paid = await rig.stack.waitForIntent(rig.merchant, intent.id, (body) => body.status === 'disputed');
  const arbiter = walletClientFor(rig.stack.chain, devAccounts.arbiter);
  const half = BigInt(paid.amount_crypto) / 2n;
  await confirmed(
    arbiter,
    arbiter.writeContract({
      address: rig.stack.deployment.escrowAddress,
      abi: pmtEscrowAbi,
      functionName: 'resolveDispute',
      args: [escrowPaymentOf(paid), half],
    }),
  );
  await expect.poll(() => page.locator('[data-event="dispute_settled"]').count(), { timeout: 20_000 }).toBe(1);
  expect(await page.locator('[data-event="dispute_settled"]').textContent()).toBe(
    `The dispute is settled: ${formatEther(BigInt(paid.amount_crypto) - half)} ETH back to you, ${formatEther(half)} ETH to the merchant.`,
  );
  await expect.poll(() => page.locator('[data-event="refunded"]').count()).toBe(1);
  await screenshot(page, 'dispute-settled');
});

it('shows an expired intent as closed, with the way back to the merchant', async () => {
  const intent = await rig.createIntent({ return_url: 'https://shop.example/orders/1001' });
  const page = await rig.page(await rig.buyer());
  await page.goto(intent.checkout_url);
  await expectStatus(page, 'requires_payment');
  await rig.stack.skipChainTime(intent.expires_at - intent.created + 60);
  await expectStatus(page, 'expired');
  expect(await page.getByRole('button', { name: 'Test Wallet' }).count()).toBe(0);
  const back = page.getByRole('link', { name: /^Back to / });
  expect(await back.getAttribute('href')).toBe(
    `https://shop.example/orders/1001?payment_intent=${intent.id}&status=expired`,
  );
  await screenshot(page, 'expired');
});

it('works as a widget on the merchant’s own origin and tells the page through DOM events', async () => {
  const page = await rig.page(await rig.buyer());
  await page.goto(`${shop.url}/widget`);
  expect(new URL(page.url()).origin).not.toBe(new URL(rig.stack.url).origin);
  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expectStatus(page, 'succeeded');
  await expect.poll(() => page.locator('#events li').allTextContents()).toContain('pmt:succeeded succeeded');
  await screenshot(page, 'widget-embedded');
  await page.getByRole('link', { name: /^Back to / }).click();
  await page.waitForURL(`${shop.url}/return?**`);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
  expect(await page.locator('#status').innerText()).toBe('succeeded');
});
