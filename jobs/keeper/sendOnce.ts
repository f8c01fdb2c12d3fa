// Sending one keeper call at most once: a refund, a ruling, a deposit refund. A retry (after a crash between
// sending and noting it) finds the transaction already made for the effect instead of sending another; a
// call about a payment the escrow does not have, or one it would revert, is not sent and fails with the
// reason.
import { and, desc, eq } from 'drizzle-orm';
import type { Hex } from 'viem';
import { paymentRecordColumns } from '../../lib/chainViews.js';
import { type KeeperPurpose, keeperTransaction } from '../../lib/db/schema/index.js';
import { type Payment, paymentRecord } from '../../lib/intent.js';
import type { JobServices } from '../services.js';
import { KeeperCallRejected, type KeeperSession } from './session.js';

export async function sendOnce(
  session: KeeperSession,
  { views, config }: Pick<JobServices, 'views' | 'config'>,
  job: {
    purpose: KeeperPurpose;
    /** What the transaction does (`refund:re_…`): at most one is pending or mined. */
    effect: string;
    payload: Record<string, unknown>;
    /**
     * The escrow call: given the record of the indexed payment with bytes32 id `paymentId`, or as it is
     * for a call that needs none.
     */
    call: { paymentId: string; data: (payment: Payment) => Hex } | { data: Hex };
    noteSent: (transactionId: string) => Promise<unknown>;
    fail: (reason: string) => Promise<unknown>;
  },
): Promise<void> {
  const { db } = session;
  const [sent] = await db
    .select({ id: keeperTransaction.id })
    .from(keeperTransaction)
    .where(eq(keeperTransaction.effect, job.effect))
    .orderBy(desc(keeperTransaction.createdAt))
    .limit(1);
  if (sent) {
    await job.noteSent(sent.id);
    return;
  }
  let data: Hex;
  if ('paymentId' in job.call) {
    const [indexed] = await db
      .select(paymentRecordColumns(views))
      .from(views.payment)
      .where(and(eq(views.payment.chainId, config.chain.id), eq(views.payment.id, job.call.paymentId)));
    if (!indexed) {
      await job.fail('the payment is not in the escrow');
      return;
    }
    data = job.call.data(paymentRecord(indexed));
  } else {
    data = job.call.data;
  }
  await session.reconcile();
  try {
    const transaction = await session.send({
      purpose: job.purpose,
      effect: job.effect,
      payload: job.payload,
      to: config.escrowAddress,
      data,
    });
    await job.noteSent(transaction.id);
  } catch (err) {
    // Anything else (EffectAlreadySent included) fails the job; its retry notes what was sent.
    if (!(err instanceof KeeperCallRejected)) throw err;
    await job.fail(err.reason);
  }
}
