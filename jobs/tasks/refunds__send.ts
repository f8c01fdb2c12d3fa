// Sends a refund the merchant asked for (POST /v1/refunds) as the keeper: `refund(payment, amount)`, with
// the payment's record from the indexed row, or for a deposit refund `returnDeposit(intent, token, to,
// amount)`. The escrow is the judge of whether it may still be refunded
// (hold period, dispute, amount): a call it would revert is not sent, and the refund fails with its reason.
// Sent at most once (jobs/keeper/sendOnce.ts): the keeper transaction carries the effect `refund:<id>`.
import { eq } from 'drizzle-orm';
import { encodeFunctionData, getAddress } from 'viem';
import { pmtEscrowAbi } from '../../abis/index.js';
import { paymentIntent, refund } from '../../lib/db/schema/index.js';
import type { Payment } from '../../lib/intent.js';
import { signedIntentOf } from '../../lib/resources/paymentIntent.js';
import { chainOfRefund } from '../intentChain.js';
import { sendOnce } from '../keeper/sendOnce.js';
import { announceFailedRefunds } from '../refundFailures.js';
import { withKeeper } from '../services.js';
import { jobTask } from '../task.js';

/**
 * `refund(payment, amount)` out of the escrow, `returnDeposit(intent, token, to, amount)` out of its deposit
 * address, or `returnForeignDeposit(chainId, …)` out of its deposit address on the chain a buyer sent on by
 * mistake (this job runs on that chain's network).
 */
function callOf(sent: typeof refund.$inferSelect, intent: typeof paymentIntent.$inferSelect) {
  // A deposit refund names its token and destination; an escrow refund has neither.
  const deposit = () =>
    [signedIntentOf({ intent }), getAddress(sent.token!), getAddress(sent.destination!), sent.amount] as const;
  if (sent.source === 'deposit') {
    return { data: encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'returnDeposit', args: deposit() }) };
  }
  if (sent.source === 'foreign_deposit') {
    const args = [BigInt(intent.chainId), ...deposit()] as const;
    return { data: encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'returnForeignDeposit', args }) };
  }
  return {
    paymentId: intent.paymentId,
    data: (payment: Payment) =>
      encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'refund', args: [payment, sent.amount] }),
  };
}

export default jobTask(
  'refunds__send',
  async ({ refundId }, helpers, services) => {
    await withKeeper(helpers, services, async (keeper) => {
      const { db } = keeper;
      const [row] = await db
        .select({ refund, intent: paymentIntent })
        .from(refund)
        .innerJoin(paymentIntent, eq(paymentIntent.id, refund.paymentIntentId))
        .where(eq(refund.id, refundId));
      if (!row) throw new Error(`refund ${refundId} does not exist`);
      if (row.refund.keeperTransactionId || row.refund.failureReason) return;
      await sendOnce(keeper, services, {
        purpose: 'refund',
        effect: `refund:${refundId}`,
        payload: { refundId },
        call: callOf(row.refund, row.intent),
        noteSent: (transactionId) =>
          db.update(refund).set({ keeperTransactionId: transactionId }).where(eq(refund.id, refundId)),
        fail: async (reason) => {
          await db.update(refund).set({ failureReason: reason }).where(eq(refund.id, refundId));
          await announceFailedRefunds(db, services, refundId);
        },
      });
    });
  },
  { chainOf: chainOfRefund },
);
