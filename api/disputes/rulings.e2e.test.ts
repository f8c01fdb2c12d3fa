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
import { expectStatus } from '../../test/harness/typedClient.js';
import { type TestWorkers, testWorkers } from '../../test/harness/worker.js';
import { escrowPaymentOf, type PmtClient } from '../client.js';

let stack: ApiStack;
let workers: TestWorkers;
let shop: TestMerchant;
let admin: PmtClient['v1']['admin'];

beforeAll(async () => {
  stack = await startApiStack();
  workers = await testWorkers(stack);
  await workers.start('worker');
  shop = await stack.merchant({ holdPeriodSeconds: 3_600 });
  admin = stack.client(stack.adminKey).v1.admin;
}, 120_000);
afterAll(async () => {
  await workers?.stop();
  await stack?.stop();
});

const rpc = (method: string, params: unknown[] = []) =>
  stack.buyer.request({ method: method as never, params: params as never });

const disputeOf = async (id: string) => {
  const list = await admin.disputes.$get({ query: { payment_intent: id, status: 'all' } });
  const [dispute] = (await expectStatus(list, 200)).data;
  expect(dispute, `the dispute of ${id}`).toBeDefined();
  return dispute!;
};

it('marks a worker ruling whose transaction reverted failed, and records the wallet ruling that won', async () => {
  const created = await expectStatus(
    await shop.client.v1.payment_intents.$post({ json: { amount: 1_000, currency: 'USD' }, header: {} }),
    200,
  );
  await stack.pay(created);
  const paid = await stack.waitForIntent(shop, created.id, (intent) => intent.status === 'succeeded');
  await stack.openDispute(paid);
  await stack.waitForIntent(shop, paid.id, (intent) => intent.status === 'disputed');
  const escrowed = BigInt(paid.amount_crypto);

  await rpc('evm_setAutomine', [false]);
  let walletRuling: `0x${string}`;
  try {
    const ruled = await admin.payment_intents[':id'].resolve_dispute.$post({
      param: { id: paid.id },
      json: { buyer_amount: '0' },
      header: {},
    });
    await expectStatus(ruled, 200);
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
  await expectStatus(await admin.jobs.$post({ json: { task: 'keeper__reconcile' }, header: {} }), 200);
  await expect
    .poll(async () => (await disputeOf(paid.id)).ruling, { timeout: 30_000, message: "the worker's ruling failed" })
    .toMatchObject({
      sent_by: 'worker',
      status: 'failed',
      failure_reason: expect.stringMatching(/^its transaction reverted/),
    });

  const recorded = await admin.payment_intents[':id'].record_ruling.$post({
    param: { id: paid.id },
    json: { transaction_hash: walletRuling, note: 'Ruled from the wallet first.' },
    header: {},
  });
  await expectStatus(recorded, 200);
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
