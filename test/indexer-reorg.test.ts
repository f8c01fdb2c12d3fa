// A chain reorganization: a payment that was indexed live and then dropped from the chain disappears from
// every indexed table, while payments on the surviving chain stay.

import { type Hex, parseEther } from 'viem';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { devAccounts } from '../devkit/devAccounts.js';
import { payDevIntent } from '../devkit/devPayments.js';
import { deployLocalStack, type LocalDeployment } from '../devkit/localDeployment.js';
import { localChain, type WalletClient, walletClientFor } from '../lib/chain.js';
import { NATIVE_TOKEN } from '../lib/intent.js';
import { fileNode } from './harness/fileNode.js';
import { query, startTestIndexer, type TestIndexer } from './harness/indexer.js';

const { databaseUrl, rpcUrl, chainId } = await fileNode('indexer_reorg');

let buyer: WalletClient;
let deployment: LocalDeployment;
let indexer: TestIndexer;

beforeAll(async () => {
  buyer = walletClientFor(localChain(chainId, rpcUrl), devAccounts.buyer);
  deployment = await deployLocalStack(rpcUrl, chainId);
  indexer = await startTestIndexer({ databaseUrl, rpcUrl, ...deployment });
  await indexer.waitUntilReady();
}, 120_000);

afterAll(async () => {
  await indexer?.stop();
});

const pay = async () => {
  const { payment, receipt } = await payDevIntent(buyer, deployment.escrowAddress, {
    token: NATIVE_TOKEN,
    amount: parseEther('0.1'),
    feeBps: 100,
    holdPeriod: 3_600n,
  });
  return { id: payment.id, block: receipt.blockNumber };
};

const rowsAbout = async (id: Hex) => {
  const table = (name: string) => `"${indexer.schema}"."${name}"`;
  const [payments, events] = await Promise.all([
    query(databaseUrl, `SELECT id FROM ${table('payment')} WHERE id = $1`, [id]),
    query(databaseUrl, `SELECT id FROM ${table('escrow_event')} WHERE payment_id = $1`, [id]),
  ]);
  return payments.length + events.length;
};

it('drops the rows of a payment whose block was reorged away', async () => {
  const kept = await pay();
  const snapshot = await buyer.request({ method: 'evm_snapshot' as never });
  const dropped = await pay();
  await indexer.waitForBlock(dropped.block);
  expect(await rowsAbout(dropped.id)).toBe(2); // the payment and its PaymentEscrowed event

  // Rewind past the payment and grow a longer chain of different blocks in its place.
  await buyer.request({ method: 'evm_revert' as never, params: [snapshot] as never });
  await buyer.request({ method: 'anvil_mine' as never, params: ['0x3'] as never });
  const after = await pay();
  expect(after.block).toBeGreaterThan(dropped.block);
  await indexer.waitForBlock(after.block);

  expect(await rowsAbout(dropped.id)).toBe(0);
  expect(await rowsAbout(kept.id)).toBe(2);
  expect(await rowsAbout(after.id)).toBe(2);
  expect(indexer.output()).toMatch(/reorg/i);
});
