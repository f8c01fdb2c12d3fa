// Cancel and expiry bind, over the real stack (escrow, indexer, API, worker): a payment that arrives for an
// intent the merchant canceled, or was told expired, is never kept. A wallet's payment is refunded in full
// from the escrow, a plain transfer goes back from the deposit address, both by the gateway with no
// merchant action; the intent stays canceled or expired, and the merchant hears no `succeeded`, only what
// happened, in order.
import { type Address, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmed } from '../lib/chain.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../test/harness/apiStack.js';
import { expectStatus } from '../test/harness/typedClient.js';
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

const newIntent = async () =>
  expectStatus(
    await shop.client.v1.payment_intents.$post({ json: { amount_crypto: AMOUNT.toString() }, header: {} }),
    200,
  );

const intentNow = async (id: string) =>
  expectStatus(await shop.client.v1.payment_intents[':id'].$get({ param: { id } }), 200);

const cancel = (id: string) =>
  shop.client.v1.payment_intents[':id'].cancel.$post({ param: { id }, json: {}, header: {} });

/** The events about intent `id` and its refunds, oldest first, as GET /v1/events lists them. */
async function eventsAbout(id: string) {
  const { data } = await expectStatus(await shop.client.v1.events.$get({ query: { limit: '100' } }), 200);
  return data
    .filter((event) => event.data.object.id === id || event.data.object.payment_intent === id)
    .reverse()
    .map((event) => event.type);
}

/** The refunds of intent `id`, newest first. */
const refundsOf = async (id: string) =>
  (await expectStatus(await shop.client.v1.refunds.$get({ query: { payment_intent: id } }), 200)).data;

/** The intent's one refund, once it has succeeded on chain. */
async function refundedBy(intentId: string) {
  await expect
    .poll(() => refundsOf(intentId), { timeout: 30_000, interval: 200 })
    .toMatchObject([{ status: 'succeeded' }]);
  return (await refundsOf(intentId))[0]!;
}

const heldAt = (address: Address) => stack.publicClient.getBalance({ address });

/** The intent's deposit address (the schema types it as a string). */
const depositOf = (intent: { deposit: { address: string } }) => intent.deposit.address as Address;

describe('a payment to a canceled intent', () => {
  it('is refunded in full by the gateway during its hold, and the merchant is told so, never `succeeded`', async () => {
    const intent = await newIntent();
    const canceled = await shop.client.v1.payment_intents[':id'].cancel.$post({
      param: { id: intent.id },
      json: { cancellation_reason: 'abandoned' },
      header: {},
    });
    expect((await expectStatus(canceled, 200)).status).toBe('canceled');
    // The buyer's wallet sends the intent's transaction anyway: the escrow takes it, the signature being valid.
    await stack.pay(intent);

    const refund = await refundedBy(intent.id);
    expect(refund).toMatchObject({
      source: 'escrow',
      amount: AMOUNT.toString(),
      reason: 'intent_canceled',
      destination: null,
    });
    const after = await intentNow(intent.id);
    expect(after).toMatchObject({
      status: 'canceled',
      amount_refunded: AMOUNT.toString(),
      payment: { buyer: stack.buyer.account.address, amount_escrowed: '0', released: null },
    });
    // The refund settled the payment (both are there once the refund succeeded): one transaction.
    expect(after.payment!.settled!.tx_hash).toBe(refund.transaction!.tx_hash);
    // The refund's two events come from one escrow log, in one transaction: their order is not defined.
    await expect
      .poll(async () => {
        const [first, ...then] = await eventsAbout(intent.id);
        return [first, ...then.sort()];
      })
      .toEqual(['payment_intent.canceled', 'payment_intent.payment_refunded', 'refund.succeeded']);
    // Not a sale: the merchant's analytics count no payment (this merchant has no other).
    const analytics = await expectStatus(
      await shop.client.v1.analytics.$get({ query: { interval: 'day', buckets: '2' } }),
      200,
    );
    expect(analytics.assets.map((asset) => asset.paid.reduce((a, b) => a + b))).toEqual([0]);
  });

  it('is never released by the keeper while its refund is on its way', async () => {
    const intent = await newIntent();
    await cancel(intent.id);
    // The refund job would refund it at once: with none running the payment waits in escrow past its hold.
    await workers.stop();
    await stack.pay(intent);
    await stack.waitForIntent(shop, intent.id, (body) => body.payment?.final === true);
    await stack.skipChainTime(HOLD_SECONDS + 1);
    await workers.start('worker-after-hold');
    await workers.run('payments__auto_release');
    expect(await intentNow(intent.id)).toMatchObject({ status: 'canceled', payment: { released: null } });
    // Too late for the keeper's refund (the escrow's hold is over): the merchant is told it failed.
    await expect
      .poll(() => refundsOf(intent.id), { timeout: 30_000 })
      .toMatchObject([{ status: 'failed', reason: 'intent_canceled' }]);
  });
});

describe('a plain transfer to a closed intent', () => {
  it('goes back to its sender from the deposit address, and so does a top-up after', async () => {
    const intent = await newIntent();
    await confirmed(stack.buyer, stack.buyer.sendTransaction({ to: depositOf(intent), value: parseEther('0.001') }));
    await stack.waitForIntent(shop, intent.id, (body) => body.deposit.underpaid);
    await cancel(intent.id);
    const first = await refundedBy(intent.id);
    expect(first).toMatchObject({
      source: 'deposit',
      amount: parseEther('0.001').toString(),
      reason: 'intent_canceled',
      destination: stack.buyer.account.address,
    });
    expect(await heldAt(depositOf(intent))).toBe(0n);

    await confirmed(stack.buyer, stack.buyer.sendTransaction({ to: depositOf(intent), value: AMOUNT }));
    await expect
      .poll(() => refundsOf(intent.id), { timeout: 30_000, interval: 200 })
      .toMatchObject([{ status: 'succeeded', amount: AMOUNT.toString() }, { status: 'succeeded' }]);
    expect(await heldAt(depositOf(intent))).toBe(0n);
    expect(await intentNow(intent.id)).toMatchObject({
      status: 'canceled',
      payment: null,
    });
  });

  it('completed after the deadline goes back once the merchant was told the intent expired', async () => {
    const intent = await newIntent();
    const now = Number((await stack.publicClient.getBlock()).timestamp);
    await stack.skipChainTime(intent.expires_at - now + 60);
    await confirmed(stack.buyer, stack.buyer.sendTransaction({ to: depositOf(intent), value: AMOUNT }));
    await stack.waitForIntent(shop, intent.id, (body) => body.deposit.paid_late);
    await workers.run('deposits__sweep');
    await workers.run('payment_intents__expire');
    const refund = await refundedBy(intent.id);
    expect(refund).toMatchObject({ source: 'deposit', amount: AMOUNT.toString(), reason: 'intent_expired' });
    expect(await heldAt(depositOf(intent))).toBe(0n);
    expect(await intentNow(intent.id)).toMatchObject({
      status: 'expired',
      payment: null,
    });
    await expect
      .poll(async () => (await eventsAbout(intent.id)).sort(), { timeout: 30_000 })
      .toEqual(['payment_intent.expired', 'payment_intent.paid_late', 'refund.succeeded']);
  });
});
