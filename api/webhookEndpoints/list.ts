// GET /v1/webhook_endpoints — the merchant's active endpoints.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { webhookEndpoint } from '../../lib/db/schema.js';
import type { ApiEnv } from '../context.js';
import { merchantRoute } from '../merchantRoute.js';
import { toWebhookEndpoint, webhookEndpointSchema } from './resource.js';

export const route = merchantRoute('webhook_endpoints', {
  method: 'get',
  operationId: 'listWebhookEndpoints',
  path: '/v1/webhook_endpoints',
  summary: 'List webhook endpoints',
  responses: {
    200: {
      description: 'Active endpoints, newest first',
      content: {
        'application/json': {
          schema: z
            .object({ object: z.literal('list'), data: z.array(webhookEndpointSchema) })
            .openapi('WebhookEndpointList'),
        },
      },
    },
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const rows = await c.var.db
    .select()
    .from(webhookEndpoint)
    .where(and(eq(webhookEndpoint.merchantId, c.var.apiKey.merchantId), isNull(webhookEndpoint.deletedAt)))
    .orderBy(desc(webhookEndpoint.createdAt));
  return c.json({ object: 'list' as const, data: rows.map((row) => toWebhookEndpoint(row)) }, 200);
};
