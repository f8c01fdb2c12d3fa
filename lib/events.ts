// Events: what a merchant is told happened, each recorded once (its `source` is unique) with one webhook
// delivery per endpoint that wants it, and each delivery's job, all in the caller's transaction.
import { and, arrayContains, eq, isNull, or } from 'drizzle-orm';
import type { AnyDb } from './db/client.js';
import { event, webhookDelivery, webhookEndpoint } from './db/schema/index.js';
import { enqueueJob } from './jobQueue.js';
import { newId } from './randomToken.js';

export const eventTypes = [
  'payment_intent.succeeded',
  'payment_intent.released',
  'payment_intent.partially_refunded',
  'payment_intent.refunded',
  'payment_intent.payment_refunded',
  'payment_intent.disputed',
  'payment_intent.dispute_resolved',
  'payment_intent.canceled',
  'payment_intent.expired',
  'payment_intent.underpaid',
  'payment_intent.overpaid',
  'payment_intent.paid_late',
  'payment_intent.wrong_asset',
  'refund.succeeded',
  'refund.failed',
  'payout.paid',
  'payout.failed',
] as const;

export type EventType = (typeof eventTypes)[number];

export interface NewEvent {
  merchantId: string;
  type: EventType;
  livemode: boolean;
  /** The change itself, e.g. `escrow:<log id>:<type>` or `payment_intent:<id>:expired`: one event per source. */
  source: string;
  /** The resource as the API shows it now. */
  object: Record<string, unknown>;
}

/** Hands a delivery to the worker; the job key keeps one job per delivery waiting. */
export function enqueueDelivery(db: AnyDb, workerSchema: string, deliveryId: string, runAt?: Date) {
  return enqueueJob(db, workerSchema, 'webhooks__deliver', { deliveryId }, `delivery:${deliveryId}`, runAt);
}

/** Records `input` unless its source has its event already; returns the new event's id, or undefined. */
export async function emitEvent(db: AnyDb, workerSchema: string, input: NewEvent): Promise<string | undefined> {
  const [created] = await db
    .insert(event)
    .values({
      id: newId('evt'),
      merchantId: input.merchantId,
      type: input.type,
      livemode: input.livemode,
      data: { object: input.object },
      source: input.source,
    })
    .onConflictDoNothing({ target: event.source })
    .returning({ id: event.id });
  if (!created) return undefined;
  const endpoints = await db
    .select({ id: webhookEndpoint.id })
    .from(webhookEndpoint)
    .where(
      and(
        eq(webhookEndpoint.merchantId, input.merchantId),
        isNull(webhookEndpoint.deletedAt),
        isNull(webhookEndpoint.disabledAt),
        or(
          arrayContains(webhookEndpoint.enabledEvents, ['*']),
          arrayContains(webhookEndpoint.enabledEvents, [input.type]),
        ),
      ),
    );
  for (const endpoint of endpoints) {
    const [delivery] = await db
      .insert(webhookDelivery)
      .values({ id: newId('whd'), eventId: created.id, endpointId: endpoint.id, nextAttemptAt: new Date() })
      .onConflictDoNothing()
      .returning({ id: webhookDelivery.id });
    if (delivery) await enqueueDelivery(db, workerSchema, delivery.id);
  }
  return created.id;
}
