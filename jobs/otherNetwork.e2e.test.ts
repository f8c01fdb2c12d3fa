// A gateway whose API and worker serve one network while its database also holds another network's indexed
// rows (a second indexer writing the same combined views): they show and move only their own chain's money.
// The merchant's balance leaves out what it earned on the other chain, and the payout run pays only this
// chain's balance, never the other's through this chain's escrow.
import { parseEther } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pmtEscrowAbi } from '../abis/index.js';
import { devAccounts } from '../devkit/devAccounts.js';
import { sendPayment } from '../devkit/devPayments.js';
import { confirmed, localChain, walletClientFor } from '../lib/chain.js';
import { type EscrowIntent, NATIVE_TOKEN, newPaymentId, signPaymentIntent } from '../lib/intent.js';
import { type ApiStack, startApiStack, type TestMerchant } from '../test/harness/apiStack.js';
import { type SecondNetwork, startSecondNetwork } from '../test/harness/secondNetwork.js';
import { expectStatus } from '../test/harness/typedClient.js';
import { type TestWorkers, testWorkers } from '../test/harness/worker.js';

let stack: ApiStack;
let workers: TestWorkers;
let other: SecondNetwork;

beforeAll(async () => {
  stack = await startApiStack();
  workers = await testWorkers(stack);
  other = await startSecondNetwork(stack);
}, 180_000);

afterAll(async () => {
  await other?.stop();
  await workers?.stop();
  await stack?.stop();
});

/** The merchant's wallet earns `amount` on the other chain: paid there, and released at once by its buyer. */
async function earnOnOtherChain(merchant: TestMerchant, amount: bigint): Promise<bigint> {
  const chain = localChain(other.anvil.chainId, other.anvil.rpcUrl);
  const buyer = walletClientFor(chain, devAccounts.buyer);
  const deadline = (await buyer.getBlock()).timestamp + 3_600n;
  const intent: EscrowIntent = {
    id: newPaymentId(deadline),
    merchant: merchant.wallet,
    token: NATIVE_TOKEN,
    amount,
    feeBps: 100,
    deadline,
    holdPeriod: 3_600n,
  };
  const escrow = other.deployment.escrowAddress;
  const signature = await signPaymentIntent(devAccounts.operator, { chainId: chain.id, escrow }, intent);
  const paid = await confirmed(buyer, sendPayment(buyer, escrow, { intent, signature }));
  const { timestamp } = await buyer.getBlock({ blockNumber: paid.blockNumber });
  const record = {
    id: intent.id,
    buyer: devAccounts.buyer.address,
    merchant: intent.merchant,
    token: intent.token,
    amount,
    feeBps: intent.feeBps,
    releaseAfter: timestamp + intent.holdPeriod,
  };
  const released = await confirmed(
    buyer,
    buyer.writeContract({ address: escrow, abi: pmtEscrowAbi, functionName: 'release', args: [record] }),
  );
  await other.indexer.waitForBlock(released.blockNumber);
  return amount - (amount * 100n) / 10_000n;
}

it("shows and pays out only the served chain's balance, leaving the other chain's where it is", async () => {
  const shop = await stack.merchant();
  const elsewhere = await earnOnOtherChain(shop, parseEther('0.5'));

  // Earned on the served chain: paid through the API, released by the buyer.
  const here = await stack.earn(shop, parseEther('0.002'));

  const balance = await expectStatus(await shop.client.v1.balance.$get(), 200);
  expect(balance.assets).toEqual([
    {
      network: 'anvil',
      chain_id: 31_337,
      asset: 'native',
      escrowed: '0',
      available: here.toString(),
      paid_out: '0',
      withdrawn: '0',
    },
  ]);

  await workers.start('worker');
  await workers.run('payouts__run');
  await expect
    .poll(async () => (await expectStatus(await shop.client.v1.balance.$get(), 200)).assets[0]?.paid_out, {
      timeout: 30_000,
    })
    .toBe(here.toString());
  const onOtherChain = walletClientFor(localChain(other.anvil.chainId, other.anvil.rpcUrl), devAccounts.buyer);
  const owed = await onOtherChain.readContract({
    address: other.deployment.escrowAddress,
    abi: pmtEscrowAbi,
    functionName: 'balanceOf',
    args: [shop.wallet, NATIVE_TOKEN],
  });
  expect(owed, "the other chain's balance is untouched").toBe(elsewhere);
  // One payout, of this chain's balance: none was written for the other chain's.
  const payouts = await expectStatus(await shop.client.v1.payouts.$get({ query: {} }), 200);
  expect(payouts.data.map(({ id, status, amount }) => ({ gateway: id.startsWith('po_'), status, amount }))).toEqual([
    { gateway: true, status: 'paid', amount: here.toString() },
  ]);
});
