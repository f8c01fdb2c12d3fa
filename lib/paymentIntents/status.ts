// An intent's status is never stored: it is read off the indexed escrow payment with the intent's id, so
// the chain always wins (a payment that lands after a cancel or expiry still shows as paid).
import { type Placeholder, sql } from 'drizzle-orm';
import type { ChainViews } from '../chainViews.js';
import { paymentIntent } from '../db/schema.js';

export const intentStatuses = [
  'requires_payment',
  'processing',
  'succeeded',
  'partially_refunded',
  'refunded',
  'disputed',
  'canceled',
  'expired',
] as const;

export type IntentStatus = (typeof intentStatuses)[number];

/**
 * The status as a SQL expression over `app.payment_intent` left-joined to the indexed `payment`, so lists
 * can filter on it. `now` is the chain clock (lib/chainClock.ts), which decides expiry.
 */
export function intentStatusSql({ payment }: ChainViews, now: Date | Placeholder) {
  return sql<IntentStatus>`CASE
    WHEN ${payment.id} IS NULL THEN CASE
      WHEN ${paymentIntent.canceledAt} IS NOT NULL THEN 'canceled'
      WHEN ${paymentIntent.deadline} < ${now} THEN 'expired'
      ELSE 'requires_payment' END
    WHEN ${payment.status} = 'disputed' THEN 'disputed'
    WHEN ${payment.status} = 'refunded' THEN 'refunded'
    WHEN ${payment.status} = 'resolved' AND ${payment.merchantAmount} = 0 AND ${payment.feeAmount} = 0 THEN 'refunded'
    WHEN ${payment.refundedAmount} > 0 OR ${payment.disputeBuyerAmount} > 0 THEN 'partially_refunded'
    WHEN ${payment.status} = 'escrowed' THEN 'processing'
    ELSE 'succeeded' END`;
}
