// POST /v1/events/:id/redeliver — send an event again to every endpoint it went to (or to one), now: the
// delivery starts a fresh retry schedule, and its log keeps every earlier attempt. Each request is one more
// attempt, as each POST without a repeated Idempotency-Key is one more action: a request made while an
// earlier one is still queued or under way is not folded into it (webhooks__deliver counts them).

import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { event, webhookDelivery, webhookEndpoint } from '../../lib/db/schema/index.js';
import { enqueueDelivery } from '../../lib/events.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { objectId, pathId } from '../conventions.js';
import { errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';

const body = z
  .strictObject({
    webhook_endpoint: objectId('we')
      .optional()
      .openapi({ description: 'Only this endpoint; all the event went to if unset' }),
  })
  .openapi('EventRedeliver');

export const route = merchantRoute('events', {
  method: 'post',
  operationId: 'redeliverEvent',
  path: '/v1/events/{id}/redeliver',
  summary: 'Send an event to its webhook endpoints again',
  description:
    'Sends the event again, at once, to every enabled endpoint it went to (or to `webhook_endpoint` only), with a fresh retry schedule. Every request is one more attempt: sent twice back to back, the event is POSTed twice, the second right after the first, both with the same `webhook-id` (the event id), which receivers use to ignore repeats. Retrying a request that may have failed in transit with the same `Idempotency-Key` replays its answer instead of sending again. Each attempt is listed in `GET /v1/webhook_endpoints/{id}/deliveries`.',
  request: {
    params: pathId.event,
    body: { content: { 'application/json': { schema: body } }, required: false },
  },
  responses: {
    200: {
      description: 'The deliveries started again',
      content: {
        'application/json': {
          schema: z
            .object({ object: z.literal('redelivery'), event: z.string(), webhook_endpoints: z.array(z.string()) })
            .openapi('Redelivery'),
        },
      },
    },
    ...errorResponses(404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { webhook_endpoint: only } = (c.req.header('content-type') ? c.req.valid('json') : undefined) ?? {};
  const { services } = c.var;
  const restarted = await c.var.db.transaction(async (tx) => {
    const [own] = await tx
      .select({ id: event.id })
      .from(event)
      .where(and(eq(event.merchantId, c.var.apiKey.merchantId), eq(event.id, id)));
    if (!own) throw notFound('event', id);
    const deliveries = await tx
      .update(webhookDelivery)
      .set({ state: 'pending', redeliveries: sql`${webhookDelivery.redeliveries} + 1`, nextAttemptAt: sql`now()` })
      .from(webhookEndpoint)
      .where(
        and(
          eq(webhookDelivery.eventId, id),
          eq(webhookEndpoint.id, webhookDelivery.endpointId),
          isNull(webhookEndpoint.deletedAt),
          isNull(webhookEndpoint.disabledAt),
          only === undefined ? undefined : eq(webhookEndpoint.id, only),
        ),
      )
      .returning({ id: webhookDelivery.id, endpointId: webhookDelivery.endpointId });
    if (only !== undefined && deliveries.length === 0) throw notFound('webhook_endpoint', only, 'webhook_endpoint');
    for (const delivery of deliveries) await enqueueDelivery(tx, services.config.workerSchema, delivery.id);
    const endpoints = deliveries.map((delivery) => delivery.endpointId);
    await auditChange(c, tx, { action: 'event.redeliver', target: id, after: { webhook_endpoints: endpoints } });
    return endpoints;
  });
  return c.json({ object: 'redelivery' as const, event: id, webhook_endpoints: restarted }, 200);
};
