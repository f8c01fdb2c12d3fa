// Forgets Idempotency-Key records older than a day: a retry after that is a new request (as with Stripe).
import { lt, sql } from 'drizzle-orm';
import { idempotencyKey } from '../../lib/db/schema/index.js';
import { withJobDb } from '../db.js';
import { jobTask } from '../task.js';

/** How long a key's answer is replayed. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

export default jobTask('idempotency__cleanup', async (_payload, helpers) => {
  const forgotten = await withJobDb(helpers, (db) =>
    db
      .delete(idempotencyKey)
      .where(lt(idempotencyKey.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_RETENTION_HOURS})`))
      .returning({ key: idempotencyKey.key }),
  );
  helpers.logger.info(`forgot ${forgotten.length} idempotency keys older than ${IDEMPOTENCY_RETENTION_HOURS} h`);
});
