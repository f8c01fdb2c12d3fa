// GET /v1/webhook_deliveries — the merchant's webhook deliveries across its endpoints, newest first, with
// each attempt; `payment_intent` narrows them to the events about one intent and its refunds (the
// dashboard's payment page).

import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq, inArray } from 'drizzle-orm';
import { event, webhookDelivery, webhookEndpoint } from '../../lib/db/schema/index.js';
import type { ApiEnv } from '../context.js';
import { objectId } from '../conventions.js';
import { errorResponses } from '../errors.js';
import { aboutPaymentIntent } from '../events/list.js';
import { merchantRoute } from '../merchantRoute.js';
import { pageQuery } from '../pagination.js';
import { deliveryList, deliveryListResponse } from '../webhookEndpoints/delivery.js';

export const route = merchantRoute('webhook_endpoints', {
  method: 'get',
  operationId: 'listAllWebhookDeliveries',
  path: '/v1/webhook_deliveries',
  summary: 'List webhook deliveries',
  request: {
    query: pageQuery('webhook delivery').extend({
      payment_intent: objectId('pi')
        .optional()
        .openapi({ description: 'Only deliveries of events about this payment intent or one of its refunds' }),
    }),
  },
  responses: {
    200: deliveryListResponse,
    ...errorResponses(400, 404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const params = c.req.valid('query');
  const { db } = c.var;
  const merchantId = c.var.apiKey.merchantId;
  const own = and(
    inArray(
      webhookDelivery.endpointId,
      db.select({ id: webhookEndpoint.id }).from(webhookEndpoint).where(eq(webhookEndpoint.merchantId, merchantId)),
    ),
    params.payment_intent === undefined
      ? undefined
      : inArray(
          webhookDelivery.eventId,
          db
            .select({ id: event.id })
            .from(event)
            .where(and(eq(event.merchantId, merchantId), aboutPaymentIntent(params.payment_intent))),
        ),
  );
  return c.json(await deliveryList(db, '/v1/webhook_deliveries', own, params), 200);
};
