// GET /v1/merchant — the authenticated merchant's account.
import type { RouteHandler } from '@hono/zod-openapi';
import type { ApiEnv } from '../context.js';
import { merchantRoute } from '../merchantRoute.js';
import { merchantSchema, toMerchant } from '../merchants/resource.js';

export const route = merchantRoute('merchant', {
  method: 'get',
  path: '/v1/merchant',
  summary: 'Retrieve your merchant account',
  responses: { 200: { description: 'The merchant', content: { 'application/json': { schema: merchantSchema } } } },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  return c.json(toMerchant(c.var.merchant), 200);
};
