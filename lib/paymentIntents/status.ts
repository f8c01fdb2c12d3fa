// An intent's status is read off the indexed escrow payment with the intent's id, and off whether the
// merchant closed it. As with Stripe, `succeeded` means "fulfil now": the payment is escrowed in a final
// block (lib/finality.ts). Release, the money becoming the merchant's after the hold period, is a separate
// fact on the payment. A closed intent (canceled, or announced expired) stays `canceled` or `expired`
// whatever arrives later: the merchant was told it will not be paid, so such a payment is returned to the
// buyer (jobs/webhooks/outbox.ts), and `payment` and `amount_refunded` show it.
import { type Placeholder, sql } from 'drizzle-orm';
import type { ChainViews } from '../chainViews.js';
import { paymentIntent } from '../db/schema/index.js';
import { paidOnTimeAwaitingSweep } from './deposits.js';

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

/** What a status depends on besides the rows: the time and how far the chain is final. */
export interface StatusClock {
  /** The chain clock (lib/chainClock.ts), which decides expiry. */
  now: Date | Placeholder;
  /** The highest final block (lib/finality.ts); -1 while none is. */
  finalBlock: bigint | Placeholder;
}

/** `finalBlock` of a `StatusClock` when nothing is final yet. */
export const NO_FINAL_BLOCK = -1n;

/**
 * The status as a SQL expression over `app.payment_intent` left-joined to the indexed `payment`, so lists
 * can filter on it.
 */
export function intentStatusSql({ payment }: ChainViews, { now, finalBlock }: StatusClock) {
  return sql<IntentStatus>`CASE
    WHEN ${paymentIntent.canceledAt} IS NOT NULL THEN 'canceled'
    WHEN ${paymentIntent.expiredAt} IS NOT NULL THEN 'expired'
    WHEN ${payment.id} IS NULL THEN CASE
      WHEN ${paymentIntent.deadline} >= ${now} THEN 'requires_payment'
      WHEN ${paidOnTimeAwaitingSweep(now)} THEN 'processing'
      ELSE 'expired' END
    WHEN ${payment.escrowedBlock} > ${finalBlock} THEN 'processing'
    WHEN ${payment.status} = 'disputed' THEN 'disputed'
    WHEN ${payment.status} = 'refunded' THEN 'refunded'
    WHEN ${payment.status} = 'resolved' AND ${payment.merchantAmount} = 0 AND ${payment.feeAmount} = 0 THEN 'refunded'
    WHEN ${payment.refundedAmount} > 0 OR ${payment.disputeBuyerAmount} > 0 THEN 'partially_refunded'
    ELSE 'succeeded' END`;
}
