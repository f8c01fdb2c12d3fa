// GET /v1/api_keys — the merchant's keys, newest first, never their secrets.
import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { apiKey } from '../../lib/db/schema/index.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { createdOrder, listBody, listSchema, pageOf, pageQuery, pastCursor, requireCursor } from '../pagination.js';
import { apiKeySchema, toApiKey } from './resource.js';

export const route = merchantRoute('api_keys', {
  method: 'get',
  operationId: 'listApiKeys',
  path: '/v1/api_keys',
  summary: 'List API keys',
  request: { query: pageQuery('API key') },
  responses: {
    200: {
      description: 'A page of keys, revoked ones included, newest first',
      content: { 'application/json': { schema: listSchema('ApiKeyList', apiKeySchema) } },
    },
    ...errorResponses(400, 404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const params = c.req.valid('query');
  const { db } = c.var;
  const own = eq(apiKey.merchantId, c.var.apiKey.merchantId);
  const page = pageOf(params);
  await requireCursor(page, 'api_key', (id) =>
    db
      .select({ id: apiKey.id })
      .from(apiKey)
      .where(and(own, eq(apiKey.id, id))),
  );
  const rows = await db
    .select()
    .from(apiKey)
    .where(and(own, page.cursor && pastCursor(apiKey.createdAt, apiKey.id, page.cursor.id, page.newerFirst)))
    .orderBy(...createdOrder(apiKey.createdAt, apiKey.id, page.newerFirst))
    .limit(params.limit + 1);
  return c.json(listBody('/v1/api_keys', rows, params, page, toApiKey), 200);
};
