// Refunds over the real stack: POST /v1/refunds stores a pending refund and its job, `npm run worker` sends
// it as the keeper, and the indexer's `PaymentRefunded` makes it succeeded. Refused with a clear error and
// nothing written: more than is still escrowed (counting refunds on their way), another merchant's intent,
// an unpaid, disputed or past-hold payment. A refund the escrow would revert fails with the escrow's reason.
import { parseEther } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { query } from '../../test/harness/indexer.js';
import { type TestWorkers, testWorkers } from '../../test/harness/worker.js';

let stack: ApiStack;
let workers: TestWorkers;
let shop: TestMerchant;

beforeAll(async () => {
  stack = await startApiStack();
  workers = await testWorkers(stack);
  shop = await stack.merchant({ holdPeriodSeconds: 3_600 });
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await stack?.stop();
});

async function paidIntent(merchant: TestMerchant, amount: bigint) {
  const { body } = await merchant.call('POST', '/v1/payment_intents', { amount_crypto: amount.toString() });
  await stack.pay(body);
  return stack.waitForIntent(merchant, body.id, (intent) => intent.status === 'succeeded');
}

const refundCount = async (intentId: string) =>
  Number(
    (
      await query<{ n: string }>(
        stack.api.services.config.databaseUrl,
        'SELECT count(*) AS n FROM app.refund WHERE payment_intent_id = $1',
        [intentId],
      )
    )[0]!.n,
  );

const waitForRefund = (merchant: TestMerchant, id: string, status: string) =>
  expect
    .poll(async () => (await merchant.call('GET', `/v1/refunds/${id}`)).body, { timeout: 30_000, interval: 100 })
    .toMatchObject({ status });

let paid: any;
let pendingRefund: any;

it('refuses more than is still escrowed, counting pending refunds, and other merchants’ or unpaid intents', async () => {
  paid = await paidIntent(shop, parseEther('0.004'));
  const first = await shop.call('POST', '/v1/refunds', {
    payment_intent: paid.id,
    amount: parseEther('0.002').toString(),
    reason: 'requested_by_customer',
  });
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  expect(first.body).toMatchObject({
    object: 'refund',
    status: 'pending',
    payment_intent: paid.id,
    amount: parseEther('0.002').toString(),
    asset: 'native',
    reason: 'requested_by_customer',
    transaction: null,
    failure_reason: null,
  });
  pendingRefund = first.body;

  const tooMuch = await shop.call('POST', '/v1/refunds', {
    payment_intent: paid.id,
    amount: parseEther('0.003').toString(),
  });
  expect(tooMuch.status).toBe(400);
  expect(tooMuch.body.error).toMatchObject({ code: 'amount_too_large', param: 'amount' });
  expect(tooMuch.body.error.message).toContain(parseEther('0.002').toString());

  const other = await stack.merchant();
  const foreign = await other.call('POST', '/v1/refunds', { payment_intent: paid.id });
  expect(foreign.status).toBe(404);
  expect(foreign.body.error).toMatchObject({ code: 'resource_missing', param: 'payment_intent' });
  expect((await other.call('GET', `/v1/refunds/${pendingRefund.id}`)).status).toBe(404);

  const { body: unpaid } = await shop.call('POST', '/v1/payment_intents', { amount_crypto: '1000' });
  const notPaid = await shop.call('POST', '/v1/refunds', { payment_intent: unpaid.id });
  expect(notPaid.status).toBe(409);
  expect(notPaid.body.error).toMatchObject({ code: 'payment_intent_unexpected_state' });

  expect(await refundCount(paid.id)).toBe(1);
  expect(await refundCount(unpaid.id)).toBe(0);
});

it('sends refunds as the keeper once the worker runs: partial, then the rest, each once', async () => {
  await workers.start('worker');
  await waitForRefund(shop, pendingRefund.id, 'succeeded');
  const partial = await stack.waitForIntent(shop, paid.id, (intent) => intent.status === 'partially_refunded');
  expect(partial).toMatchObject({
    amount_refunded: parseEther('0.002').toString(),
    payment: { amount_escrowed: parseEther('0.002').toString() },
  });

  const key = { 'idempotency-key': `rest-${paid.id}` };
  const rest = await shop.call('POST', '/v1/refunds', { payment_intent: paid.id }, key);
  expect(rest.body).toMatchObject({ status: 'pending', amount: parseEther('0.002').toString() });
  const replay = await shop.call('POST', '/v1/refunds', { payment_intent: paid.id }, key);
  expect(replay.body.id).toBe(rest.body.id);
  await waitForRefund(shop, rest.body.id, 'succeeded');
  const refunded = await stack.waitForIntent(shop, paid.id, (intent) => intent.status === 'refunded');
  expect(refunded).toMatchObject({ amount_refunded: paid.amount_crypto, payment: { amount_escrowed: '0' } });

  const list = await shop.call('GET', `/v1/refunds?payment_intent=${paid.id}`);
  expect(list.body.data.map((r: any) => [r.id, r.status])).toEqual([
    [rest.body.id, 'succeeded'],
    [pendingRefund.id, 'succeeded'],
  ]);
  for (const refund of list.body.data) expect(refund.transaction.tx_hash).toMatch(/^0x[0-9a-f]{64}$/);
  const sent = await query<{ effect: string; state: string }>(
    stack.api.services.config.databaseUrl,
    `SELECT effect, state FROM app.keeper_transaction WHERE keeper = $1 AND purpose = 'refund'`,
    [workers.keeper.toLowerCase()],
  );
  expect(sent.map((tx) => tx.effect).sort()).toEqual([`refund:${pendingRefund.id}`, `refund:${rest.body.id}`].sort());

  const nothingLeft = await shop.call('POST', '/v1/refunds', { payment_intent: paid.id });
  expect(nothingLeft.status).toBe(409);
});

it('refuses disputed and past-hold payments, and fails a refund the escrow refuses with its reason', async () => {
  const HOLD = 200;
  const brief = await stack.merchant({ holdPeriodSeconds: HOLD });
  const disputed = await paidIntent(brief, parseEther('0.001'));
  await stack.openDispute(disputed);
  await stack.waitForIntent(brief, disputed.id, (intent) => intent.status === 'disputed');
  const onDisputed = await brief.call('POST', '/v1/refunds', { payment_intent: disputed.id });
  expect(onDisputed.status).toBe(409);
  expect(onDisputed.body.error).toMatchObject({ code: 'payment_disputed' });

  // Asked for during the hold, sent after it: the escrow refuses the keeper, and the refund says why.
  await workers.stop();
  const late = await paidIntent(brief, parseEther('0.001'));
  const asked = await brief.call('POST', '/v1/refunds', { payment_intent: late.id });
  expect(asked.body.status).toBe('pending');
  await stack.skipChainTime(HOLD + 1);
  await workers.start('worker-again');
  await workers.drained('refunds__send');
  const failed = (await brief.call('GET', `/v1/refunds/${asked.body.id}`)).body;
  expect(failed).toMatchObject({ status: 'failed', transaction: null });
  expect(failed.failure_reason).toMatch(/HoldPeriodOver/);

  const pastHold = await brief.call('POST', '/v1/refunds', { payment_intent: late.id });
  expect(pastHold.status).toBe(409);
  expect(pastHold.body.error).toMatchObject({ code: 'refund_window_closed', param: 'payment_intent' });
  expect(await refundCount(late.id)).toBe(1);
});
