// Sends an admin's ruling on a dispute (POST /v1/admin/payment_intents/:id/resolve_dispute) from the
// arbiter's signer: `resolveDispute(payment, merchantShare)`, through the same write-ahead keeper sessions
// as the keeper's own transactions. The escrow judges whether it may still rule (disputed, before the
// deadline): a call it would revert is not sent, and the ruling fails with its reason. Sent at most once:
// the transaction carries the effect `ruling:<payment id>`.
import { desc, eq } from 'drizzle-orm';
import { encodeFunctionData } from 'viem';
import { z } from 'zod';
import { pmtEscrowAbi } from '../../abis/index.js';
import { paymentRecordColumns } from '../../lib/chainViews.js';
import { appDb } from '../../lib/db/client.js';
import { disputeRuling, keeperTransaction, paymentIntent } from '../../lib/db/schema.js';
import { paymentRecord } from '../../lib/intent.js';
import { KeeperCallRejected } from '../keeper/session.js';
import { withSigner } from '../services.js';
import { jobTask } from '../task.js';

export default jobTask(z.object({ rulingId: z.string() }), async ({ rulingId }, helpers, services) => {
  const { views, config, arbiter } = services;
  if (!arbiter) {
    await helpers.withPgClient((client) =>
      appDb(client)
        .update(disputeRuling)
        .set({ failureReason: 'this gateway’s worker has no ARBITER_PRIVATE_KEY: rule from an arbiter wallet instead' })
        .where(eq(disputeRuling.id, rulingId)),
    );
    return;
  }
  await withSigner(helpers, services, arbiter, async (session) => {
    const { db } = session;
    const noteSent = (transactionId: string) =>
      db.update(disputeRuling).set({ keeperTransactionId: transactionId }).where(eq(disputeRuling.id, rulingId));
    const fail = (reason: string) =>
      db.update(disputeRuling).set({ failureReason: reason }).where(eq(disputeRuling.id, rulingId));

    const [row] = await db
      .select({ ruling: disputeRuling, paymentId: paymentIntent.paymentId })
      .from(disputeRuling)
      .innerJoin(paymentIntent, eq(paymentIntent.id, disputeRuling.paymentIntentId))
      .where(eq(disputeRuling.id, rulingId));
    if (!row) throw new Error(`dispute ruling ${rulingId} does not exist`);
    if (row.ruling.keeperTransactionId || row.ruling.failureReason) return;
    const effect = `ruling:${row.paymentId}`;
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
      return;
    }
    await session.reconcile();
    try {
      const transaction = await session.send({
        purpose: 'ruling',
        effect,
        payload: { rulingId },
        to: config.escrowAddress,
        data: encodeFunctionData({
          abi: pmtEscrowAbi,
          functionName: 'resolveDispute',
          args: [paymentRecord(indexed), row.ruling.merchantShare],
        }),
      });
      await noteSent(transaction.id);
    } catch (err) {
      if (!(err instanceof KeeperCallRejected)) throw err;
      await fail(err.reason);
    }
  });
});
