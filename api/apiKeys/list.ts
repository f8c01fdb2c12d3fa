// GET /v1/api_keys — the merchant's keys, newest first, never their secrets.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import { apiKey } from '../../lib/db/schema.js';
import type { ApiEnv } from '../context.js';
import { merchantRoute } from '../merchantRoute.js';
import { apiKeySchema, toApiKey } from './resource.js';

export const route = merchantRoute('api_keys', {
  method: 'get',
  operationId: 'listApiKeys',
  path: '/v1/api_keys',
  summary: 'List API keys',
  responses: {
    200: {
      description: 'Every key, revoked ones included',
      content: {
        'application/json': {
          schema: z.object({ object: z.literal('list'), data: z.array(apiKeySchema) }).openapi('ApiKeyList'),
        },
      },
    },
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const rows = await c.var.db
    .select()
    .from(apiKey)
    .where(eq(apiKey.merchantId, c.var.apiKey.merchantId))
    .orderBy(desc(apiKey.createdAt));
  return c.json({ object: 'list' as const, data: rows.map((row) => toApiKey(row)) }, 200);
};
