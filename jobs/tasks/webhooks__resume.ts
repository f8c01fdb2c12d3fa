// Hands deliveries that are due but have no job waiting back to webhooks__deliver: a job taken by a worker
// that then died stays locked for graphile-worker's 4 hours, and a merchant should not wait that long.
import { and, eq, lt, sql } from 'drizzle-orm';
import { webhookDelivery } from '../../lib/db/schema/index.js';
import { enqueueDelivery } from '../../lib/events.js';
import { withJobDb } from '../db.js';
import { jobTask } from '../task.js';

export default jobTask('webhooks__resume', async (_payload, helpers, { config }) => {
  await withJobDb(helpers, async (db) => {
    const overdue = await db
      .select({ id: webhookDelivery.id })
      .from(webhookDelivery)
      .where(
        and(eq(webhookDelivery.state, 'pending'), lt(webhookDelivery.nextAttemptAt, sql`now() - interval '1 minute'`)),
      );
    for (const { id } of overdue) await enqueueDelivery(db, config.workerSchema, id);
    if (overdue.length > 0) helpers.logger.info(`handed ${overdue.length} overdue webhook deliveries out again`);
  });
});
