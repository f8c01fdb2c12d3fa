// DELETE /v1/webhook_endpoints/:id — stop deliveries to an endpoint. The row stays for the delivery log.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { webhookEndpoint } from '../../lib/db/schema/index.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { ownEndpoint } from './resource.js';

export const route = merchantRoute('webhook_endpoints', {
  method: 'delete',
  operationId: 'deleteWebhookEndpoint',
  path: '/v1/webhook_endpoints/{id}',
  summary: 'Delete a webhook endpoint',
  request: { params: pathId.webhookEndpoint },
  responses: {
    200: {
      description: 'Deleted',
      content: {
        'application/json': {
          schema: z.object({ id: z.string(), object: z.literal('webhook_endpoint'), deleted: z.literal(true) }),
        },
      },
    },
    ...errorResponses(404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const deleted = await c.var.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoint)
      .set({ deletedAt: new Date() })
      .where(ownEndpoint(id, c.var.apiKey.merchantId))
      .returning({ id: webhookEndpoint.id });
    if (!row) throw notFound('webhook_endpoint', id);
    const shown = { id: row.id, object: 'webhook_endpoint' as const, deleted: true as const };
    await auditChange(c, tx, { action: 'webhook_endpoint.delete', target: id, after: shown });
    return shown;
  });
  return c.json(deleted, 200);
};
