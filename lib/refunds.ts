// Refunds as the API shows them and the refund job sends them. A refund's status is not stored: it is
// `succeeded` once the indexer has the `PaymentRefunded` of the keeper transaction that sent it, `failed`
// once the job gave up (`failure_reason`) or that transaction reverted or lost its nonce, and `pending`
// until either.
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type { ChainViews } from './chainViews.js';
import type { AnyDb } from './db/client.js';
import { keeperAttempt, keeperTransaction, paymentIntent, refund } from './db/schema.js';

export const refundStatuses = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof refundStatuses)[number];

export function selectRefunds(db: AnyDb, { escrowEvent }: ChainViews) {
  // The refund on chain: the `PaymentRefunded` of whichever attempt of its keeper transaction was mined,
  // known as soon as the indexer has it (before the keeper's own bookkeeping marks the attempt mined).
  const onChain = db
    .select({
      transactionHash: escrowEvent.transactionHash,
      blockNumber: escrowEvent.blockNumber,
      blockTimestamp: escrowEvent.blockTimestamp,
    })
    .from(keeperAttempt)
    .innerJoin(escrowEvent, eq(escrowEvent.transactionHash, keeperAttempt.hash))
    .where(
      and(
        eq(keeperAttempt.transactionId, refund.keeperTransactionId),
        eq(escrowEvent.name, 'PaymentRefunded'),
        eq(escrowEvent.paymentId, paymentIntent.paymentId),
      ),
    )
    .limit(1)
    .as('refund_event');
  const status = sql<RefundStatus>`CASE
    WHEN ${onChain.transactionHash} IS NOT NULL THEN 'succeeded'
    WHEN ${refund.failureReason} IS NOT NULL OR ${keeperTransaction.state} IN ('reverted', 'failed') THEN 'failed'
    ELSE 'pending' END`;
  return {
    status,
    query: db
      .select({
        refund: getTableColumns(refund),
        paymentId: paymentIntent.paymentId,
        token: paymentIntent.token,
        keeperError: keeperTransaction.error,
        event: {
          transactionHash: onChain.transactionHash,
          blockNumber: onChain.blockNumber,
          blockTimestamp: onChain.blockTimestamp,
        },
        status,
      })
      .from(refund)
      .innerJoin(paymentIntent, eq(paymentIntent.id, refund.paymentIntentId))
      .leftJoin(keeperTransaction, eq(keeperTransaction.id, refund.keeperTransactionId))
      .leftJoinLateral(onChain, sql`true`)
      .$dynamic(),
  };
}

export type RefundRow = Awaited<ReturnType<typeof selectRefunds>['query']>[number];

/** What refunds of `intentId` still pending will take out of the escrow once they are sent. */
export async function pendingRefundTotal(db: AnyDb, views: ChainViews, intentId: string): Promise<bigint> {
  const { query, status } = selectRefunds(db, views);
  const rows = await query.where(and(eq(refund.paymentIntentId, intentId), eq(status, 'pending')));
  return rows.reduce((total, row) => total + row.refund.amount, 0n);
}
