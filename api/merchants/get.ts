// GET /v1/merchant — the authenticated merchant's account.
import type { RouteHandler } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { merchant } from '../../lib/db/schema/index.js';
import type { ApiEnv } from '../context.js';
import { merchantRoute } from '../merchantRoute.js';
import { merchantSchema, toMerchant } from './resource.js';

export const route = merchantRoute('merchant', {
  method: 'get',
  operationId: 'getMerchant',
  path: '/v1/merchant',
  summary: 'Retrieve your merchant account',
  responses: { 200: { description: 'The merchant', content: { 'application/json': { schema: merchantSchema } } } },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const [row] = await c.var.db.select().from(merchant).where(eq(merchant.id, c.var.apiKey.merchantId));
  return c.json(toMerchant(row!, c.var.services.config.chains), 200);
};
