// The deposit scanner over the real stack: plain transfers into an intent's deposit address (native value
// and ERC-20 `Transfer`s) show on that intent, and only on it, with the exceptions they make.
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pmtEscrowAbi, pmtTestTokenAbi } from '../../abis/index.js';
import { confirmed } from '../../lib/chain.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../../test/harness/apiStack.js';
import { type TestWorkers, testWorkers } from '../../test/harness/worker.js';

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

async function newIntent(body: Record<string, unknown> = {}) {
  const created = await shop.call('POST', '/v1/payment_intents', { amount_crypto: AMOUNT.toString(), ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return created.body;
}

const sendNative = (to: `0x${string}`, value: bigint) =>
  confirmed(stack.buyer, stack.buyer.sendTransaction({ to, value }));

const deposited = (id: string, done: (deposit: any) => boolean) =>
  stack.waitForIntent(shop, id, (intent) => done(intent.deposit));

describe('deposit addresses', () => {
  it('are the escrow’s own, with an EIP-681 request for the exact amount', async () => {
    const intent = await newIntent();
    const onChain = await stack.publicClient.readContract({
      address: stack.deployment.escrowAddress,
      abi: pmtEscrowAbi,
      functionName: 'depositAddress',
      args: [
        {
          ...intent.signed_intent,
          amount: BigInt(intent.signed_intent.amount),
          deadline: BigInt(intent.signed_intent.deadline),
          holdPeriod: BigInt(intent.signed_intent.holdPeriod),
        },
      ],
    });
    expect(intent.deposit).toEqual({
      address: onChain,
      uri: `ethereum:${onChain}@${stack.chain.id}?value=${AMOUNT}`,
      amount_received: '0',
      underpaid: false,
      overpaid: false,
      paid_late: false,
      wrong_asset: false,
    });
  });

  it('count what arrives: an underpayment, then a top-up past the amount', async () => {
    const intent = await newIntent();
    const sameAmount = await newIntent();
    await sendNative(intent.deposit.address, parseEther('0.004'));
    await deposited(intent.id, (deposit) => deposit.amount_received === parseEther('0.004').toString());
    expect((await shop.call('GET', `/v1/payment_intents/${intent.id}`)).body.deposit).toMatchObject({
      underpaid: true,
      overpaid: false,
    });

    await sendNative(intent.deposit.address, parseEther('0.008'));
    const topped = await deposited(intent.id, (deposit) => deposit.amount_received === parseEther('0.012').toString());
    expect(topped.deposit).toMatchObject({ underpaid: false, overpaid: true, paid_late: false, wrong_asset: false });
    expect(
      (await shop.call('GET', `/v1/payment_intents/${sameAmount.id}`)).body.deposit.amount_received,
      'another intent for the same amount gets none of it',
    ).toBe('0');
  });

  it('flag a token the intent is not in', async () => {
    const intent = await newIntent();
    await confirmed(
      stack.buyer,
      stack.buyer.writeContract({
        address: stack.deployment.tokenAddress,
        abi: pmtTestTokenAbi,
        functionName: 'transfer',
        args: [intent.deposit.address, 5_000_000n],
      }),
    );
    const flagged = await deposited(intent.id, (deposit) => deposit.wrong_asset);
    expect(flagged.deposit).toMatchObject({ amount_received: '0', underpaid: false });
  });

  it('flag an amount completed after the deadline as paid late', async () => {
    const intent = await newIntent();
    const chainNow = Number((await stack.publicClient.getBlock()).timestamp);
    await stack.skipChainTime(intent.expires_at - chainNow + 60);
    await sendNative(intent.deposit.address, AMOUNT);
    const late = await deposited(intent.id, (deposit) => deposit.amount_received === AMOUNT.toString());
    expect(late.deposit).toMatchObject({ paid_late: true, underpaid: false, overpaid: false });
  });
});
