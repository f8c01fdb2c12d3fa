// Sends a refund the merchant asked for (POST /v1/refunds) as the keeper: `refund(payment, amount)`, with
// the payment's record from the indexed row. The escrow is the judge of whether it may still be refunded
// (hold period, dispute, amount): a call it would revert is not sent, and the refund fails with its reason.
// Sent at most once (jobs/keeper/sendOnce.ts): the keeper transaction carries the effect `refund:<id>`.
import { eq } from 'drizzle-orm';
import { encodeFunctionData } from 'viem';
import { z } from 'zod';
import { pmtEscrowAbi } from '../../abis/index.js';
import { paymentIntent, refund } from '../../lib/db/schema.js';
import { sendOnce } from '../keeper/sendOnce.js';
import { announceFailedRefunds } from '../refundFailures.js';
import { withKeeper } from '../services.js';
import { jobTask } from '../task.js';

export default jobTask(z.object({ refundId: z.string() }), async ({ refundId }, helpers, services) => {
  await withKeeper(helpers, services, async (keeper) => {
    const { db } = keeper;
    const [row] = await db
      .select({ refund, paymentId: paymentIntent.paymentId })
      .from(refund)
      .innerJoin(paymentIntent, eq(paymentIntent.id, refund.paymentIntentId))
      .where(eq(refund.id, refundId));
    if (!row) throw new Error(`refund ${refundId} does not exist`);
    if (row.refund.keeperTransactionId || row.refund.failureReason) return;
    await sendOnce(keeper, services, {
      purpose: 'refund',
      effect: `refund:${refundId}`,
      payload: { refundId },
      paymentId: row.paymentId,
      data: (payment) =>
        encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'refund', args: [payment, row.refund.amount] }),
      noteSent: (transactionId) =>
        db.update(refund).set({ keeperTransactionId: transactionId }).where(eq(refund.id, refundId)),
      fail: async (reason) => {
        await db.update(refund).set({ failureReason: reason }).where(eq(refund.id, refundId));
        await announceFailedRefunds(db, services, refundId);
      },
    });
  });
});
