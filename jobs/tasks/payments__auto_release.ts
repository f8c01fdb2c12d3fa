// Releases escrowed payments once their hold period is over: not disputed, escrowed in a final block,
// in `releaseBatch` transactions of RELEASE_BATCH_SIZE, records taken from the indexed rows. A payment to
// a closed intent is not released: the gateway refunds it (jobs/webhooks/closedIntentPayment.ts). A payment
// in a release transaction that is pending, or mined but not yet indexed, is not sent again (were it,
// the escrow would skip it: releaseBatch ignores settled records).
import { and, asc, eq, lte, not, sql } from 'drizzle-orm';
import { encodeFunctionData } from 'viem';
import { pmtEscrowAbi } from '../../abis/index.js';
import { paymentRecordColumns } from '../../lib/chainViews.js';
import { keeperTransaction } from '../../lib/db/schema/index.js';
import { finalBlock, readIndexedHead } from '../../lib/finality.js';
import { paymentRecord } from '../../lib/intent.js';
import { paysClosedIntent } from '../../lib/paymentIntents/closed.js';
import type { KeeperSession } from '../keeper/session.js';
import type { JobServices } from '../services.js';
import { withKeeper } from '../services.js';
import { jobTask } from '../task.js';

/** The release transactions' payload: which payments they carry. */
export interface ReleasePayload {
  paymentIds: string[];
}

async function duePayments({ db }: KeeperSession, { config, chain, views }: JobServices) {
  const { payment } = views;
  const head = await readIndexedHead(db, config.networkViewsSchema);
  const final = await finalBlock(config.finality, head?.number, chain);
  if (head === undefined || final === undefined) return [];
  // The escrow compares releaseAfter with the next block's time, which is at least the latest one's.
  const { timestamp: now } = await chain.getBlock({ blockTag: 'latest' });
  const inFlight = sql`EXISTS (SELECT 1 FROM ${keeperTransaction}
    WHERE ${keeperTransaction.purpose} = 'release' AND ${keeperTransaction.chainId} = ${config.chain.id}
      AND (${keeperTransaction.state} = 'pending'
        OR (${keeperTransaction.state} = 'mined' AND ${keeperTransaction.blockNumber} > ${head.number}))
      AND ${keeperTransaction.payload} -> 'paymentIds' @> to_jsonb(${payment.id}))`;
  return db
    .select(paymentRecordColumns(views))
    .from(payment)
    .where(
      and(
        eq(payment.chainId, config.chain.id),
        eq(payment.status, 'escrowed'),
        lte(payment.releaseAfter, now),
        lte(payment.escrowedBlock, final),
        not(inFlight),
        not(paysClosedIntent(payment.chainId, payment.id)),
      ),
    )
    .orderBy(asc(payment.releaseAfter), asc(payment.id))
    .limit(config.releaseBatchSize);
}

export default jobTask('payments__auto_release', async (_payload, helpers, services) => {
  await withKeeper(helpers, services, async (keeper) => {
    await keeper.reconcile();
    for (let due = await duePayments(keeper, services); due.length > 0; due = await duePayments(keeper, services)) {
      const payload: ReleasePayload = { paymentIds: due.map((p) => p.id) };
      await keeper.send({
        purpose: 'release',
        payload: { ...payload },
        to: services.config.escrowAddress,
        data: encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'releaseBatch', args: [due.map(paymentRecord)] }),
      });
    }
  });
});
