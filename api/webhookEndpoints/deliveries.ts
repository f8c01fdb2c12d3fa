// GET /v1/webhook_endpoints/:id/deliveries — every event sent to an endpoint, newest first, with each
// attempt: HTTP status, latency and the first bytes of the answer (or what went wrong).
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { event, webhookAttempt, webhookDelivery, webhookDeliveryStates, webhookEndpoint } from '../../lib/db/schema.js';
import { eventTypes } from '../../lib/events.js';
import { unixSeconds } from '../../lib/resources/unixSeconds.js';
import type { ApiEnv } from '../context.js';
import { idParam } from '../conventions.js';
import { errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { createdOrder, listBody, listSchema, pageOf, pageQuery, pastCursor, requireCursor } from '../pagination.js';

const deliverySchema = z
  .object({
    id: z.string().openapi({ example: 'whd_3kTq9vM2xYb8LwZp0aRc4dEf' }),
    object: z.literal('webhook_delivery'),
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

export const route = merchantRoute('webhook_endpoints', {
  method: 'get',
  operationId: 'listWebhookDeliveries',
  path: '/v1/webhook_endpoints/{id}/deliveries',
  summary: 'List the deliveries to a webhook endpoint',
  request: { params: idParam('we_3kTq9vM2xYb8LwZp0aRc4dEf'), query: pageQuery('webhook delivery') },
  responses: {
    200: {
      description: 'A page of deliveries, newest first',
      content: { 'application/json': { schema: listSchema('WebhookDeliveryList', deliverySchema) } },
    },
    ...errorResponses(400, 404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const params = c.req.valid('query');
  const { db } = c.var;
  const [endpoint] = await db
    .select({ id: webhookEndpoint.id })
    .from(webhookEndpoint)
    .where(and(eq(webhookEndpoint.id, id), eq(webhookEndpoint.merchantId, c.var.apiKey.merchantId)));
  if (!endpoint) throw notFound('webhook_endpoint', id);
  const ofEndpoint = eq(webhookDelivery.endpointId, id);
  const page = pageOf(params);
  await requireCursor(page, 'webhook_delivery', (cursor) =>
    db
      .select({ id: webhookDelivery.id })
      .from(webhookDelivery)
      .where(and(ofEndpoint, eq(webhookDelivery.id, cursor))),
  );
  const rows = await db
    .select({ delivery: webhookDelivery, eventType: event.type })
    .from(webhookDelivery)
    .innerJoin(event, eq(event.id, webhookDelivery.eventId))
    .where(
      and(
        ofEndpoint,
        page.cursor && pastCursor(webhookDelivery.createdAt, webhookDelivery.id, page.cursor.id, page.newerFirst),
      ),
    )
    .orderBy(...createdOrder(webhookDelivery.createdAt, webhookDelivery.id, page.newerFirst))
    .limit(params.limit + 1);
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
  return c.json(
    listBody(`/v1/webhook_endpoints/${id}/deliveries`, rows, params, page, ({ delivery, eventType }) => ({
      id: delivery.id,
      object: 'webhook_delivery' as const,
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
    })),
    200,
  );
};
