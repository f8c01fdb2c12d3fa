// Refunds as the API shows them and the refund job sends them. A refund's status is not stored: it is
// `succeeded` once the indexer has the `PaymentRefunded` (or, out of a deposit address, the
// `DepositReturned`) of the keeper transaction that sent it, `failed`
// once the job gave up (`failure_reason`) or that transaction reverted or lost its nonce, and `pending`
// until either.
import { and, eq, getTableColumns, inArray, ne, or, sql } from 'drizzle-orm';
import type { ChainViews } from './chainViews.js';
import type { AnyDb } from './db/client.js';
import { depositTransfer, keeperAttempt, keeperTransaction, paymentIntent, refund } from './db/schema/index.js';
import { enqueueJob } from './jobQueue.js';
import { eventOfIntent } from './paymentIntents/indexed.js';
import { newId } from './randomToken.js';

export const refundStatuses = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof refundStatuses)[number];

/** The chain a refund is sent on: its own for a wrong-network deposit's return, else its intent's. */
export const refundChainId = sql<number>`coalesce(${refund.chainId}, ${paymentIntent.chainId})`;

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
        or(
          and(inArray(escrowEvent.name, ['PaymentRefunded', 'DepositReturned']), eventOfIntent({ escrowEvent })),
          // A wrong-network deposit's return names no payment of its chain: its keeper transaction tells it.
          and(eq(escrowEvent.name, 'ForeignDepositReturned'), eq(escrowEvent.chainId, refund.chainId)),
        ),
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
        chainId: refundChainId,
        token: sql<string>`coalesce(${refund.token}, ${paymentIntent.token})`,
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
  const rows = await query.where(
    and(eq(refund.paymentIntentId, intentId), eq(refund.source, 'escrow'), eq(status, 'pending')),
  );
  return rows.reduce((total, row) => total + row.refund.amount, 0n);
}

/**
 * What the deposit address of `intent` still holds of `token` for a refund: what arrived there, less what a
 * sweep escrowed, less deposit refunds sent or on their way.
 */
export async function refundableDeposit(
  db: AnyDb,
  views: ChainViews,
  intent: { id: string; chainId: number; paymentId: string; token: string; cryptoAmount: bigint },
  token: string,
): Promise<bigint> {
  const [arrived] = await db
    .select({ total: sql<string>`coalesce(sum(${depositTransfer.amount}), 0)` })
    .from(depositTransfer)
    .where(and(eq(depositTransfer.paymentIntentId, intent.id), eq(depositTransfer.token, token)));
  const [swept] = await db
    .select({ id: views.escrowEvent.id })
    .from(views.escrowEvent)
    .where(
      and(
        eq(views.escrowEvent.chainId, intent.chainId),
        eq(views.escrowEvent.name, 'DepositSwept'),
        eq(views.escrowEvent.paymentId, intent.paymentId),
      ),
    );
  const { query, status } = selectRefunds(db, views);
  const refunds = await query.where(
    and(
      eq(refund.paymentIntentId, intent.id),
      eq(refund.source, 'deposit'),
      eq(refund.token, token),
      ne(status, 'failed'),
    ),
  );
  const escrowed = swept && token === intent.token ? intent.cryptoAmount : 0n;
  return BigInt(arrived!.total) - escrowed - refunds.reduce((total, row) => total + row.refund.amount, 0n);
}

/** Records a refund and the job that has the keeper send it, in the caller's transaction; returns its id. */
export async function recordRefund(
  db: AnyDb,
  workerSchema: string,
  values: Omit<typeof refund.$inferInsert, 'id'>,
): Promise<string> {
  const id = newId('re');
  await db.insert(refund).values({ id, ...values });
  await enqueueJob(db, workerSchema, 'refunds__send', { refundId: id }, `refund:${id}`);
  return id;
}
