// Tells merchants about intents nobody paid in time: `payment_intent.expired`, once per intent (the event's
// unique source), as soon as the chain's clock (the indexer's head) has passed the deadline. A payment
// that still lands later is shown as paid: the chain wins, and its own events follow.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { event, paymentIntent } from '../../lib/db/schema.js';
import { emitEvent } from '../../lib/events.js';
import { finalBlock, readIndexedHead } from '../../lib/finality.js';
import { selectIntents } from '../../lib/paymentIntents/query.js';
import { NO_FINAL_BLOCK } from '../../lib/paymentIntents/status.js';
import { toPaymentIntent } from '../../lib/resources/paymentIntent.js';
import { withJobDb } from '../db.js';
import { jobTask } from '../task.js';

/** Intents announced per run; the next run takes the rest. */
const BATCH = 500;

export default jobTask(z.object({}), async (_payload, helpers, { config, chain, views }) => {
  await withJobDb(helpers, async (db) => {
    const head = await readIndexedHead(db, config.viewsSchema);
    if (!head) return;
    const final = (await finalBlock(config.finality, head.number, chain)) ?? NO_FINAL_BLOCK;
    const clock = { now: new Date(Number(head.timestamp) * 1000), finalBlock: final };
    const { query, status } = selectIntents(db, views, clock);
    const announced = sql`EXISTS (SELECT 1 FROM ${event} WHERE ${event.source} = 'payment_intent:' || ${paymentIntent.id} || ':expired')`;
    const expired = await query.where(and(eq(status, 'expired'), sql`NOT ${announced}`)).limit(BATCH);
    for (const row of expired) {
      await db.transaction((tx) =>
        emitEvent(tx, config.workerSchema, {
          merchantId: row.intent.merchantId,
          type: 'payment_intent.expired',
          livemode: row.intent.livemode,
          source: `payment_intent:${row.intent.id}:expired`,
          object: toPaymentIntent(row, { chain: config.chain, head, finalBlock: final, publicUrl: config.publicUrl }),
        }),
      );
    }
    if (expired.length > 0) helpers.logger.info(`announced ${expired.length} expired payment intents`);
  });
});
