// Crash recovery: an indexer killed with SIGKILL in the middle of a backfill and started again on the
// same schema ends with exactly the tables of an indexer that ran through without interruption.

import { createPublicClient, http } from 'viem';
import { expect, it } from 'vitest';
import { deployBulkPayer, emitPaymentEvents } from '../devkit/bulkEvents.js';
import { devAccounts } from '../devkit/devAccounts.js';
import { deployLocalStack } from '../devkit/localDeployment.js';
import { releaseIndexerLock } from '../indexer/launch/lock.js';
import { localChain, walletClientFor } from '../lib/chain.js';
import { freshDatabase } from './harness/database.js';
import { fileNode } from './harness/fileNode.js';
import { dumpIndexedTables, query, startTestIndexer, type TestIndexer } from './harness/indexer.js';
import { pollUntil } from './harness/poll.js';

const { databaseUrl, rpcUrl, chainId } = await fileNode('indexer_crash');

/** Enough for Ponder to commit several batches of rows before it finishes. */
const EVENTS = 20_000;

async function indexedPayments(indexer: TestIndexer): Promise<number> {
  const rows = await query<{ n: string }>(databaseUrl, `SELECT count(*) AS n FROM "${indexer.schema}".payment`).catch(
    (err: { code?: string }) => {
      if (err.code === '42P01') return [{ n: '0' }]; // Ponder has not created its tables yet
      throw err;
    },
  );
  return Number(rows[0]!.n);
}

it('a SIGKILL mid-backfill and a restart give the same tables as an uninterrupted run', async () => {
  const deployment = await deployLocalStack(rpcUrl, chainId);
  const admin = walletClientFor(localChain(chainId, rpcUrl), devAccounts.admin);
  await emitPaymentEvents(admin, await deployBulkPayer(admin, deployment.escrowAddress), EVENTS);
  // Bury the events under Ponder's 30-block finality window, so that all of them are backfill.
  const client = createPublicClient({ transport: http(rpcUrl) });
  await client.request({ method: 'anvil_mine' as never, params: ['0x28'] as never });
  const head = await client.getBlockNumber();

  const crashing = await startTestIndexer({ databaseUrl, rpcUrl, ...deployment });
  const firstRows = async () => {
    if (crashing.process.exitCode !== null)
      throw new Error(`the indexer exited before it could be interrupted:\n${crashing.output()}`);
    const ready = await fetch(`${crashing.url}/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready)
      throw new Error(`the backfill finished before it could be interrupted; raise EVENTS:\n${crashing.output()}`);
    return indexedPayments(crashing);
  };
  await pollUntil('the backfill’s first payment rows', firstRows, (rows) => rows > 0, 120_000, 20);
  await crashing.kill();
  // Counted after the kill: the crash really came in the middle of the backfill.
  expect(await indexedPayments(crashing)).toBeLessThan(EVENTS / 2);

  // The killed process cannot release its lock; we know it is dead, so lift it instead of waiting 25 s.
  expect(await releaseIndexerLock(databaseUrl, crashing.schema)).toBe(true);
  // The reference run gets a database of its own: it shares no sync cache the crash could have damaged
  // (two indexers filling one sync store at once can also deadlock there, and Ponder 0.16 then stalls).
  const reference = await freshDatabase(databaseUrl, 'crash_reference');
  const restarted = await startTestIndexer({ databaseUrl, rpcUrl, ...deployment });
  const uninterrupted = await startTestIndexer({ databaseUrl: reference.url, rpcUrl, ...deployment });
  try {
    expect(restarted.schema).toBe(crashing.schema);
    for (const indexer of [restarted, uninterrupted]) {
      await indexer.waitUntilReady(180_000);
      await indexer.waitForBlock(head);
    }
    expect(restarted.output()).toMatch(/crash recovery/i);
    const [recovered, whole] = await Promise.all([
      dumpIndexedTables(databaseUrl, restarted.schema),
      dumpIndexedTables(reference.url, uninterrupted.schema),
    ]);
    expect(whole.payment).toHaveLength(EVENTS / 2);
    expect(recovered).toEqual(whole);
  } finally {
    await Promise.all([restarted.stop(), uninterrupted.stop()]);
    await reference.drop();
  }
}, 300_000);
