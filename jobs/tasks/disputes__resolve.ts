// Sends an admin's ruling on a dispute (POST /v1/admin/payment_intents/:id/resolve_dispute) from the
// arbiter's signer: `resolveDispute(payment, merchantShare)`, through the same write-ahead keeper sessions
// as the keeper's own transactions. The escrow judges whether it may still rule (disputed, before the
// deadline): a call it would revert is not sent, and the ruling fails with its reason. Sent at most once
// (jobs/keeper/sendOnce.ts): the transaction carries the effect `ruling:<payment id>`.
import { eq } from 'drizzle-orm';
import { encodeFunctionData } from 'viem';
import { pmtEscrowAbi } from '../../abis/index.js';
import { disputeRuling, paymentIntent } from '../../lib/db/schema/index.js';
import { withJobDb } from '../db.js';
import { chainOfRuling } from '../intentChain.js';
import { sendOnce } from '../keeper/sendOnce.js';
import { withSigner } from '../services.js';
import { jobTask } from '../task.js';

export default jobTask(
  'disputes__resolve',
  async ({ rulingId }, helpers, services) => {
    const { arbiter } = services;
    if (!arbiter) {
      await withJobDb(helpers, (db) =>
        db
          .update(disputeRuling)
          .set({
            failureReason: 'this gateway’s worker has no ARBITER_PRIVATE_KEY: rule from an arbiter wallet instead',
          })
          .where(eq(disputeRuling.id, rulingId)),
      );
      return;
    }
    await withSigner(helpers, services, arbiter, async (session) => {
      const { db } = session;
      const [row] = await db
        .select({ ruling: disputeRuling, paymentId: paymentIntent.paymentId })
        .from(disputeRuling)
        .innerJoin(paymentIntent, eq(paymentIntent.id, disputeRuling.paymentIntentId))
        .where(eq(disputeRuling.id, rulingId));
      if (!row) throw new Error(`dispute ruling ${rulingId} does not exist`);
      if (row.ruling.keeperTransactionId || row.ruling.failureReason) return;
      await sendOnce(session, services, {
        purpose: 'ruling',
        effect: `ruling:${row.paymentId}`,
        payload: { rulingId },
        call: {
          paymentId: row.paymentId,
          data: (payment) =>
            encodeFunctionData({
              abi: pmtEscrowAbi,
              functionName: 'resolveDispute',
              args: [payment, row.ruling.merchantShare],
            }),
        },
        noteSent: (transactionId) =>
          db.update(disputeRuling).set({ keeperTransactionId: transactionId }).where(eq(disputeRuling.id, rulingId)),
        fail: (reason) => db.update(disputeRuling).set({ failureReason: reason }).where(eq(disputeRuling.id, rulingId)),
      });
    });
  },
  { chainOf: chainOfRuling },
);
