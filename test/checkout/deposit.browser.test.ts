// Paying by plain transfer from the hosted checkout in Chromium: the QR code on the page, read back from
// its pixels, is the intent's EIP-681 request; the address copies; and the page follows the transfers
// into the deposit address live, through an underpayment to the top-up the keeper sweeps into escrow.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { type Hex, parseEther } from 'viem';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { pmtTestTokenAbi } from '../../abis/index.js';
import { confirmed } from '../../lib/chain.js';
import { type CheckoutRig, expectStatus, screenshot, startCheckoutRig } from '../harness/checkout.js';
import { type TestWorkers, testWorkers } from '../harness/worker.js';

/** jsQR is CommonJS, exporting the function itself where its types name a default export. */
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;

let rig: CheckoutRig;
let workers: TestWorkers;

beforeAll(async () => {
  rig = await startCheckoutRig();
  workers = await testWorkers(rig.stack);
  await workers.start('worker');
}, 120_000);
afterEach(() => {
  expect(rig.pageErrors.splice(0)).toEqual([]);
});
afterAll(async () => {
  await workers?.stop();
  await rig?.stop();
});

/** The text of the QR code as Chromium drew it: its screenshot's pixels, decoded by jsQR. */
async function readQrCode(page: Page): Promise<string | undefined> {
  const png = await page.locator('svg.qr').screenshot();
  const image = await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { data: Array.from(data), width, height };
  }, png.toString('base64'));
  return jsQR(Uint8ClampedArray.from(image.data), image.width, image.height)?.data;
}

it('shows the EIP-681 request as a QR code, the address to copy and the exact amount', async () => {
  const intent = await rig.createIntent();
  const page = await rig.page(undefined);
  await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(rig.stack.url).origin });
  await page.goto(intent.checkout_url);
  await expectStatus(page, 'requires_payment');

  expect(await readQrCode(page)).toBe(intent.deposit.uri);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
  expect(await page.getByTestId('deposit-address').innerText()).toBe(intent.deposit.address);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
  expect(await page.getByTestId('deposit-amount').innerText()).toBe(`${intent.amount_crypto_formatted} ETH`);
  await screenshot(page, 'deposit-address');

  await page.getByRole('button', { name: 'Copy address' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Copied' }).count()).toBe(1);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(intent.deposit.address);

  // Another token, then more than the amount: each said, and still there on the receipt.
  const buyer = rig.stack.buyer;
  const to = intent.deposit.address as Hex;
  await confirmed(
    buyer,
    buyer.writeContract({
      address: rig.stack.deployment.tokenAddress,
      abi: pmtTestTokenAbi,
      functionName: 'transfer',
      args: [to, 1_000_000n],
    }),
  );
  await expect.poll(() => page.locator('[data-deposit="wrong_asset"]').count()).toBe(1);
  await confirmed(buyer, buyer.sendTransaction({ to, value: BigInt(intent.amount_crypto) + parseEther('0.001') }));
  await expectStatus(page, 'succeeded');
  const overpaid = page.locator('[data-deposit="overpaid"]');
  await expect.poll(() => overpaid.count()).toBe(1);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
  expect(await overpaid.innerText()).toContain('the merchant refunds the 0.001 ETH over');
  expect(await page.locator('[data-deposit="wrong_asset"]').count()).toBe(1);
});

it('takes a refund address, follows the transfers live (an underpayment, what is missing) to the top-up that pays', async () => {
  const intent = await rig.createIntent();
  const page = await rig.page(undefined);
  await page.goto(intent.checkout_url);
  await expectStatus(page, 'requires_payment');

  // Sent from "an exchange": the buyer names its own address for refunds first.
  const own = (await rig.buyer()).address;
  const field = page.getByLabel('Sending from an exchange? Your own address for refunds');
  await field.fill(`${own.slice(0, -1)}`);
  await page.getByRole('button', { name: 'Save refund address' }).click();
  await expect.poll(() => page.getByRole('alert').count()).toBe(1);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
  expect(await page.getByRole('alert').innerText()).toBe(
    'That is not a valid address. Copy it again from your wallet.',
  );
  await field.fill(own);
  await page.getByRole('button', { name: 'Save refund address' }).click();
  await expect.poll(() => page.getByTestId('refund-address').count()).toBe(1);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
  expect(await page.getByTestId('refund-address').innerText()).toBe(`Refunds go to ${own}.`);

  const sender = rig.stack.buyer;
  const send = (value: bigint) =>
    confirmed(sender, sender.sendTransaction({ to: intent.deposit.address as Hex, value }));
  const amount = BigInt(intent.amount_crypto);
  const first = amount - parseEther('0.001');
  await send(first);
  const underpaid = page.locator('[data-deposit="underpaid"]');
  await expect.poll(() => underpaid.count()).toBe(1);
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator
  expect(await underpaid.innerText()).toContain('Send 0.001 ETH more to the same address');
  await screenshot(page, 'deposit-underpaid');

  await send(parseEther('0.001'));
  await expectStatus(page, 'succeeded');
  expect(await underpaid.count(), 'complete: no longer underpaid').toBe(0);
  const paid = await rig.stack.waitForIntent(rig.merchant, intent.id, (body) => body.status === 'succeeded');
  expect(paid.payment!.buyer, 'the buyer it named, not the sender').toBe(own);
});
