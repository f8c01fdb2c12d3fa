// GET /v1/webhook_endpoints/:id — one of the merchant's endpoints; a deleted one is gone (404).
import type { RouteHandler } from '@hono/zod-openapi';
import { webhookEndpoint } from '../../lib/db/schema/index.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { ownEndpoint, toWebhookEndpoint, webhookEndpointSchema } from './resource.js';

export const route = merchantRoute('webhook_endpoints', {
  method: 'get',
  operationId: 'getWebhookEndpoint',
  path: '/v1/webhook_endpoints/{id}',
  summary: 'Retrieve a webhook endpoint',
  request: { params: pathId.webhookEndpoint },
  responses: {
    200: { description: 'The endpoint', content: { 'application/json': { schema: webhookEndpointSchema } } },
    ...errorResponses(404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const [row] = await c.var.db.select().from(webhookEndpoint).where(ownEndpoint(id, c.var.apiKey.merchantId));
  if (!row) throw notFound('webhook_endpoint', id);
  return c.json(toWebhookEndpoint(row), 200);
};
