// Payment intents end to end against a real escrow, indexer and API: created, quoted and signed; paid with
// viem from exactly what the API returned; followed to `processing`, `succeeded` (final) and released
// over GET and SSE.

import type { InferRequestType } from 'hono/client';
import { type Address, erc20Abi, getAddress, type Hex, parseEther, parseUnits, verifyTypedData } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../../abis/index.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { confirmed } from '../../lib/chain.js';
import { indexedBlock } from '../../lib/indexerStatus.js';
import { escrowTypedDataDomain, NATIVE_TOKEN, paymentIntentTypes } from '../../lib/intent.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { query } from '../../test/harness/indexer.js';
import { pollUntil } from '../../test/harness/poll.js';
import { expectStatus } from '../../test/harness/typedClient.js';
import { escrowPaymentOf, type PmtClient } from '../client.js';

const HOLD_SECONDS = 120;

let stack: ApiStack;
let shop: TestMerchant;

beforeAll(async () => {
  stack = await startApiStack();
  shop = await stack.merchant({ feeBps: 250, holdPeriodSeconds: HOLD_SECONDS });
}, 120_000);
afterAll(() => stack?.stop());

type IntentCreate = InferRequestType<PmtClient['v1']['payment_intents']['$post']>['json'];
type IntentList = InferRequestType<PmtClient['v1']['payment_intents']['$get']>['query'];

const create = (merchant: TestMerchant, json: IntentCreate) =>
  merchant.client.v1.payment_intents.$post({ json, header: {} });
const createdIntent = async (merchant: TestMerchant, json: IntentCreate) =>
  expectStatus(await create(merchant, json), 200);
const list = async (merchant: TestMerchant, query: IntentList) =>
  expectStatus(await merchant.client.v1.payment_intents.$get({ query }), 200);
const cancel = (merchant: TestMerchant, id: string) =>
  merchant.client.v1.payment_intents[':id'].cancel.$post({ param: { id }, json: {}, header: {} });
const balanceOf = async (merchant: TestMerchant) =>
  (await expectStatus(await merchant.client.v1.balance.$get(), 200)).assets;

const waitForStatus = (merchant: TestMerchant, id: string, status: string) =>
  stack.waitForIntent(merchant, id, (body) => body.status === status);

async function release(intent: Parameters<typeof escrowPaymentOf>[0]) {
  await confirmed(
    stack.keeper,
    stack.keeper.writeContract({
      address: stack.deployment.escrowAddress,
      abi: pmtEscrowAbi,
      functionName: 'releaseBatch',
      args: [[escrowPaymentOf(intent)]],
    }),
  );
}

describe('creating', () => {
  it('quotes a fiat price into base units, rounded up, and signs an intent the operator key verifies', async () => {
    const body = await createdIntent(shop, {
      amount: 10_000,
      currency: 'usd',
      network: 'anvil',
      description: 'Order #6735',
      customer_email: 'buyer@example.com',
      metadata: { order_id: '6735' },
    });
    // 100.00 USD at the dev rate of 3000 USD/ETH: 1/30 ETH, rounded up to the wei
    expect(body).toMatchObject({
      object: 'payment_intent',
      livemode: false,
      status: 'requires_payment',
      amount: 10_000,
      currency: 'USD',
      asset: { type: 'native', address: NATIVE_TOKEN, symbol: 'ETH', decimals: 18 },
      amount_crypto: '33333333333333334',
      amount_crypto_formatted: '0.033333333333333334',
      amount_refunded: '0',
      quote: { rate: '3000', source: 'fixed' },
      fee_bps: 250,
      hold_period_seconds: HOLD_SECONDS,
      payout_address: shop.wallet,
      network: 'anvil',
      chain_id: stack.chain.id,
      escrow_address: stack.deployment.escrowAddress,
      description: 'Order #6735',
      customer_email: 'buyer@example.com',
      metadata: { order_id: '6735' },
      payment: null,
      canceled_at: null,
    });
    expect(body.id).toMatch(/^pi_[0-9A-Za-z]{24}$/);
    expect(body.client_secret).toMatch(new RegExp(`^${body.id}_secret_`));
    expect(body.checkout_url).toBe(`${stack.url}/checkout/${body.id}#${body.client_secret}`);
    expect(body.quote?.expires_at).toBe(body.expires_at);
    const signed = body.signed_intent;
    const valid = await verifyTypedData({
      address: devAccounts.operator.address,
      domain: escrowTypedDataDomain({ chainId: stack.chain.id, escrow: stack.deployment.escrowAddress }),
      types: paymentIntentTypes,
      primaryType: 'PaymentIntent',
      // The API's schema types the id, addresses and signature as strings; they are hex.
      message: {
        ...signed,
        id: signed.id as Hex,
        merchant: signed.merchant as Address,
        token: signed.token as Address,
        amount: BigInt(signed.amount),
        deadline: BigInt(signed.deadline),
        holdPeriod: BigInt(signed.holdPeriod),
      },
      signature: signed.signature as Hex,
    });
    expect(valid).toBe(true);
    expect(signed).toMatchObject({
      id: body.payment_id,
      merchant: shop.wallet,
      token: NATIVE_TOKEN,
      amount: body.amount_crypto,
      feeBps: 250,
      deadline: String(body.expires_at),
      holdPeriod: String(HOLD_SECONDS),
    });
    expect(BigInt(signed.id) & ((1n << 64n) - 1n)).toBe(BigInt(body.expires_at));
    expect(body.transaction).toMatchObject({ to: stack.deployment.escrowAddress, value: body.amount_crypto });
  });

  it('takes an exact crypto amount in an allowed token, and a fiat price in it', async () => {
    const token = stack.deployment.tokenAddress;
    const exact = await createdIntent(shop, { amount_crypto: '1234567', asset: token.toLowerCase() });
    expect(exact).toMatchObject({
      amount: null,
      currency: null,
      quote: null,
      asset: { type: 'erc20', address: token, symbol: 'tUSD', decimals: 6 },
      amount_crypto: '1234567',
      amount_crypto_formatted: '1.234567',
      transaction: { value: '0' },
    });
    const fiat = await createdIntent(shop, { amount: 1999, currency: 'EUR', asset: token });
    // 19.99 EUR at 0.92 EUR/tUSD = 21.728260869… tUSD, rounded up to 21.728261
    expect(fiat).toMatchObject({ amount_crypto: '21728261', quote: { rate: '0.92' } });
  });
  it('lives as long as expires_in asks, within the operator’s bound, and refuses more or less', async () => {
    const chainNow = Number((await stack.publicClient.getBlock()).timestamp);
    const body = await createdIntent(shop, { amount_crypto: '1000', expires_in: 7200 });
    expect(body.expires_at - chainNow).toBeGreaterThanOrEqual(7200);
    expect(body.expires_at - chainNow).toBeLessThan(7200 + 30);
    expect(body.signed_intent.deadline).toBe(String(body.expires_at));

    const tooLong = await expectStatus(await create(shop, { amount_crypto: '1000', expires_in: 86_401 }), 400);
    expect(tooLong.error).toMatchObject({ code: 'parameter_invalid', param: 'expires_in' });
    expect(tooLong.error.message).toContain('at most 86400 seconds');
    const tooShort = await expectStatus(await create(shop, { amount_crypto: '1000', expires_in: 59 }), 400);
    expect(tooShort.error).toMatchObject({ code: 'parameter_invalid', param: 'expires_in' });
  });
});

describe('paying', () => {
  it('follows a native payment from requires_payment to succeeded once final, then released, over GET and SSE', async () => {
    const intent = await createdIntent(shop, { amount: 2_500, currency: 'USD' });
    const stream = await stack.events(`/v1/payment_intents/${intent.id}/events?client_secret=${intent.client_secret}`);
    expect(stream.response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const first = await stream.next(() => true);
    expect(first.data).toMatchObject({
      id: intent.id,
      status: 'requires_payment',
      amount_crypto: intent.amount_crypto,
    });
    expect(first.data).not.toHaveProperty('client_secret');
    expect(first.data).not.toHaveProperty('metadata');

    const block = await stack.pay(intent);
    // Once the indexer's row is there, the stream reports it within the watcher's next rounds.
    const indexed = () =>
      query(
        stack.api.services.config.databaseUrl,
        `SELECT 1 FROM "${stack.indexer.viewsSchema}".payment WHERE id = $1`,
        [intent.payment_id],
      );
    await expect
      .poll(async () => (await indexed()).length, {
        timeout: 15_000,
        interval: 25,
        message: 'the indexer never wrote the payment',
      })
      .toBe(1);
    // anvil's preset makes a block final as soon as the indexer has it.
    const succeeded = await stream.next((e) => e.data.status === 'succeeded', 5_000);
    expect(succeeded.data.payment).toMatchObject({ final: true, escrowed: { block_number: String(block) } });

    const paid = await waitForStatus(shop, intent.id, 'succeeded');
    expect(paid.payment).toMatchObject({
      buyer: devAccounts.buyer.address,
      final: true,
      escrowed: { block_number: String(block), explorer_url: null },
      disputed: null,
      dispute_deadline: null,
      released: null,
      settled: null,
    });
    expect(paid.payment!.confirmations).toBeGreaterThanOrEqual(1);
    expect(paid.payment!.amount_escrowed).toBe(intent.amount_crypto);
    expect(paid.payment!.escrowed.tx_hash).toMatch(/^0x[0-9a-f]{64}$/);

    expect(await balanceOf(shop)).toContainEqual({
      network: 'anvil',
      chain_id: 31_337,
      asset: 'native',
      escrowed: intent.amount_crypto,
      available: '0',
      paid_out: '0',
      withdrawn: '0',
    });

    await stack.skipChainTime(HOLD_SECONDS + 1);
    await release(paid);
    const released = await stream.next((e) => e.data.payment?.released != null);
    expect(released.data.status).toBe('succeeded');
    expect(released.data.payment.released.tx_hash).toMatch(/^0x/);
    expect(released.data.payment.settled).toEqual(released.data.payment.released);
    expect(released.data.payment.amount_escrowed).toBe('0');
    stream.close();

    const fee = (BigInt(intent.amount_crypto) * 250n) / 10_000n;
    expect(await balanceOf(shop)).toContainEqual({
      network: 'anvil',
      chain_id: 31_337,
      asset: 'native',
      escrowed: '0',
      available: (BigInt(intent.amount_crypto) - fee).toString(),
      paid_out: '0',
      withdrawn: '0',
    });

    const payout = await confirmed(
      stack.keeper,
      stack.keeper.writeContract({
        address: stack.deployment.escrowAddress,
        abi: pmtEscrowAbi,
        functionName: 'payout',
        args: [NATIVE_TOKEN, [shop.wallet]],
      }),
    );
    const net = (BigInt(intent.amount_crypto) - fee).toString();
    const listPayouts = async () => expectStatus(await shop.client.v1.payouts.$get({ query: {} }), 200);
    const payouts = await pollUntil('the payout in GET /v1/payouts', listPayouts, (page) => page.data.length > 0);
    expect(payouts).toMatchObject({ object: 'list', has_more: false });
    expect(payouts.data).toEqual([
      expect.objectContaining({
        object: 'payout',
        type: 'payout',
        status: 'paid',
        asset: 'native',
        amount: net,
        destination: shop.wallet,
        failure_reason: null,
        transaction: expect.objectContaining({
          tx_hash: payout.transactionHash,
          block_number: String(payout.blockNumber),
        }),
      }),
    ]);
    // Pages on either side of the only payout are empty, and say so.
    const only = payouts.data[0]!.id;
    for (const query of [{ starting_after: only }, { ending_before: only }]) {
      const beside = await expectStatus(await shop.client.v1.payouts.$get({ query }), 200, JSON.stringify(query));
      expect(beside).toMatchObject({ data: [], has_more: false });
    }
    expect(await balanceOf(shop)).toContainEqual({
      network: 'anvil',
      chain_id: 31_337,
      asset: 'native',
      escrowed: '0',
      available: '0',
      paid_out: net,
      withdrawn: '0',
    });
  });

  it('shows a payment processing until its block is final, at the configured depth', async () => {
    const intent = await createdIntent(shop, { amount_crypto: '5000' });
    const block = await stack.pay(intent);
    await waitForStatus(shop, intent.id, 'succeeded');
    // An API that counts blocks 50 deeper than the indexer has gone past the payment sees it processing
    // until 50 more blocks are indexed.
    const head = (await indexedBlock(stack.indexer.url))!;
    const deep = await stack.extraApi({ FINALITY_DEPTH: String(head - block + 50n) });
    const read = async () =>
      expectStatus(await deep.client(shop.key).v1.payment_intents[':id'].$get({ param: { id: intent.id } }), 200);
    expect(await read()).toMatchObject({ status: 'processing', payment: { final: false } });
    await stack.buyer.request({ method: 'anvil_mine' as never, params: ['0x32'] as never });
    await expect
      .poll(read, { timeout: 15_000, interval: 50 })
      .toMatchObject({ status: 'succeeded', payment: { final: true } });
  });

  it('follows an ERC-20 payment made after approving the escrow', async () => {
    const token = stack.deployment.tokenAddress;
    const intent = await createdIntent(shop, { amount: 500, currency: 'USD', asset: token });
    expect(intent.amount_crypto).toBe(parseUnits('5', 6).toString());
    await confirmed(
      stack.buyer,
      stack.buyer.writeContract({
        address: token,
        abi: erc20Abi,
        functionName: 'approve',
        args: [stack.deployment.escrowAddress, BigInt(intent.amount_crypto)],
      }),
    );
    await stack.pay(intent);
    const paid = await waitForStatus(shop, intent.id, 'succeeded');
    expect(paid.payment!.buyer).toBe(getAddress(devAccounts.buyer.address));
  });

  it('shows a partial refund, and what the API returns still releases the rest', async () => {
    const intent = await createdIntent(shop, { amount_crypto: parseEther('0.004').toString() });
    await stack.pay(intent);
    const paid = await waitForStatus(shop, intent.id, 'succeeded');
    await confirmed(
      stack.keeper,
      stack.keeper.writeContract({
        address: stack.deployment.escrowAddress,
        abi: pmtEscrowAbi,
        functionName: 'refund',
        args: [escrowPaymentOf(paid), parseEther('0.001')],
      }),
    );
    const refunded = await waitForStatus(shop, intent.id, 'partially_refunded');
    expect(refunded).toMatchObject({
      amount_refunded: parseEther('0.001').toString(),
      payment: { amount_escrowed: parseEther('0.003').toString(), settled: null },
    });
    await stack.skipChainTime(HOLD_SECONDS + 1);
    await release(refunded);
    const settled = await stack.waitForIntent(shop, intent.id, (body) => body.payment!.settled !== null);
    expect(settled).toMatchObject({ status: 'partially_refunded', payment: { amount_escrowed: '0' } });
  });

  it('shows a dispute the merchant could not block, its deadline, and the buyer refunded when nobody ruled', async () => {
    const intent = await createdIntent(shop, { amount_crypto: parseEther('0.004').toString() });
    await stack.pay(intent);
    const paid = await waitForStatus(shop, intent.id, 'succeeded');
    const escrow = { address: stack.deployment.escrowAddress, abi: pmtEscrowAbi } as const;
    // The merchant refunds a little first; the buyer's record, read before that, still opens the dispute.
    await confirmed(
      stack.keeper,
      stack.keeper.writeContract({ ...escrow, functionName: 'refund', args: [escrowPaymentOf(paid), 1n] }),
    );
    await confirmed(
      stack.buyer,
      stack.buyer.writeContract({ ...escrow, functionName: 'openDispute', args: [escrowPaymentOf(paid)] }),
    );
    const disputed = await waitForStatus(shop, intent.id, 'disputed');
    const period = await stack.keeper.readContract({ ...escrow, functionName: 'ARBITRATION_PERIOD' });
    expect(disputed.payment!.dispute_deadline).toBe(disputed.payment!.disputed!.at + Number(period));

    await stack.skipChainTime(Number(period));
    await confirmed(
      stack.keeper,
      stack.keeper.writeContract({ ...escrow, functionName: 'refundExpiredDispute', args: [escrowPaymentOf(paid)] }),
    );
    const refunded = await waitForStatus(shop, intent.id, 'refunded');
    expect(refunded).toMatchObject({
      amount_refunded: intent.amount_crypto,
      payment: { amount_escrowed: '0', dispute_deadline: disputed.payment!.dispute_deadline },
    });
  });

  it('keeps a canceled intent canceled when a payment lands after the cancel, showing the payment', async () => {
    const intent = await createdIntent(shop, { amount_crypto: parseEther('0.001').toString() });
    const canceled = await expectStatus(
      await shop.client.v1.payment_intents[':id'].cancel.$post({
        param: { id: intent.id },
        json: { cancellation_reason: 'abandoned' },
        header: {},
      }),
      200,
    );
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    await stack.pay(intent);
    const paid = await stack.waitForIntent(shop, intent.id, (body) => body.payment?.final === true);
    expect(paid).toMatchObject({ status: 'canceled', canceled_at: canceled.canceled_at });
  });

  it('expires an unpaid intent when the chain clock passes its deadline', async () => {
    const intent = await createdIntent(shop, { amount_crypto: '1000' });
    const now = Number((await stack.publicClient.getBlock()).timestamp);
    await stack.skipChainTime(intent.expires_at - now + 1);
    await waitForStatus(shop, intent.id, 'expired');
    const refused = await expectStatus(await cancel(shop, intent.id), 409);
    expect(refused.error).toMatchObject({ code: 'payment_intent_unexpected_state' });
  });
});

describe('listing', () => {
  it('pages newest first with starting_after and ending_before, and filters by status, time and network', async () => {
    const merchant = await stack.merchant();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createdIntent(merchant, { amount_crypto: String(1000 + i) })).id);
    const newest = [...ids].reverse();
    const idsOf = (page: { data: { id: string }[] }) => page.data.map((i) => i.id);
    const page1 = await list(merchant, { limit: '2' });
    expect(idsOf(page1)).toEqual(newest.slice(0, 2));
    expect(page1).toMatchObject({ object: 'list', has_more: true, url: '/v1/payment_intents' });
    const page2 = await list(merchant, { limit: '2', starting_after: newest[1] });
    expect(idsOf(page2)).toEqual(newest.slice(2, 4));
    const page3 = await list(merchant, { limit: '2', starting_after: newest[3] });
    expect(page3).toMatchObject({ has_more: false });
    expect(idsOf(page3)).toEqual(newest.slice(4));
    const back = await list(merchant, { limit: '2', ending_before: newest[4] });
    expect(idsOf(back)).toEqual(newest.slice(2, 4));
    expect(back.has_more).toBe(true);
    const first = await list(merchant, { ending_before: newest[0] });
    expect(first).toMatchObject({ data: [], has_more: false });

    await expectStatus(await cancel(merchant, ids[0]!), 200);
    expect(idsOf(await list(merchant, { status: 'canceled' }))).toEqual([ids[0]]);
    expect((await list(merchant, { status: 'requires_payment', limit: '100' })).data).toHaveLength(4);

    const created = page1.data[0]!.created;
    expect((await list(merchant, { 'created[gte]': String(created + 3600) })).data).toEqual([]);
    const window = await list(merchant, {
      'created[gte]': String(created - 3600),
      'created[lte]': String(created),
      limit: '100',
    });
    expect(window.data).toHaveLength(5);
    expect((await list(merchant, { network: 'anvil', limit: '100' })).data).toHaveLength(5);
  });
  it('lists what was released to the merchant, whose intents stay succeeded', async () => {
    const merchant = await stack.merchant({ holdPeriodSeconds: HOLD_SECONDS });
    const intents = [];
    for (const amount of ['2000', '3000']) {
      const created = await createdIntent(merchant, { amount_crypto: amount });
      await stack.pay(created);
      intents.push(await waitForStatus(merchant, created.id, 'succeeded'));
    }
    const unpaid = await createdIntent(merchant, { amount_crypto: '4000' });
    await stack.skipChainTime(HOLD_SECONDS + 1);
    await release(intents[0]!);
    await stack.waitForIntent(merchant, intents[0]!.id, (body) => body.payment!.released !== null);

    const released = await list(merchant, { released: 'true' });
    expect(released.data.map((i) => [i.id, i.status])).toEqual([[intents[0]!.id, 'succeeded']]);
    const notReleased = await list(merchant, { released: 'false' });
    expect(notReleased.data.map((i) => i.id)).toEqual([unpaid.id, intents[1]!.id]);
    // `yes` is outside the schema on purpose (it takes true or false): cast so that it is sent as it is.
    const invalid = await merchant.client.v1.payment_intents.$get({
      query: { released: 'yes' } as unknown as IntentList,
    });
    expect((await expectStatus(invalid, 400)).error).toMatchObject({ code: 'parameter_invalid', param: 'released' });
  });
});

describe('typed client', () => {
  it('creates, reads, lists and cancels an intent with typed calls (api/client.ts)', async () => {
    const pmt = stack.client(shop.key);
    const created = await pmt.v1.payment_intents.$post({
      json: { amount: 4999, currency: 'USD', metadata: { sku: 'mug' } },
      header: { 'idempotency-key': 'mug-1' },
    });
    if (created.status !== 200)
      throw new Error(`create answered ${created.status}: ${JSON.stringify(await created.json())}`);
    const intent = await created.json();
    expect(intent.status).toBe('requires_payment');

    const read = await pmt.v1.payment_intents[':id'].$get({ param: { id: intent.id } });
    if (read.status !== 200) throw new Error(`read answered ${read.status}`);
    expect((await read.json()).metadata).toEqual({ sku: 'mug' });

    const list = await pmt.v1.payment_intents.$get({ query: { limit: '1' } });
    if (list.status !== 200) throw new Error(`list answered ${list.status}`);
    expect((await list.json()).data.map((i) => i.id)).toEqual([intent.id]);

    const canceled = await pmt.v1.payment_intents[':id'].cancel.$post({
      param: { id: intent.id },
      json: {},
      header: {},
    });
    if (canceled.status !== 200) throw new Error(`cancel answered ${canceled.status}`);
    expect((await canceled.json()).status).toBe('canceled');

    const missing = await pmt.v1.payment_intents[':id'].$get({ param: { id: 'pi_missing' } });
    if (missing.status !== 404) throw new Error(`a missing intent answered ${missing.status}`);
    expect((await missing.json()).error.code).toBe('resource_missing');
  });
});
