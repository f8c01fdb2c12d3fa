// Sends back what a buyer sent on the wrong network: a transfer on this chain into the deposit address an
// intent has on another chain, recorded by this chain's deposit scanner (`app.foreign_deposit`). It goes to
// the refund address the buyer gave at checkout, or else to its sender, as a refund the gateway makes
// itself (`source: foreign_deposit`, reason `wrong_network`), which this chain's keeper sends with
// `returnForeignDeposit`. Each transfer is returned once: its row names its refund.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { foreignDeposit, paymentIntent } from '../../lib/db/schema/index.js';
import { recordRefund } from '../../lib/refunds.js';
import { WRONG_NETWORK } from '../../lib/resources/refund.js';
import { withJobDb } from '../db.js';
import { jobTask } from '../task.js';

/** Transfers looked at per run; the next run takes the rest. */
const BATCH = 100;

export default jobTask('deposits__return_foreign', async (_payload, helpers, { config }) => {
  await withJobDb(helpers, async (db) => {
    const due = await db
      .select()
      .from(foreignDeposit)
      .where(and(eq(foreignDeposit.chainId, config.chain.id), isNull(foreignDeposit.refundId)))
      .orderBy(asc(foreignDeposit.createdAt))
      .limit(BATCH);
    let returned = 0;
    for (const transfer of due) {
      const key = and(
        eq(foreignDeposit.chainId, transfer.chainId),
        eq(foreignDeposit.transactionHash, transfer.transactionHash),
        eq(foreignDeposit.logIndex, transfer.logIndex),
      );
      await db.transaction(async (tx) => {
        // Another run may have returned it since it was read.
        const [fresh] = await tx.select().from(foreignDeposit).where(key).for('update');
        if (!fresh || fresh.refundId) return;
        const [intent] = await tx.select().from(paymentIntent).where(eq(paymentIntent.id, fresh.paymentIntentId));
        const refundId = await recordRefund(tx, config.workerSchema, {
          merchantId: intent!.merchantId,
          paymentIntentId: intent!.id,
          livemode: intent!.livemode,
          source: 'foreign_deposit',
          chainId: fresh.chainId,
          token: fresh.token,
          destination: intent!.refundAddress ?? fresh.sender,
          amount: fresh.amount,
          reason: WRONG_NETWORK,
          metadata: {},
        });
        await tx.update(foreignDeposit).set({ refundId }).where(key);
        returned += 1;
      });
    }
    if (returned > 0) helpers.logger.info(`returning ${returned} deposits sent on the wrong network`);
  });
});
