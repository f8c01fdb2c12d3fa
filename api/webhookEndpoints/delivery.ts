// The WebhookDelivery object: one event for one endpoint, with every attempt (HTTP status, latency and the
// first bytes of the answer, or what went wrong). Listed per endpoint and per payment intent.
import { z } from '@hono/zod-openapi';
import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { AnyDb } from '../../lib/db/client.js';
import {
  event,
  webhookAttempt,
  webhookDelivery,
  webhookDeliveryStates,
  webhookEndpoint,
} from '../../lib/db/schema/index.js';
import { eventTypes } from '../../lib/events.js';
import { unixSeconds } from '../../lib/resources/unixSeconds.js';
import {
  createdOrder,
  listBody,
  listSchema,
  type Page,
  type PageParams,
  pageOf,
  pastCursor,
  requireCursor,
} from '../pagination.js';

export const deliverySchema = z
  .object({
    id: z.string().openapi({ example: 'whd_3kTq9vM2xYb8LwZp0aRc4dEf' }),
    object: z.literal('webhook_delivery'),
    endpoint: z.object({ id: z.string(), url: z.string() }),
    event: z.string(),
    event_type: z.enum(eventTypes),
    status: z.enum(webhookDeliveryStates),
    next_attempt_at: z.number().int().nullable(),
    delivered_at: z.number().int().nullable(),
    attempts: z.array(
      z.object({
        attempt: z.number().int(),
        status_code: z.number().int().nullable(),
        latency_ms: z.number().int(),
        response: z.string().nullable(),
        created: z.number().int(),
      }),
    ),
    created: z.number().int(),
  })
  .openapi('WebhookDelivery');

export type DeliveryResource = z.infer<typeof deliverySchema>;

/** The 200 of a list of deliveries. */
export const deliveryListResponse = {
  description: 'A page of deliveries, newest first',
  content: { 'application/json': { schema: listSchema('WebhookDeliveryList', deliverySchema) } },
};

/** The list body at `url` of the deliveries `where` picks, paged by `params` (a cursor must be one of them). */
export async function deliveryList(db: AnyDb, url: string, where: SQL | undefined, params: PageParams) {
  const page = pageOf(params);
  await requireCursor(page, 'webhook_delivery', (cursor) =>
    db
      .select({ id: webhookDelivery.id })
      .from(webhookDelivery)
      .where(and(where, eq(webhookDelivery.id, cursor))),
  );
  const rows = await selectDeliveries(db, where, page, params.limit);
  return listBody(url, rows, params, page, (row) => row);
}

/** A page of the deliveries `where` picks (one more than `limit`, for `listBody`), each with its attempts. */
async function selectDeliveries(
  db: AnyDb,
  where: SQL | undefined,
  page: Page,
  limit: number,
): Promise<DeliveryResource[]> {
  const rows = await db
    .select({ delivery: webhookDelivery, eventType: event.type, url: webhookEndpoint.url })
    .from(webhookDelivery)
    .innerJoin(event, eq(event.id, webhookDelivery.eventId))
    .innerJoin(webhookEndpoint, eq(webhookEndpoint.id, webhookDelivery.endpointId))
    .where(
      and(
        where,
        page.cursor && pastCursor(webhookDelivery.createdAt, webhookDelivery.id, page.cursor.id, page.newerFirst),
      ),
    )
    .orderBy(...createdOrder(webhookDelivery.createdAt, webhookDelivery.id, page.newerFirst))
    .limit(limit + 1);
  const attempts = rows.length
    ? await db
        .select()
        .from(webhookAttempt)
        .where(
          inArray(
            webhookAttempt.deliveryId,
            rows.map((row) => row.delivery.id),
          ),
        )
        .orderBy(asc(webhookAttempt.attempt))
    : [];
  return rows.map(({ delivery, eventType, url }) => ({
    id: delivery.id,
    object: 'webhook_delivery' as const,
    endpoint: { id: delivery.endpointId, url },
    event: delivery.eventId,
    event_type: eventType as (typeof eventTypes)[number],
    status: delivery.state,
    next_attempt_at: delivery.state === 'pending' ? unixSeconds(delivery.nextAttemptAt) : null,
    delivered_at: unixSeconds(delivery.deliveredAt),
    attempts: attempts
      .filter((attempt) => attempt.deliveryId === delivery.id)
      .map((attempt) => ({
        attempt: attempt.attempt,
        status_code: attempt.statusCode,
        latency_ms: attempt.latencyMs,
        response: attempt.response,
        created: unixSeconds(attempt.createdAt),
      })),
    created: unixSeconds(delivery.createdAt),
  }));
}
