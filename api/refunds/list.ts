// GET /v1/refunds — the merchant's refunds, newest first, optionally of one payment intent.

import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { paymentIntent, refund } from '../../lib/db/schema/index.js';
import { selectRefunds } from '../../lib/refunds.js';
import { refundSchema, toRefund } from '../../lib/resources/refund.js';
import type { ApiEnv } from '../context.js';
import { objectId } from '../conventions.js';
import { errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { filteredChainId, networkFilterQuery } from '../networks/served.js';
import { createdOrder, listBody, listSchema, pageOf, pageQuery, pastCursor, requireCursor } from '../pagination.js';

export const route = merchantRoute('refunds', {
  method: 'get',
  operationId: 'listRefunds',
  path: '/v1/refunds',
  summary: 'List refunds',
  request: {
    query: pageQuery('refund').extend({
      payment_intent: objectId('pi').optional().openapi({ description: 'Only the refunds of this payment intent' }),
      network: networkFilterQuery,
    }),
  },
  responses: {
    200: {
      description: 'A page of refunds, newest first',
      content: { 'application/json': { schema: listSchema('RefundList', refundSchema) } },
    },
    ...errorResponses(400, 404),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const params = c.req.valid('query');
  const { db, services } = c.var;
  const chainId = filteredChainId(services, params.network);
  const own = and(
    eq(refund.merchantId, c.var.apiKey.merchantId),
    params.payment_intent === undefined ? undefined : eq(refund.paymentIntentId, params.payment_intent),
  );
  const onChain = chainId === undefined ? undefined : eq(paymentIntent.chainId, chainId);
  const page = pageOf(params);
  await requireCursor(page, 'refund', (id) =>
    db
      .select({ id: refund.id })
      .from(refund)
      .where(and(own, eq(refund.id, id))),
  );
  const rows = await selectRefunds(db, services.views)
    .query.where(
      and(own, onChain, page.cursor && pastCursor(refund.createdAt, refund.id, page.cursor.id, page.newerFirst)),
    )
    .orderBy(...createdOrder(refund.createdAt, refund.id, page.newerFirst))
    .limit(params.limit + 1);
  return c.json(
    listBody('/v1/refunds', rows, params, page, (row) => toRefund(row, services.config.chains)),
    200,
  );
};
