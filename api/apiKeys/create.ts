// POST /v1/api_keys — a new secret key, optionally restricted (read-only, or to named resources).
import { type RouteHandler, z } from '@hono/zod-openapi';
import { issueApiKey } from '../../lib/apiKeys/store.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { merchantRoute } from '../merchantRoute.js';
import { apiKeySchema, permissionsSchema, toApiKey } from './resource.js';

const body = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional().openapi({ example: 'reporting' }),
    permissions: permissionsSchema.optional().openapi({ description: 'Omit for full access' }),
  })
  .openapi('ApiKeyCreate');

export const route = merchantRoute('api_keys', {
  method: 'post',
  operationId: 'createApiKey',
  path: '/v1/api_keys',
  summary: 'Create an API key',
  request: { body: { content: { 'application/json': { schema: body } }, required: true } },
  responses: {
    200: {
      description: 'The key, with its secret this one time',
      content: { 'application/json': { schema: apiKeySchema } },
    },
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { name, permissions } = c.req.valid('json');
  const created = await c.var.db.transaction(async (tx) => {
    const { row, key } = await issueApiKey(tx, c.var.apiKey.merchantId, c.var.services.config.keyMode, {
      name,
      permissions: permissions && { readOnly: permissions.read_only, resources: permissions.resources },
    });
    const shown = toApiKey(row, key);
    await auditChange(c, tx, { action: 'api_key.create', target: shown.id, after: shown });
    return shown;
  });
  return c.json(created, 200);
};
