// Refunds over the real stack: POST /v1/refunds stores a pending refund and its job, `npm run worker` sends
// it as the keeper, and the indexer's `PaymentRefunded` makes it succeeded. Refused with a clear error and
// nothing written: more than is still escrowed (counting refunds on their way), another merchant's intent,
// an unpaid, disputed or past-hold payment. A refund the escrow would revert fails with the escrow's reason.
import type { InferRequestType, InferResponseType } from 'hono/client';
import { parseEther } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PaymentIntentResource } from '../../lib/resources/paymentIntent.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { query } from '../../test/harness/indexer.js';
import { expectStatus } from '../../test/harness/typedClient.js';
import { type TestWorkers, testWorkers } from '../../test/harness/worker.js';
import type { PmtClient } from '../client.js';

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

type Refund = InferResponseType<PmtClient['v1']['refunds'][':id']['$get'], 200>;
type RefundCreate = InferRequestType<PmtClient['v1']['refunds']['$post']>['json'];

const createIntent = async (merchant: TestMerchant, amount: bigint) =>
  expectStatus(
    await merchant.client.v1.payment_intents.$post({ json: { amount_crypto: amount.toString() }, header: {} }),
    200,
  );

async function paidIntent(merchant: TestMerchant, amount: bigint) {
  const created = await createIntent(merchant, amount);
  await stack.pay(created);
  return stack.waitForIntent(merchant, created.id, (intent) => intent.status === 'succeeded');
}

const refund = (merchant: TestMerchant, json: RefundCreate, header: { 'idempotency-key'?: string } = {}) =>
  merchant.client.v1.refunds.$post({ json, header });
const getRefund = (merchant: TestMerchant, id: string) => merchant.client.v1.refunds[':id'].$get({ param: { id } });

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
    .poll(async () => expectStatus(await getRefund(merchant, id), 200), { timeout: 30_000, interval: 100 })
    .toMatchObject({ status });

let paid: PaymentIntentResource;
let pendingRefund: Refund;

it('refuses more than is still escrowed, counting pending refunds, and other merchants’ or unpaid intents', async () => {
  paid = await paidIntent(shop, parseEther('0.004'));
  const first = await expectStatus(
    await refund(shop, {
      payment_intent: paid.id,
      amount: parseEther('0.002').toString(),
      reason: 'requested_by_customer',
    }),
    200,
  );
  expect(first).toMatchObject({
    object: 'refund',
    status: 'pending',
    payment_intent: paid.id,
    amount: parseEther('0.002').toString(),
    asset: 'native',
    reason: 'requested_by_customer',
    transaction: null,
    failure_reason: null,
  });
  pendingRefund = first;

  const tooMuch = await expectStatus(
    await refund(shop, { payment_intent: paid.id, amount: parseEther('0.003').toString() }),
    400,
  );
  expect(tooMuch.error).toMatchObject({ code: 'amount_too_large', param: 'amount' });
  expect(tooMuch.error.message).toContain(parseEther('0.002').toString());

  const other = await stack.merchant();
  const foreign = await expectStatus(await refund(other, { payment_intent: paid.id }), 404);
  expect(foreign.error).toMatchObject({ code: 'resource_missing', param: 'payment_intent' });
  expect((await getRefund(other, pendingRefund.id)).status).toBe(404);

  const unpaid = await createIntent(shop, 1000n);
  const notPaid = await expectStatus(await refund(shop, { payment_intent: unpaid.id }), 409);
  expect(notPaid.error).toMatchObject({ code: 'payment_intent_unexpected_state' });

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
  const rest = await expectStatus(await refund(shop, { payment_intent: paid.id }, key), 200);
  expect(rest).toMatchObject({ status: 'pending', amount: parseEther('0.002').toString() });
  const replay = await expectStatus(await refund(shop, { payment_intent: paid.id }, key), 200);
  expect(replay.id).toBe(rest.id);
  await waitForRefund(shop, rest.id, 'succeeded');
  const refunded = await stack.waitForIntent(shop, paid.id, (intent) => intent.status === 'refunded');
  expect(refunded).toMatchObject({ amount_refunded: paid.amount_crypto, payment: { amount_escrowed: '0' } });

  const list = await expectStatus(await shop.client.v1.refunds.$get({ query: { payment_intent: paid.id } }), 200);
  expect(list.data.map((r) => [r.id, r.status])).toEqual([
    [rest.id, 'succeeded'],
    [pendingRefund.id, 'succeeded'],
  ]);
  for (const sent of list.data) expect(sent.transaction?.tx_hash).toMatch(/^0x[0-9a-f]{64}$/);
  const sent = await query<{ effect: string; state: string }>(
    stack.api.services.config.databaseUrl,
    `SELECT effect, state FROM app.keeper_transaction WHERE keeper = $1 AND purpose = 'refund'`,
    [workers.keeper.toLowerCase()],
  );
  expect(sent.map((tx) => tx.effect).sort()).toEqual([`refund:${pendingRefund.id}`, `refund:${rest.id}`].sort());

  const nothingLeft = await refund(shop, { payment_intent: paid.id });
  expect(nothingLeft.status).toBe(409);
});

it('refuses disputed and past-hold payments, and fails a refund the escrow refuses with its reason', async () => {
  const HOLD = 200;
  const brief = await stack.merchant({ holdPeriodSeconds: HOLD });
  const disputed = await paidIntent(brief, parseEther('0.001'));
  await stack.openDispute(disputed);
  await stack.waitForIntent(brief, disputed.id, (intent) => intent.status === 'disputed');
  const onDisputed = await expectStatus(await refund(brief, { payment_intent: disputed.id }), 409);
  expect(onDisputed.error).toMatchObject({ code: 'payment_disputed' });

  // Asked for during the hold, sent after it: the escrow refuses the keeper, and the refund says why.
  await workers.stop();
  const late = await paidIntent(brief, parseEther('0.001'));
  const asked = await expectStatus(await refund(brief, { payment_intent: late.id }), 200);
  expect(asked.status).toBe('pending');
  await stack.skipChainTime(HOLD + 1);
  await workers.start('worker-again');
  await workers.drained('refunds__send');
  const failed = await expectStatus(await getRefund(brief, asked.id), 200);
  expect(failed).toMatchObject({ status: 'failed', transaction: null });
  expect(failed.failure_reason).toMatch(/HoldPeriodOver/);

  const pastHold = await expectStatus(await refund(brief, { payment_intent: late.id }), 409);
  expect(pastHold.error).toMatchObject({ code: 'refund_window_closed', param: 'payment_intent' });
  expect(await refundCount(late.id)).toBe(1);
});
