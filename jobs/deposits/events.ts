// The events of a deposit that is not simply the amount: `payment_intent.underpaid`, `.overpaid`,
// `.paid_late` and `.wrong_asset`, each once per intent (its source), the first time the deposits
// recorded so far show it, in the deposit scanner's transaction.
import { inArray } from 'drizzle-orm';
import type { DbTransaction } from '../../lib/db/client.js';
import { paymentIntent } from '../../lib/db/schema/index.js';
import { emitEvent } from '../../lib/events.js';
import type { IndexedHead } from '../../lib/finality.js';
import { selectIntents } from '../../lib/paymentIntents/query.js';
import { contextAtHead, statusClockOf, toPaymentIntent } from '../../lib/resources/paymentIntent.js';
import type { JobServices } from '../services.js';

const EXCEPTIONS = ['underpaid', 'overpaid', 'paid_late', 'wrong_asset'] as const;

export async function announceDepositExceptions(
  tx: DbTransaction,
  { config, views }: JobServices,
  intentIds: string[],
  head: IndexedHead,
  finalBlock: bigint,
): Promise<void> {
  const context = contextAtHead({ chain: config.chain, name: config.network }, head, finalBlock, config.publicUrl);
  const rows = await selectIntents(tx, views, statusClockOf(context)).query.where(inArray(paymentIntent.id, intentIds));
  for (const row of rows) {
    const object = toPaymentIntent(row, context);
    for (const exception of EXCEPTIONS) {
      if (!object.deposit[exception]) continue;
      await emitEvent(tx, config.workerSchema, {
        merchantId: row.intent.merchantId,
        type: `payment_intent.${exception}`,
        livemode: row.intent.livemode,
        source: `payment_intent:${row.intent.id}:${exception}`,
        object,
      });
    }
  }
}
