// A closed intent: the merchant canceled it, or was told it expired (`expired_at`). The merchant will not
// fulfil it, so it never takes a payment: what still arrives goes back to the buyer, by the gateway's own
// refund (jobs/webhooks/closedIntentPayment.ts, jobs/tasks/deposits__return.ts).
import { isNotNull, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { paymentIntent } from '../db/schema/index.js';

/** Whether the `app.payment_intent` row in scope is closed. */
export const closedIntent: SQL = or(isNotNull(paymentIntent.canceledAt), isNotNull(paymentIntent.expiredAt))!;

/** Whether the escrow payment `paymentId` on chain `chainId` belongs to a closed intent. */
export const paysClosedIntent = (chainId: SQLWrapper, paymentId: SQLWrapper) =>
  sql`EXISTS (SELECT 1 FROM ${paymentIntent} WHERE ${paymentIntent.chainId} = ${chainId}
    AND ${paymentIntent.paymentId} = ${paymentId} AND ${closedIntent})`;

/** The reason of the gateway's refund of what arrives for a closed intent; undefined while it is open. */
export function closedReason(intent: { canceledAt: Date | null; expiredAt: Date | null }) {
  if (intent.canceledAt) return 'intent_canceled' as const;
  if (intent.expiredAt) return 'intent_expired' as const;
  return undefined;
}
