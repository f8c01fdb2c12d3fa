// GET /v1/events — what happened in the last 30 days, newest first, optionally of one type.

import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, eq, gt, or, sql } from 'drizzle-orm';
import { event } from '../../lib/db/schema/index.js';
import { eventTypes } from '../../lib/events.js';
import { eventSchema, toEvent } from '../../lib/resources/event.js';
import type { ApiEnv } from '../context.js';
import { objectId } from '../conventions.js';
import { errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { createdOrder, listBody, listSchema, pageOf, pageQuery, pastCursor, requireCursor } from '../pagination.js';

/** How far back events are listed, as Stripe's. */
export const EVENT_RETENTION = sql`interval '30 days'`;

/** Events about payment intent `id` or one of its refunds. */
export const aboutPaymentIntent = (id: string) =>
  or(sql`${event.data}->'object'->>'id' = ${id}`, sql`${event.data}->'object'->>'payment_intent' = ${id}`);

export const route = merchantRoute('events', {
  method: 'get',
  operationId: 'listEvents',
  path: '/v1/events',
  summary: 'List events',
  request: {
    query: pageQuery('event').extend({
      type: z.enum(eventTypes).optional().openapi({ description: 'Only events of this type' }),
      payment_intent: objectId('pi')
        .optional()
        .openapi({ description: 'Only events about this payment intent or one of its refunds' }),
    }),
  },
  responses: {
    200: {
      description: 'A page of the last 30 days’ events, newest first',
      content: { 'application/json': { schema: listSchema('EventList', eventSchema) } },
    },
    ...errorResponses(400, 404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const params = c.req.valid('query');
  const { db } = c.var;
  const own = and(
    eq(event.merchantId, c.var.apiKey.merchantId),
    gt(event.createdAt, sql`now() - ${EVENT_RETENTION}`),
    params.type === undefined ? undefined : eq(event.type, params.type),
    params.payment_intent === undefined ? undefined : aboutPaymentIntent(params.payment_intent),
  );
  const page = pageOf(params);
  await requireCursor(page, 'event', (id) =>
    db
      .select({ id: event.id })
      .from(event)
      .where(and(own, eq(event.id, id))),
  );
  const rows = await db
    .select()
    .from(event)
    .where(and(own, page.cursor && pastCursor(event.createdAt, event.id, page.cursor.id, page.newerFirst)))
    .orderBy(...createdOrder(event.createdAt, event.id, page.newerFirst))
    .limit(params.limit + 1);
  return c.json(listBody('/v1/events', rows, params, page, toEvent), 200);
};
