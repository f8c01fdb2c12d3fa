// GET /v1/webhook_endpoints — the merchant's active endpoints, newest first.
import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq, isNull } from 'drizzle-orm';
import { webhookEndpoint } from '../../lib/db/schema/index.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { createdOrder, listBody, listSchema, pageOf, pageQuery, pastCursor, requireCursor } from '../pagination.js';
import { toWebhookEndpoint, webhookEndpointSchema } from './resource.js';

export const route = merchantRoute('webhook_endpoints', {
  method: 'get',
  operationId: 'listWebhookEndpoints',
  path: '/v1/webhook_endpoints',
  summary: 'List webhook endpoints',
  request: { query: pageQuery('webhook endpoint') },
  responses: {
    200: {
      description: 'A page of active endpoints, newest first',
      content: { 'application/json': { schema: listSchema('WebhookEndpointList', webhookEndpointSchema) } },
    },
    ...errorResponses(400, 404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const params = c.req.valid('query');
  const { db } = c.var;
  const active = and(eq(webhookEndpoint.merchantId, c.var.apiKey.merchantId), isNull(webhookEndpoint.deletedAt));
  const page = pageOf(params);
  await requireCursor(page, 'webhook_endpoint', (id) =>
    db
      .select({ id: webhookEndpoint.id })
      .from(webhookEndpoint)
      .where(and(active, eq(webhookEndpoint.id, id))),
  );
  const rows = await db
    .select()
    .from(webhookEndpoint)
    .where(
      and(
        active,
        page.cursor && pastCursor(webhookEndpoint.createdAt, webhookEndpoint.id, page.cursor.id, page.newerFirst),
      ),
    )
    .orderBy(...createdOrder(webhookEndpoint.createdAt, webhookEndpoint.id, page.newerFirst))
    .limit(params.limit + 1);
  return c.json(
    listBody('/v1/webhook_endpoints', rows, params, page, (row) => toWebhookEndpoint(row)),
    200,
  );
};
