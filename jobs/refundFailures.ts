// `refund.failed`: told once per failed refund (the event's unique source), whether the escrow refused the
// call before it was sent or its transaction reverted or lost its nonce later.
import { and, eq, sql } from 'drizzle-orm';
import type { ClientDb } from '../lib/db/client.js';
import { event, refund } from '../lib/db/schema/index.js';
import { emitEvent } from '../lib/events.js';
import { refundChainId, selectRefunds } from '../lib/refunds.js';
import { toRefund } from '../lib/resources/refund.js';
import type { JobServices } from './services.js';

/** Emits `refund.failed` for every failed refund not yet announced (or only `refundId`'s). */
export async function announceFailedRefunds(db: ClientDb, { config, views }: JobServices, refundId?: string) {
  const { query, status } = selectRefunds(db, views);
  const announced = sql`EXISTS (SELECT 1 FROM ${event} WHERE ${event.source} = 'refund:' || ${refund.id} || ':failed')`;
  const failed = await query.where(
    and(
      eq(refundChainId, config.chain.id),
      eq(status, 'failed'),
      sql`NOT ${announced}`,
      refundId === undefined ? undefined : eq(refund.id, refundId),
    ),
  );
  for (const row of failed) {
    await db.transaction((tx) =>
      emitEvent(tx, config.workerSchema, {
        merchantId: row.refund.merchantId,
        type: 'refund.failed',
        livemode: row.refund.livemode,
        source: `refund:${row.refund.id}:failed`,
        object: toRefund(row, config.chains),
      }),
    );
  }
}
