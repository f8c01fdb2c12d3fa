// The hosted checkout in Chromium, paid by a test wallet backed by an anvil key: the whole path from an
// intent made through the API to the receipt, and the ways a wallet makes the page work for it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CheckoutRig, expectStatus, screenshot, startCheckoutRig } from '../harness/checkout.js';

let rig: CheckoutRig;

beforeAll(async () => {
  rig = await startCheckoutRig();
}, 120_000);
afterAll(async () => {
  await rig?.stop();
});

const createIntent = async (body: Record<string, unknown> = {}) => {
  const created = await rig.merchant.call('POST', '/v1/payment_intents', {
    amount: 2500,
    currency: 'USD',
    description: 'Order 1001: 1 × T-shirt',
    ...body,
  });
  expect(created.status).toBe(200);
  return created.body;
};

it('pays natively from an EIP-6963 wallet, shows succeeded from the indexer, and releases on confirm receipt', async () => {
  const intent = await createIntent();
  const wallet = await rig.buyer();
  const page = await rig.page(wallet);
  await page.goto(intent.checkout_url);
  await expectStatus(page, 'requires_payment');
  await expect.poll(() => page.getByRole('heading', { name: /^Pay Shop / }).count()).toBe(1);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
  expect(await page.getByTestId('crypto-amount').innerText()).toBe(`${intent.amount_crypto_formatted} ETH`);
  await screenshot(page, 'requires-payment');

  await page.getByRole('button', { name: 'Test Wallet' }).click();
  await expectStatus(page, 'succeeded');
  await screenshot(page, 'succeeded-receipt');
  const paid = await rig.stack.waitForIntent(rig.merchant, intent.id, (body) => body.status === 'succeeded');
  expect(paid.payment.buyer).toBe(wallet.address);

  await page.getByRole('button', { name: 'Confirm receipt' }).click();
  await expect.poll(() => page.locator('[data-event="released"]').count(), { timeout: 20_000 }).toBe(1);
  await screenshot(page, 'released');
  const released = await rig.stack.waitForIntent(rig.merchant, intent.id, (body) => body.payment.released !== null);
  expect(released.payment.released.tx_hash).toMatch(/^0x/);
});
