// GET /v1/webhook_endpoints/:id/deliveries — every event sent to an endpoint, newest first, with each
// attempt: HTTP status, latency and the first bytes of the answer (or what went wrong).
import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { webhookDelivery, webhookEndpoint } from '../../lib/db/schema/index.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { pageQuery } from '../pagination.js';
import { deliveryList, deliveryListResponse } from './delivery.js';

export const route = merchantRoute('webhook_endpoints', {
  method: 'get',
  operationId: 'listWebhookDeliveries',
  path: '/v1/webhook_endpoints/{id}/deliveries',
  summary: 'List the deliveries to a webhook endpoint',
  request: { params: pathId.webhookEndpoint, query: pageQuery('webhook delivery') },
  responses: {
    200: deliveryListResponse,
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
  const deliveries = await deliveryList(
    db,
    `/v1/webhook_endpoints/${id}/deliveries`,
    eq(webhookDelivery.endpointId, id),
    params,
  );
  return c.json(deliveries, 200);
};
