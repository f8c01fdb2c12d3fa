// Two rulings racing on one dispute, on a real chain: the worker's arbiter sends its ruling, and an arbiter
// wallet's ruling is mined first (a higher tip, in the same block). The worker's transaction reverts; its
// ruling shows failed with the keeper's reason, and no longer blocks the gateway from recording the ruling
// that won.
import { parseGwei } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../../abis/index.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { walletClientFor } from '../../lib/chain.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { type TestWorkers, testWorkers } from '../../test/harness/worker.js';
import { escrowPaymentOf } from '../client.js';

let stack: ApiStack;
let workers: TestWorkers;
let shop: TestMerchant;

beforeAll(async () => {
  stack = await startApiStack();
  workers = await testWorkers(stack);
  await workers.start('worker');
  shop = await stack.merchant({ holdPeriodSeconds: 3_600 });
}, 120_000);
afterAll(async () => {
  await workers?.stop();
  await stack?.stop();
});

const rpc = (method: string, params: unknown[] = []) =>
  stack.buyer.request({ method: method as never, params: params as never });

const disputeOf = async (id: string) =>
  (await stack.call(stack.adminKey, 'GET', `/v1/admin/disputes?payment_intent=${id}&status=all`)).body.data[0];

it('marks a worker ruling whose transaction reverted failed, and records the wallet ruling that won', async () => {
  const created = await shop.call('POST', '/v1/payment_intents', { amount: 1_000, currency: 'USD' });
  await stack.pay(created.body);
  const paid = await stack.waitForIntent(shop, created.body.id, (intent) => intent.status === 'succeeded');
  await stack.openDispute(paid);
  await stack.waitForIntent(shop, paid.id, (intent) => intent.status === 'disputed');
  const escrowed = BigInt(paid.amount_crypto);

  await rpc('evm_setAutomine', [false]);
  let walletRuling: `0x${string}`;
  try {
    const ruled = await stack.call(stack.adminKey, 'POST', `/v1/admin/payment_intents/${paid.id}/resolve_dispute`, {
      buyer_amount: '0',
    });
    expect(ruled.status).toBe(200);
    await expect
      .poll(async () => ((await rpc('txpool_status')) as { pending: string }).pending, {
        message: "the worker's ruling waits in the pool",
      })
      .toBe('0x1');
    const arbiter = walletClientFor(stack.chain, devAccounts.arbiter);
    walletRuling = await arbiter.writeContract({
      address: stack.deployment.escrowAddress,
      abi: pmtEscrowAbi,
      functionName: 'resolveDispute',
      args: [escrowPaymentOf(paid), escrowed / 2n],
      gas: 200_000n,
      maxPriorityFeePerGas: parseGwei('50'),
      maxFeePerGas: parseGwei('100'),
    });
    await rpc('evm_mine');
  } finally {
    await rpc('evm_setAutomine', [true]);
  }

  // The keeper settles what it sent once a minute; the operator may have it look now.
  const reconcile = await stack.call(stack.adminKey, 'POST', '/v1/admin/jobs', { task: 'keeper__reconcile' });
  expect(reconcile.status).toBe(200);
  await expect
    .poll(async () => (await disputeOf(paid.id)).ruling, { timeout: 30_000, message: "the worker's ruling failed" })
    .toMatchObject({
      sent_by: 'worker',
      status: 'failed',
      failure_reason: expect.stringMatching(/^its transaction reverted/),
    });

  const recorded = await stack.call(stack.adminKey, 'POST', `/v1/admin/payment_intents/${paid.id}/record_ruling`, {
    transaction_hash: walletRuling,
    note: 'Ruled from the wallet first.',
  });
  expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
  const settled = await disputeOf(paid.id);
  expect(settled.ruling).toMatchObject({
    sent_by: 'wallet',
    buyer_amount: (escrowed - escrowed / 2n).toString(),
    merchant_share: (escrowed / 2n).toString(),
    transaction_hash: walletRuling,
  });
  await expect
    .poll(async () => (await disputeOf(paid.id)).outcome?.buyer_amount, { timeout: 20_000 })
    .toBe((escrowed - escrowed / 2n).toString());
}, 120_000);
