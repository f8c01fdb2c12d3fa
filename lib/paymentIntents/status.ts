// An intent's status is read off the indexed escrow payment with the intent's id, and off whether the
// merchant closed it. As with Stripe, `succeeded` means "fulfil now": the payment is escrowed in a final
// block (lib/finality.ts). Release, the money becoming the merchant's after the hold period, is a separate
// fact on the payment. A closed intent (canceled, or announced expired) stays `canceled` or `expired`
// whatever arrives later: the merchant was told it will not be paid, so such a payment is returned to the
// buyer (jobs/webhooks/outbox.ts), and `payment` and `amount_refunded` show it.
import { is, Placeholder, sql } from 'drizzle-orm';
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

/**
 * What a status depends on besides the rows: each chain's time and how far it is final. Three lists read
 * at the position of the intent's chain id, so one statement (prepared once, its lists as parameters)
 * reads intents of every network against each one's own clock.
 */
export interface StatusClock {
  chainIds: readonly number[] | Placeholder;
  /** Each chain's clock (lib/chainClock.ts), which decides expiry. */
  nows: readonly Date[] | Placeholder;
  /** Each chain's highest final block (lib/finality.ts); `NO_FINAL_BLOCK` while none is. */
  finalBlocks: readonly bigint[] | Placeholder;
}

/** A `StatusClock` given when a prepared statement runs: `chainIds`, `nows` and `finalBlocks`. */
export const statusClockPlaceholders: StatusClock = {
  chainIds: sql.placeholder('chainIds'),
  nows: sql.placeholder('nows'),
  finalBlocks: sql.placeholder('finalBlocks'),
};

/** `finalBlock` of a chain when nothing is final yet. */
export const NO_FINAL_BLOCK = -1n;

const listParam = (list: readonly unknown[] | Placeholder) => (is(list, Placeholder) ? list : sql.param(list));

/**
 * The intent's own chain's clock and final block. A chain no longer served has neither: nothing on it
 * becomes final, and its intents expire by the database's clock.
 */
function clockOfIntent({ chainIds, nows, finalBlocks }: StatusClock) {
  const at = sql`array_position(${listParam(chainIds)}::integer[], ${paymentIntent.chainId})`;
  return {
    now: sql<Date>`coalesce((${listParam(nows)}::timestamptz[])[${at}], now())`,
    finalBlock: sql<bigint>`coalesce((${listParam(finalBlocks)}::numeric[])[${at}], ${NO_FINAL_BLOCK})`,
  };
}

/**
 * The status as a SQL expression over `app.payment_intent` left-joined to the indexed `payment`, so lists
 * can filter on it.
 */
export function intentStatusSql({ payment }: ChainViews, clock: StatusClock) {
  const { now, finalBlock } = clockOfIntent(clock);
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
