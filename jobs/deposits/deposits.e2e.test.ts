// Paying by plain transfer over the real stack: transfers into an intent's deposit address (native value and
// ERC-20 `Transfer`s) show on that intent, and only on it, with the exceptions they make (the worker's
// deposit scanner); the keeper sweeps a deposit complete by the deadline into escrow for that intent,
// at once or later, topped up or not, and the payment then goes the way of a wallet's (deposits__sweep).
// What arrives for a closed intent goes back instead (jobs/closedIntents.e2e.test.ts).
import type { InferRequestType } from 'hono/client';
import { type Address, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmtEscrowAbi, pmtTestTokenAbi } from '../../abis/index.js';
import { escrowIntentOf, type PmtClient } from '../../api/client.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { confirmed, walletClientFor } from '../../lib/chain.js';
import { chainViews } from '../../lib/chainViews.js';
import { connectDb } from '../../lib/db/client.js';
import { readDepositState } from '../../lib/gatewayState.js';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import type { PaymentIntentResource } from '../../lib/resources/paymentIntent.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { query } from '../../test/harness/indexer.js';
import { expectStatus } from '../../test/harness/typedClient.js';
import { type TestWorkers, testWorkers } from '../../test/harness/worker.js';
import { BLOCKS_PER_STEP } from './scanner.js';

let stack: ApiStack;
let workers: TestWorkers;
let shop: TestMerchant;

beforeAll(async () => {
  stack = await startApiStack();
  workers = await testWorkers(stack);
  await workers.start('worker');
  shop = await stack.merchant();
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await stack?.stop();
});

const AMOUNT = parseEther('0.01');

type IntentCreate = InferRequestType<PmtClient['v1']['payment_intents']['$post']>['json'];
type RefundCreate = InferRequestType<PmtClient['v1']['refunds']['$post']>['json'];

const newIntent = async (body: Partial<IntentCreate> = {}) =>
  expectStatus(
    await shop.client.v1.payment_intents.$post({ json: { amount_crypto: AMOUNT.toString(), ...body }, header: {} }),
    200,
  );

const intentNow = async (id: string) =>
  expectStatus(await shop.client.v1.payment_intents[':id'].$get({ param: { id } }), 200);

const postRefund = (json: RefundCreate) => shop.client.v1.refunds.$post({ json, header: {} });

/** The intent's deposit address (the schema types it as a string). */
const depositOf = (intent: { deposit: { address: string } }) => intent.deposit.address as Address;

const sendNative = (to: Address, value: bigint) => confirmed(stack.buyer, stack.buyer.sendTransaction({ to, value }));

/** The stack's test token, sent by plain `transfer`. */
const sendTokens = (to: Address, amount: bigint) =>
  confirmed(
    stack.buyer,
    stack.buyer.writeContract({
      address: stack.deployment.tokenAddress,
      abi: pmtTestTokenAbi,
      functionName: 'transfer',
      args: [to, amount],
    }),
  );

const deposited = (id: string, done: (deposit: PaymentIntentResource['deposit']) => boolean) =>
  stack.waitForIntent(shop, id, (intent) => done(intent.deposit));

const succeeded = (id: string) => stack.waitForIntent(shop, id, (intent) => intent.status === 'succeeded');

const heldAt = (address: Address) => stack.publicClient.getBalance({ address });

/** The types of the events the merchant was sent about intent `id`, as GET /v1/events lists them. */
const eventsOf = async (id: string) =>
  (await expectStatus(await shop.client.v1.events.$get({ query: { limit: '100' } }), 200)).data
    .filter((event) => event.data.object.id === id)
    .map((event) => event.type)
    .sort();

/** A deposit refund, once the indexer has it on chain. */
async function refundDeposit(body: Omit<RefundCreate, 'source'>) {
  const created = await expectStatus(await postRefund({ source: 'deposit', ...body }), 200);
  await expect
    .poll(
      async () =>
        (await expectStatus(await shop.client.v1.refunds[':id'].$get({ param: { id: created.id } }), 200)).status,
      { timeout: 30_000 },
    )
    .toBe('succeeded');
  return created;
}

/** The checkout's PUT of a refund address: no key, the intent's client secret (when given) in its header. */
const putRefundAddress = (id: string, address: string, secret?: string) =>
  stack.client(undefined).v1.payment_intents[':id'].refund_address.$put({
    param: { id },
    json: { address },
    header: secret === undefined ? {} : { 'x-client-secret': secret },
  });

const chainNow = async () => Number((await stack.publicClient.getBlock()).timestamp);

/** Pauses the escrow, which refuses sweeps until unpaused. */
function setPaused(paused: boolean) {
  const admin = walletClientFor(stack.chain, devAccounts.admin);
  return confirmed(
    admin,
    admin.writeContract({
      address: stack.deployment.escrowAddress,
      abi: pmtEscrowAbi,
      functionName: paused ? 'pause' : 'unpause',
    }),
  );
}

describe('deposit addresses', () => {
  it('are the escrow’s own, with an EIP-681 request for the exact amount', async () => {
    const intent = await newIntent();
    const onChain = await stack.publicClient.readContract({
      address: stack.deployment.escrowAddress,
      abi: pmtEscrowAbi,
      functionName: 'depositAddress',
      args: [escrowIntentOf(intent)],
    });
    expect(intent.deposit).toEqual({
      address: onChain,
      uri: `ethereum:${onChain}@${stack.chain.id}?value=${AMOUNT}`,
      amount_received: '0',
      underpaid: false,
      overpaid: false,
      paid_late: false,
      wrong_asset: false,
      wrong_network: false,
      refund_address_needed: false,
      refund_address: null,
    });
  });

  it('count what arrives: an underpayment, then a top-up past the amount', async () => {
    const intent = await newIntent();
    const sameAmount = await newIntent();
    await sendNative(depositOf(intent), parseEther('0.004'));
    await deposited(intent.id, (deposit) => deposit.amount_received === parseEther('0.004').toString());
    expect((await intentNow(intent.id)).deposit).toMatchObject({ underpaid: true, overpaid: false });
    const refused = await expectStatus(
      await postRefund({ payment_intent: intent.id, source: 'deposit' }),
      409,
      'a top-up may still complete it',
    );
    expect(refused.error.code).toBe('payment_intent_unexpected_state');

    await sendNative(depositOf(intent), parseEther('0.008'));
    const topped = await deposited(intent.id, (deposit) => deposit.amount_received === parseEther('0.012').toString());
    expect(topped.deposit).toMatchObject({ underpaid: false, overpaid: true, paid_late: false, wrong_asset: false });
    expect(await eventsOf(intent.id)).toEqual(['payment_intent.overpaid', 'payment_intent.underpaid']);
    expect(
      (await intentNow(sameAmount.id)).deposit.amount_received,
      'another intent for the same amount gets none of it',
    ).toBe('0');
  });

  it('are watched for intents made before deposit addresses, once the scanner has stored theirs', async () => {
    const intent = await newIntent();
    await query(
      stack.api.services.config.databaseUrl,
      'UPDATE app.payment_intent SET deposit_address = NULL WHERE id = $1',
      [intent.id],
    );
    await sendNative(depositOf(intent), parseEther('0.001'));
    await deposited(intent.id, (deposit) => deposit.amount_received === parseEther('0.001').toString());
  });

  it('flag a token the intent is not in', async () => {
    const intent = await newIntent();
    await sendTokens(depositOf(intent), 5_000_000n);
    const flagged = await deposited(intent.id, (deposit) => deposit.wrong_asset);
    expect(flagged.deposit).toMatchObject({ amount_received: '0', underpaid: false });
    expect(await eventsOf(intent.id)).toEqual(['payment_intent.wrong_asset']);

    const token = stack.deployment.tokenAddress;
    const invalid = await expectStatus(
      await postRefund({
        payment_intent: intent.id,
        source: 'deposit',
        asset: token,
        destination: '0x976EA74026E726554dB657fA54763abd0C3a0aa8',
      }),
      400,
    );
    expect(invalid.error).toMatchObject({ code: 'address_checksum_invalid', param: 'destination' });
    const tooMuch = await expectStatus(
      await postRefund({ payment_intent: intent.id, source: 'deposit', asset: token, amount: '5000001' }),
      400,
    );
    expect(tooMuch.error.code).toBe('amount_too_large');
    const refund = await refundDeposit({ payment_intent: intent.id, asset: token });
    expect(refund).toMatchObject({
      source: 'deposit',
      amount: '5000000',
      asset: token,
      destination: stack.buyer.account.address,
    });
    const left = await stack.publicClient.readContract({
      address: token,
      abi: pmtTestTokenAbi,
      functionName: 'balanceOf',
      args: [depositOf(intent)],
    });
    expect(left).toBe(0n);
  });

  it('flag an amount completed after the deadline as paid late', async () => {
    const intent = await newIntent();
    await stack.skipChainTime(intent.expires_at - (await chainNow()) + 60);
    await sendNative(depositOf(intent), AMOUNT);
    const late = await deposited(intent.id, (deposit) => deposit.amount_received === AMOUNT.toString());
    expect(late.deposit).toMatchObject({ paid_late: true, underpaid: false, overpaid: false });
    expect(await eventsOf(intent.id)).toContain('payment_intent.paid_late');
  });
});

describe('sweeping', () => {
  it('escrows a plain native transfer for its intent, with the sender as buyer, released and paid out like a wallet payment', async () => {
    await expectStatus(
      await shop.client.v1.merchant.payout_settings.$post({ json: { schedule: 'instant' }, header: {} }),
      200,
    );
    const intent = await newIntent();
    await sendNative(depositOf(intent), AMOUNT);
    const paid = await succeeded(intent.id);
    expect(paid.payment).toMatchObject({ buyer: stack.buyer.account.address, amount_escrowed: AMOUNT.toString() });
    expect(await heldAt(depositOf(intent))).toBe(0n);

    await stack.release(paid);
    await stack.waitForIntent(shop, intent.id, (body) => body.payment!.released !== null);
    await workers.run('payouts__run');
    await expect
      .poll(async () =>
        (await expectStatus(await shop.client.v1.payouts.$get({ query: {} }), 200)).data.map((p) => p.status),
      )
      .toContain('paid');
  });

  it('escrows an ERC-20 transfer', async () => {
    const intent = await newIntent({ amount_crypto: '25000000', asset: stack.deployment.tokenAddress.toLowerCase() });
    expect(intent.deposit.uri).toBe(
      `ethereum:${stack.deployment.tokenAddress}@${stack.chain.id}/transfer?address=${intent.deposit.address}&uint256=25000000`,
    );
    await sendTokens(depositOf(intent), 25_000_000n);
    const paid = await succeeded(intent.id);
    expect(paid.payment!.amount_escrowed).toBe('25000000');
  });

  it('escrows the amount of an overpayment and leaves the excess at the deposit address', async () => {
    const intent = await newIntent();
    await sendNative(depositOf(intent), AMOUNT + parseEther('0.003'));
    const paid = await succeeded(intent.id);
    expect(paid.deposit).toMatchObject({ overpaid: true, amount_received: (AMOUNT + parseEther('0.003')).toString() });
    expect(paid.payment!.amount_escrowed).toBe(AMOUNT.toString());
    expect(await heldAt(depositOf(intent))).toBe(parseEther('0.003'));

    const refund = await refundDeposit({ payment_intent: intent.id });
    expect(refund).toMatchObject({ amount: parseEther('0.003').toString(), asset: 'native' });
    expect(await heldAt(depositOf(intent))).toBe(0n);
    await expect.poll(() => eventsOf(refund.id)).toEqual(['refund.succeeded']);
  });

  it('waits for the top-up of an underpayment, and never pays one intent with another’s deposit', async () => {
    const intent = await newIntent();
    const sameAmount = await newIntent();
    await sendNative(depositOf(intent), parseEther('0.006'));
    await sendNative(depositOf(sameAmount), AMOUNT);
    await succeeded(sameAmount.id);
    await workers.run('deposits__sweep');
    expect(await intentNow(intent.id)).toMatchObject({
      status: 'requires_payment',
      deposit: { underpaid: true },
    });

    await sendNative(depositOf(intent), parseEther('0.004'));
    const paid = await succeeded(intent.id);
    expect(paid.deposit).toMatchObject({ underpaid: false, overpaid: false });
    const other = await intentNow(sameAmount.id);
    expect(other.deposit.amount_received).toBe(AMOUNT.toString());
    expect(other.payment?.amount_escrowed).toBe(AMOUNT.toString());
  });

  it('sweeps a deposit complete by its deadline even after it, shown as processing meanwhile, never expired', async () => {
    const intent = await newIntent();
    await setPaused(true);
    try {
      await sendNative(depositOf(intent), AMOUNT);
      await deposited(intent.id, (deposit) => deposit.amount_received === AMOUNT.toString());
      await stack.skipChainTime(intent.expires_at - (await chainNow()) + 60);
      await stack.waitForIntent(shop, intent.id, (body) => body.status !== 'requires_payment');
      await workers.run('payment_intents__expire');
      expect((await intentNow(intent.id)).status, 'paid in time').toBe('processing');
      expect(await eventsOf(intent.id), 'no payment_intent.expired').toEqual([]);
    } finally {
      await setPaused(false);
    }
    await workers.run('deposits__sweep');
    const paid = await succeeded(intent.id);
    expect(paid.deposit).toMatchObject({ paid_late: false, amount_received: AMOUNT.toString() });
  });

  it('sweeps for the refund address the buyer gave at checkout, not the exchange that sent it', async () => {
    const intent = await newIntent();
    const own = '0x976EA74026E726554dB657fA54763abd0C3a0aa9';
    const put = (address: string, secret?: string) => putRefundAddress(intent.id, address, secret);
    expect((await expectStatus(await put(own), 400)).error).toMatchObject({
      code: 'parameter_missing',
      param: 'client_secret',
    });
    await expectStatus(await put(own, `${intent.client_secret}x`), 404);
    const invalid = await expectStatus(await put(own.toLowerCase().slice(0, -1), intent.client_secret), 400);
    expect(invalid.error.code).toBe('address_invalid');
    const saved = await expectStatus(await put(own.toLowerCase(), intent.client_secret), 200);
    expect(saved.deposit.refund_address).toBe(own);

    await sendNative(depositOf(intent), AMOUNT + parseEther('0.001'));
    const paid = await succeeded(intent.id);
    expect(paid.payment!.buyer, 'the buyer is the refund address').toBe(own);
    const refund = await refundDeposit({ payment_intent: intent.id });
    expect(refund.destination).toBe(own);
    await expectStatus(await put(own, intent.client_secret), 409, 'fixed once paid');
  });

  it('sees native value a contract sent, and sweeps it once the buyer names a refund address', async () => {
    // A contract's transfer: what one deposit address holds over its intent's amount, sent on by the keeper.
    const source = await newIntent();
    await sendNative(depositOf(source), AMOUNT * 2n);
    await succeeded(source.id);
    const intent = await newIntent();
    await confirmed(
      stack.keeper,
      stack.keeper.writeContract({
        address: stack.deployment.escrowAddress,
        abi: pmtEscrowAbi,
        functionName: 'returnDeposit',
        args: [escrowIntentOf(source), NATIVE_TOKEN, depositOf(intent), AMOUNT],
      }),
    );
    const arrived = await deposited(intent.id, (deposit) => deposit.amount_received === AMOUNT.toString());
    expect(arrived.deposit).toMatchObject({ refund_address_needed: true, underpaid: false });
    await workers.run('deposits__sweep');
    expect((await intentNow(intent.id)).status, 'no buyer yet').toBe('requires_payment');

    const own = '0x976EA74026E726554dB657fA54763abd0C3a0aa9';
    const saved = await expectStatus(await putRefundAddress(intent.id, own, intent.client_secret), 200);
    expect(saved.deposit.refund_address_needed).toBe(false);
    await workers.run('deposits__sweep');
    const paid = await succeeded(intent.id);
    expect(paid.payment!.buyer).toBe(own);
  });

  it('reports a complete deposit that waits for a sweep, and how far the scanner trails', async () => {
    const { databaseUrl, viewsSchema } = stack.api.services.config;
    const { networkViewsSchema } = stack.api.services.defaultNetwork.network;
    const database = connectDb(databaseUrl, { max: 1 });
    try {
      const state = () =>
        readDepositState(database.db, chainViews(viewsSchema), { networkViewsSchema, chainId: stack.chain.id });
      expect((await state()).unsweptOldestSeconds).toBe(0);
      await setPaused(true);
      const intent = await newIntent();
      await sendNative(depositOf(intent), AMOUNT);
      await deposited(intent.id, (deposit) => deposit.amount_received === AMOUNT.toString());
      await workers.run('deposits__sweep');
      await expect.poll(async () => (await state()).unsweptOldestSeconds).toBeGreaterThan(0);
      expect((await state()).scanLagBlocks).toBeLessThanOrEqual(BLOCKS_PER_STEP);
      await setPaused(false);
      await workers.run('deposits__sweep');
      await succeeded(intent.id);
      expect((await state()).unsweptOldestSeconds).toBe(0);
    } finally {
      await database.close();
    }
  });

  it('keeps a transfer that arrives while the sweep is pending', async () => {
    const intent = await newIntent();
    const mine = () => stack.publicClient.request({ method: 'evm_mine' as never });
    await stack.publicClient.request({ method: 'evm_setAutomine' as never, params: [false] as never });
    try {
      await stack.buyer.sendTransaction({ to: depositOf(intent), value: AMOUNT });
      await mine();
      await expect
        .poll(
          async () =>
            query(
              stack.api.services.config.databaseUrl,
              `SELECT 1 FROM app.keeper_transaction WHERE purpose = 'sweep' AND payload->>'paymentIntentId' = $1`,
              [intent.id],
            ),
          { timeout: 30_000 },
        )
        .toHaveLength(1);
      await stack.buyer.sendTransaction({ to: depositOf(intent), value: parseEther('0.002') });
      await mine();
    } finally {
      await stack.publicClient.request({ method: 'evm_setAutomine' as never, params: [true] as never });
    }
    const paid = await succeeded(intent.id);
    const received = await deposited(intent.id, (deposit) => deposit.overpaid);
    expect(received.deposit.amount_received).toBe((AMOUNT + parseEther('0.002')).toString());
    expect(paid.payment!.amount_escrowed).toBe(AMOUNT.toString());
    expect(await heldAt(depositOf(intent))).toBe(parseEther('0.002'));
  });
});
