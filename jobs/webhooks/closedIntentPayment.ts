// A payment to a closed intent (lib/paymentIntents/closed.ts): the merchant canceled the intent, or was
// told it expired, before the buyer's payment was indexed (a wallet that sent the signed intent anyway, a
// sweep sent before the expiry). The merchant will not fulfil it, so the gateway refunds it in full,
// during its hold, with no merchant action: the keeper sends it like any refund
// (jobs/tasks/refunds__send.ts), and the payments job never releases it.
import { and, eq, inArray } from 'drizzle-orm';
import type { ChainViews } from '../../lib/chainViews.js';
import type { AnyDb } from '../../lib/db/client.js';
import { refund } from '../../lib/db/schema/index.js';
import { closedReason } from '../../lib/paymentIntents/closed.js';
import type { IntentRow } from '../../lib/paymentIntents/query.js';
import { pendingRefundTotal, recordRefund } from '../../lib/refunds.js';
import { closedIntentRefundReasons } from '../../lib/resources/refund.js';

/**
 * Records the gateway's refund of everything still escrowed for a closed intent's payment, less refunds
 * already on their way, unless one was recorded before. Runs in the outbox's step, so once per payment.
 */
export async function refundClosedIntentPayment(
  db: AnyDb,
  views: ChainViews,
  workerSchema: string,
  { intent, payment }: IntentRow,
): Promise<void> {
  const reason = closedReason(intent);
  if (!reason || payment?.status !== 'escrowed') return;
  const [earlier] = await db
    .select({ id: refund.id })
    .from(refund)
    .where(
      and(
        eq(refund.paymentIntentId, intent.id),
        eq(refund.source, 'escrow'),
        inArray(refund.reason, [...closedIntentRefundReasons]),
      ),
    );
  if (earlier) return;
  const amount = payment.escrowedAmount - (await pendingRefundTotal(db, views, intent.id));
  if (amount <= 0n) return;
  await recordRefund(db, workerSchema, {
    merchantId: intent.merchantId,
    paymentIntentId: intent.id,
    livemode: intent.livemode,
    source: 'escrow',
    amount,
    reason,
    metadata: {},
  });
}
