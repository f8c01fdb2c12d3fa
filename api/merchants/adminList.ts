// GET /v1/admin/merchants — every merchant, newest first, for the operator.
import type { RouteHandler } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { merchant } from '../../lib/db/schema/index.js';
import { adminRoute } from '../adminRoute.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';
import { createdOrder, listBody, listSchema, pageOf, pageQuery, pastCursor, requireCursor } from '../pagination.js';
import { merchantSchema, toMerchant } from './resource.js';

export const route = adminRoute({
  method: 'get',
  operationId: 'adminListMerchants',
  path: '/v1/admin/merchants',
  summary: 'List merchants (admin)',
  request: { query: pageQuery('merchant') },
  responses: {
    200: {
      description: 'A page of merchants, newest first',
      content: { 'application/json': { schema: listSchema('MerchantList', merchantSchema) } },
    },
    ...errorResponses(400, 404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const params = c.req.valid('query');
  const { db } = c.var;
  const page = pageOf(params);
  await requireCursor(page, 'merchant', (id) =>
    db.select({ id: merchant.id }).from(merchant).where(eq(merchant.id, id)),
  );
  const rows = await db
    .select()
    .from(merchant)
    .where(page.cursor && pastCursor(merchant.createdAt, merchant.id, page.cursor.id, page.newerFirst))
    .orderBy(...createdOrder(merchant.createdAt, merchant.id, page.newerFirst))
    .limit(params.limit + 1);
  return c.json(
    listBody('/v1/admin/merchants', rows, params, page, (row) => toMerchant(row, c.var.services.config.chains)),
    200,
  );
};
