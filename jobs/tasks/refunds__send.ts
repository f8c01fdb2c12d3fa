// Sends a refund the merchant asked for (POST /v1/refunds) as the keeper: `refund(payment, amount)`, with
// the payment's record from the indexed row. The escrow is the judge of whether it may still be refunded
// (hold period, dispute, amount): a call it would revert is not sent, and the refund fails with its reason.
// Sent at most once: the keeper transaction carries the effect `refund:<id>`, and a retry (after a crash
// between sending and noting it here) finds that transaction instead of sending another.
import { desc, eq } from 'drizzle-orm';
import { encodeFunctionData } from 'viem';
import { z } from 'zod';
import { pmtEscrowAbi } from '../../abis/index.js';
import { paymentRecordColumns } from '../../lib/chainViews.js';
import { keeperTransaction, paymentIntent, refund } from '../../lib/db/schema.js';
import { paymentRecord } from '../../lib/intent.js';
import { KeeperCallRejected } from '../keeper/session.js';
import { announceFailedRefunds } from '../refundFailures.js';
import { withKeeper } from '../services.js';
import { jobTask } from '../task.js';

export default jobTask(z.object({ refundId: z.string() }), async ({ refundId }, helpers, services) => {
  const { views, config } = services;
  await withKeeper(helpers, services, async (keeper) => {
    const { db } = keeper;
    const effect = `refund:${refundId}`;
    const noteSent = (transactionId: string) =>
      db.update(refund).set({ keeperTransactionId: transactionId }).where(eq(refund.id, refundId));
    const fail = (reason: string) => db.update(refund).set({ failureReason: reason }).where(eq(refund.id, refundId));

    const [row] = await db
      .select({ refund, paymentId: paymentIntent.paymentId })
      .from(refund)
      .innerJoin(paymentIntent, eq(paymentIntent.id, refund.paymentIntentId))
      .where(eq(refund.id, refundId));
    if (!row) throw new Error(`refund ${refundId} does not exist`);
    if (row.refund.keeperTransactionId || row.refund.failureReason) return;
    const [sent] = await db
      .select({ id: keeperTransaction.id })
      .from(keeperTransaction)
      .where(eq(keeperTransaction.effect, effect))
      .orderBy(desc(keeperTransaction.createdAt))
      .limit(1);
    if (sent) {
      await noteSent(sent.id);
      return;
    }

    const [indexed] = await db
      .select(paymentRecordColumns(views))
      .from(views.payment)
      .where(eq(views.payment.id, row.paymentId));
    if (!indexed) {
      await fail('the payment is not in the escrow');
      await announceFailedRefunds(db, services, refundId);
      return;
    }
    await keeper.reconcile();
    try {
      const transaction = await keeper.send({
        purpose: 'refund',
        effect,
        payload: { refundId },
        to: config.escrowAddress,
        data: encodeFunctionData({
          abi: pmtEscrowAbi,
          functionName: 'refund',
          args: [paymentRecord(indexed), row.refund.amount],
        }),
      });
      await noteSent(transaction.id);
    } catch (err) {
      // Anything else (EffectAlreadySent included) fails the job; its retry notes what was sent.
      if (!(err instanceof KeeperCallRejected)) throw err;
      await fail(err.reason);
      await announceFailedRefunds(db, services, refundId);
    }
  });
});
