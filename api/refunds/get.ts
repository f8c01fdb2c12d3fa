// GET /v1/refunds/:id — one of the merchant's refunds, with its status read off the chain.
import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { refund } from '../../lib/db/schema/index.js';
import { selectRefunds } from '../../lib/refunds.js';
import { refundSchema, toRefund } from '../../lib/resources/refund.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';

export const route = merchantRoute('refunds', {
  method: 'get',
  operationId: 'getRefund',
  path: '/v1/refunds/{id}',
  summary: 'Retrieve a refund',
  request: { params: pathId.refund },
  responses: {
    200: { description: 'The refund', content: { 'application/json': { schema: refundSchema } } },
    ...errorResponses(404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { db, services } = c.var;
  const [row] = await selectRefunds(db, services.views).query.where(
    and(eq(refund.merchantId, c.var.apiKey.merchantId), eq(refund.id, id)),
  );
  if (!row) throw notFound('refund', id);
  return c.json(toRefund(row, services.config.chains), 200);
};
