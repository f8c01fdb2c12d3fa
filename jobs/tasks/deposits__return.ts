// Returns what arrives at the deposit address of a closed intent (canceled, or announced expired) in the
// intent's asset: the merchant was told it will not be paid, so nothing there is swept, and it goes back
// to the refund address the buyer gave at checkout, or else to its first sender, as a deposit refund the
// gateway makes itself (reason `intent_canceled` or `intent_expired`; the refund job sends it). Each
// deposit recorded after the intent's last such return starts another, for what the address still holds
// beyond refunds on their way. What only contracts sent (no sender the chain names, no refund address)
// waits for a refund address or the merchant's deposit refund with a destination. Other assets stay
// the merchant's to refund, as on any intent.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { depositTransfer, paymentIntent, refund } from '../../lib/db/schema/index.js';
import { closedIntent, closedReason } from '../../lib/paymentIntents/closed.js';
import { firstSender } from '../../lib/paymentIntents/deposits.js';
import { recordRefund, refundableDeposit } from '../../lib/refunds.js';
import { closedIntentRefundReasons } from '../../lib/resources/refund.js';
import { withJobDb } from '../db.js';
import { WATCH_AFTER_DEADLINE } from '../deposits/scanner.js';
import { jobTask } from '../task.js';

/** Intents looked at per run; the next run takes the rest. */
const BATCH = 100;

const lastReturn = sql`(SELECT max(${refund.createdAt}) FROM ${refund}
  WHERE ${refund.paymentIntentId} = ${paymentIntent.id} AND ${refund.source} = 'deposit'
    AND ${inArray(refund.reason, [...closedIntentRefundReasons])})`;

/** A deposit in the intent's asset recorded after its last automatic return (or with none yet). */
const unreturnedDeposit = sql`EXISTS (SELECT 1 FROM ${depositTransfer}
  WHERE ${depositTransfer.paymentIntentId} = ${paymentIntent.id} AND ${depositTransfer.token} = ${paymentIntent.token}
    AND (${lastReturn} IS NULL OR ${depositTransfer.createdAt} > ${lastReturn}))`;

export default jobTask('deposits__return', async (_payload, helpers, { config, views }) => {
  await withJobDb(helpers, async (db) => {
    const due = await db
      .select({ id: paymentIntent.id })
      .from(paymentIntent)
      .where(
        and(
          eq(paymentIntent.chainId, config.chain.id),
          sql`lower(${paymentIntent.escrowAddress}) = ${config.escrowAddress.toLowerCase()}`,
          closedIntent,
          gt(paymentIntent.deadline, WATCH_AFTER_DEADLINE),
          unreturnedDeposit,
        ),
      )
      .orderBy(asc(paymentIntent.deadline))
      .limit(BATCH);
    let returned = 0;
    for (const { id } of due) {
      await db.transaction(async (tx) => {
        // Takes turns with the merchant's refunds of this intent (POST /v1/refunds locks the same row).
        const [intent] = await tx.select().from(paymentIntent).where(eq(paymentIntent.id, id)).for('update');
        const reason = closedReason(intent!);
        const amount = await refundableDeposit(tx, views, intent!, intent!.token);
        const destination = intent!.refundAddress ?? (await firstSender(tx, id, intent!.token));
        if (!reason || amount <= 0n || !destination) return;
        await recordRefund(tx, config.workerSchema, {
          merchantId: intent!.merchantId,
          paymentIntentId: id,
          livemode: intent!.livemode,
          source: 'deposit',
          token: intent!.token,
          destination,
          amount,
          reason,
          metadata: {},
        });
        returned += 1;
      });
    }
    if (returned > 0) helpers.logger.info(`returning the deposits of ${returned} closed payment intents`);
  });
});
