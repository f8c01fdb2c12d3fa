// Cancel and expiry bind, over the real stack (escrow, indexer, API, worker): a payment that arrives for an
// intent the merchant canceled, or was told expired, is never kept. A wallet's payment is refunded in full
// from the escrow, a plain transfer goes back from the deposit address, both by the gateway with no
// merchant action; the intent stays canceled or expired, and the merchant hears no `succeeded`, only what
// happened, in order.
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed } from '../lib/chain.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../test/harness/apiStack.js';
import { type TestWorkers, testWorkers } from '../test/harness/worker.js';

const HOLD_SECONDS = 3_600;
const AMOUNT = parseEther('0.002');

let stack: ApiStack;
let workers: TestWorkers;
let shop: TestMerchant;

beforeAll(async () => {
  stack = await startApiStack();
  workers = await testWorkers(stack, { OUTBOX_INTERVAL_MS: '100' });
  await workers.start('worker');
  shop = await stack.merchant({ holdPeriodSeconds: HOLD_SECONDS });
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await stack?.stop();
});

async function newIntent() {
  const created = await shop.call('POST', '/v1/payment_intents', { amount_crypto: AMOUNT.toString() });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return created.body;
}

/** The events about intent `id` and its refunds, oldest first, as GET /v1/events lists them. */
async function eventsAbout(id: string) {
  const { body } = await shop.call('GET', '/v1/events?limit=100');
  return body.data
    .filter((event: any) => event.data.object.id === id || event.data.object.payment_intent === id)
    .reverse()
    .map((event: any) => event.type);
}

/** The intent's one refund, once it has succeeded on chain. */
async function refundedBy(intentId: string) {
  await expect
    .poll(async () => (await shop.call('GET', `/v1/refunds?payment_intent=${intentId}`)).body.data, {
      timeout: 30_000,
      interval: 200,
    })
    .toMatchObject([{ status: 'succeeded' }]);
  return (await shop.call('GET', `/v1/refunds?payment_intent=${intentId}`)).body.data[0];
}

const heldAt = (address: `0x${string}`) => stack.publicClient.getBalance({ address });

describe('a payment to a canceled intent', () => {
  it('is refunded in full by the gateway during its hold, and the merchant is told so, never `succeeded`', async () => {
    const intent = await newIntent();
    const canceled = await shop.call('POST', `/v1/payment_intents/${intent.id}/cancel`, {
      cancellation_reason: 'abandoned',
    });
    expect(canceled.body.status).toBe('canceled');
    // The buyer's wallet sends the intent's transaction anyway: the escrow takes it, the signature being valid.
    await stack.pay(intent);

    const refund = await refundedBy(intent.id);
    expect(refund).toMatchObject({
      source: 'escrow',
      amount: AMOUNT.toString(),
      reason: 'intent_canceled',
      destination: null,
    });
    const after = (await shop.call('GET', `/v1/payment_intents/${intent.id}`)).body;
    expect(after).toMatchObject({
      status: 'canceled',
      amount_refunded: AMOUNT.toString(),
      payment: { buyer: stack.buyer.account.address, amount_escrowed: '0', released: null },
    });
    expect(after.payment.settled.transaction).toBe(refund.transaction.transaction);
    // The refund's two events come from one escrow log, in one transaction: their order is not defined.
    await expect
      .poll(async () => {
        const [first, ...then] = await eventsAbout(intent.id);
        return [first, ...then.sort()];
      })
      .toEqual(['payment_intent.canceled', 'payment_intent.payment_refunded', 'refund.succeeded']);
    // Not a sale: the merchant's analytics count no payment (this merchant has no other).
    const analytics = await shop.call('GET', '/v1/analytics?interval=day&buckets=2');
    expect(analytics.body.assets.map((asset: any) => asset.paid.reduce((a: number, b: number) => a + b))).toEqual([0]);
  });

  it('is never released by the keeper while its refund is on its way', async () => {
    const intent = await newIntent();
    await shop.call('POST', `/v1/payment_intents/${intent.id}/cancel`);
    // The refund job would refund it at once: with none running the payment waits in escrow past its hold.
    await workers.stop();
    await stack.pay(intent);
    await stack.waitForIntent(shop, intent.id, (body) => body.payment?.final === true);
    await stack.skipChainTime(HOLD_SECONDS + 1);
    await workers.start('worker-after-hold');
    await workers.run('payments__auto_release');
    const held = (await shop.call('GET', `/v1/payment_intents/${intent.id}`)).body;
    expect(held).toMatchObject({ status: 'canceled', payment: { released: null } });
    // Too late for the keeper's refund (the escrow's hold is over): the merchant is told it failed.
    await expect
      .poll(async () => (await shop.call('GET', `/v1/refunds?payment_intent=${intent.id}`)).body.data, {
        timeout: 30_000,
      })
      .toMatchObject([{ status: 'failed', reason: 'intent_canceled' }]);
  });
});

describe('a plain transfer to a closed intent', () => {
  it('goes back to its sender from the deposit address, and so does a top-up after', async () => {
    const intent = await newIntent();
    await confirmed(
      stack.buyer,
      stack.buyer.sendTransaction({ to: intent.deposit.address, value: parseEther('0.001') }),
    );
    await stack.waitForIntent(shop, intent.id, (body) => body.deposit.underpaid);
    await shop.call('POST', `/v1/payment_intents/${intent.id}/cancel`);
    const first = await refundedBy(intent.id);
    expect(first).toMatchObject({
      source: 'deposit',
      amount: parseEther('0.001').toString(),
      reason: 'intent_canceled',
      destination: stack.buyer.account.address,
    });
    expect(await heldAt(intent.deposit.address)).toBe(0n);

    await confirmed(stack.buyer, stack.buyer.sendTransaction({ to: intent.deposit.address, value: AMOUNT }));
    await expect
      .poll(async () => (await shop.call('GET', `/v1/refunds?payment_intent=${intent.id}`)).body.data, {
        timeout: 30_000,
        interval: 200,
      })
      .toMatchObject([{ status: 'succeeded', amount: AMOUNT.toString() }, { status: 'succeeded' }]);
    expect(await heldAt(intent.deposit.address)).toBe(0n);
    expect((await shop.call('GET', `/v1/payment_intents/${intent.id}`)).body).toMatchObject({
      status: 'canceled',
      payment: null,
    });
  });

  it('completed after the deadline goes back once the merchant was told the intent expired', async () => {
    const intent = await newIntent();
    const now = Number((await stack.publicClient.getBlock()).timestamp);
    await stack.skipChainTime(intent.expires_at - now + 60);
    await confirmed(stack.buyer, stack.buyer.sendTransaction({ to: intent.deposit.address, value: AMOUNT }));
    await stack.waitForIntent(shop, intent.id, (body) => body.deposit.paid_late);
    await workers.run('deposits__sweep');
    await workers.run('payment_intents__expire');
    const refund = await refundedBy(intent.id);
    expect(refund).toMatchObject({ source: 'deposit', amount: AMOUNT.toString(), reason: 'intent_expired' });
    expect(await heldAt(intent.deposit.address)).toBe(0n);
    expect((await shop.call('GET', `/v1/payment_intents/${intent.id}`)).body).toMatchObject({
      status: 'expired',
      payment: null,
    });
    await expect
      .poll(async () => (await eventsAbout(intent.id)).sort(), { timeout: 30_000 })
      .toEqual(['payment_intent.expired', 'payment_intent.paid_late', 'refund.succeeded']);
  });
});
