// POST /v1/api_keys/:id/revoke — the key stops working at once.
import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import { apiKey } from '../../lib/db/schema/index.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { apiKeySchema, toApiKey } from './resource.js';

export const route = merchantRoute('api_keys', {
  method: 'post',
  operationId: 'revokeApiKey',
  path: '/v1/api_keys/{id}/revoke',
  summary: 'Revoke an API key',
  request: { params: pathId.apiKey },
  responses: {
    200: { description: 'The revoked key', content: { 'application/json': { schema: apiKeySchema } } },
    ...errorResponses(404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const revoked = await c.var.db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKey)
      .set({ revokedAt: sql`coalesce(${apiKey.revokedAt}, now())` })
      .where(and(eq(apiKey.id, id), eq(apiKey.merchantId, c.var.apiKey.merchantId)))
      .returning();
    if (!row) throw notFound('api_key', id);
    const shown = toApiKey(row);
    await auditChange(c, tx, { action: 'api_key.revoke', target: id, after: shown });
    return shown;
  });
  c.var.afterCommit(() => c.var.services.keys.forget(id));
  return c.json(revoked, 200);
};
