// Closes intents nobody paid in time: sets `expired_at` and tells the merchant `payment_intent.expired`,
// in one transaction, once per intent, as soon as the chain's clock (the indexer's head) has passed the
// deadline and no deposit that was complete in time still awaits its sweep. From then on the intent is
// closed like a canceled one: a payment that still arrives (a late deposit's sweep sent before this) is
// returned to the buyer, never kept (jobs/webhooks/outbox.ts).
import { and, eq, isNull } from 'drizzle-orm';
import { paymentIntent } from '../../lib/db/schema/index.js';
import { emitEvent } from '../../lib/events.js';
import { finalBlock, readIndexedHead } from '../../lib/finality.js';
import { enqueueRunNow } from '../../lib/jobQueue.js';
import { selectIntents } from '../../lib/paymentIntents/query.js';
import { NO_FINAL_BLOCK } from '../../lib/paymentIntents/status.js';
import { contextAtHead, statusClockOf, toPaymentIntent } from '../../lib/resources/paymentIntent.js';
import { withJobDb } from '../db.js';
import { jobTask } from '../task.js';

/** Intents closed per run; the next run takes the rest. */
const BATCH = 500;

export default jobTask('payment_intents__expire', async (_payload, helpers, { config, chain, views }) => {
  await withJobDb(helpers, async (db) => {
    const head = await readIndexedHead(db, config.networkViewsSchema);
    if (!head) return;
    const final = (await finalBlock(config.finality, head.number, chain)) ?? NO_FINAL_BLOCK;
    const context = contextAtHead({ chain: config.chain, name: config.network }, head, final, config.publicUrl);
    const clock = statusClockOf(context);
    const now = new Date(Number(head.timestamp) * 1000);
    const { query, status } = selectIntents(db, views, clock);
    // This chain's intents, on this chain's clock.
    const due = await query
      .where(and(eq(paymentIntent.chainId, config.chain.id), eq(status, 'expired'), isNull(paymentIntent.expiredAt)))
      .limit(BATCH);
    let closed = 0;
    for (const { intent } of due) {
      await db.transaction(async (tx) => {
        const [expired] = await tx
          .update(paymentIntent)
          .set({ expiredAt: now })
          .where(and(eq(paymentIntent.id, intent.id), isNull(paymentIntent.expiredAt)))
          .returning({ id: paymentIntent.id });
        if (!expired) return;
        const [row] = await selectIntents(tx, views, clock).query.where(eq(paymentIntent.id, intent.id));
        await emitEvent(tx, config.workerSchema, {
          merchantId: intent.merchantId,
          type: 'payment_intent.expired',
          livemode: intent.livemode,
          source: `payment_intent:${intent.id}:expired`,
          object: toPaymentIntent(row!, context),
        });
        closed += 1;
      });
    }
    if (closed === 0) return;
    // What the closed intents' deposit addresses hold goes back now, not at the next minute.
    await enqueueRunNow(db, config.workerSchema, 'deposits__return');
    helpers.logger.info(`closed ${closed} expired payment intents`);
  });
});
