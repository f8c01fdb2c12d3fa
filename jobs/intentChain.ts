// The chain of the intent a job's object belongs to, so that the job runs with that network's services
// (jobs/task.ts `chainOf`).
import { eq } from 'drizzle-orm';
import type { JobHelpers } from 'graphile-worker';
import { disputeRuling, paymentIntent, refund } from '../lib/db/schema/index.js';
import { refundChainId } from '../lib/refunds.js';
import { withJobDb } from './db.js';

/** The chain a refund is sent on: its intent's, or for a wrong-network deposit's return, the one it came on. */
export const chainOfRefund = ({ refundId }: { refundId: string }, helpers: JobHelpers) =>
  withJobDb(helpers, async (db) => {
    const [row] = await db
      .select({ chainId: refundChainId })
      .from(refund)
      .innerJoin(paymentIntent, eq(paymentIntent.id, refund.paymentIntentId))
      .where(eq(refund.id, refundId));
    if (!row) throw new Error(`refund ${refundId} does not exist`);
    return row.chainId;
  });

/** The chain of the disputed intent a ruling is on. */
export const chainOfRuling = ({ rulingId }: { rulingId: string }, helpers: JobHelpers) =>
  withJobDb(helpers, async (db) => {
    const [row] = await db
      .select({ chainId: paymentIntent.chainId })
      .from(disputeRuling)
      .innerJoin(paymentIntent, eq(paymentIntent.id, disputeRuling.paymentIntentId))
      .where(eq(disputeRuling.id, rulingId));
    if (!row) throw new Error(`dispute ruling ${rulingId} does not exist`);
    return row.chainId;
  });
