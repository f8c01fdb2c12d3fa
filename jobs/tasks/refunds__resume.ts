// Hands refunds that were never sent back to refunds__send. The API enqueues each refund's job with it,
// but a job taken by a worker that then died stays locked for graphile-worker's 4 hours; the refund is
// the merchant's money promise, so it is picked up again within a minute or two instead. And announces
// refunds whose transaction failed after it was sent (reverted, or its nonce taken back).
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { paymentIntent, refund } from '../../lib/db/schema/index.js';
import { enqueueJob } from '../../lib/jobQueue.js';
import { refundChainId } from '../../lib/refunds.js';
import { withJobDb } from '../db.js';
import { announceFailedRefunds } from '../refundFailures.js';
import { jobTask } from '../task.js';

/** A refund not sent this long after it was asked for is handed out again. */
const STALE_AFTER = sql`interval '1 minute'`;

export default jobTask('refunds__resume', async (_payload, helpers, services) => {
  const { config } = services;
  await withJobDb(helpers, async (db) => {
    // This network's refunds: each network's run hands on its own.
    const stale = await db
      .select({ id: refund.id })
      .from(refund)
      .innerJoin(paymentIntent, eq(paymentIntent.id, refund.paymentIntentId))
      .where(
        and(
          eq(refundChainId, config.chain.id),
          isNull(refund.keeperTransactionId),
          isNull(refund.failureReason),
          lt(refund.createdAt, sql`now() - ${STALE_AFTER}`),
        ),
      );
    for (const { id } of stale) {
      await enqueueJob(db, config.workerSchema, 'refunds__send', { refundId: id }, `refund:${id}`);
    }
    if (stale.length > 0) helpers.logger.info(`handed ${stale.length} unsent refunds to refunds__send again`);
    await announceFailedRefunds(db, services);
  });
});
