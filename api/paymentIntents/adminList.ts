// GET /v1/admin/payment_intents — every merchant's intents, newest first, for the operator: the same
// objects as GET /v1/payment_intents with the merchant they belong to, filtered by merchant, status or a
// search (id, payment id, escrow transaction hash, metadata value).

import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, eq, type SQL } from 'drizzle-orm';
import { paymentIntent } from '../../lib/db/schema/index.js';
import { selectIntents } from '../../lib/paymentIntents/query.js';
import { intentStatuses } from '../../lib/paymentIntents/status.js';
import { paymentIntentSchema, statusClockOf, toPaymentIntent } from '../../lib/resources/paymentIntent.js';
import { adminRoute } from '../adminRoute.js';
import type { ApiEnv } from '../context.js';
import { objectId } from '../conventions.js';
import { errorResponses } from '../errors.js';
import { filteredChainId, networkFilterQuery } from '../networks/served.js';
import { createdOrder, listBody, listSchema, pageOf, pageQuery, pastCursor, requireCursor } from '../pagination.js';
import { matching } from './list.js';
import { intentReadContext } from './readContext.js';

const adminIntentSchema = paymentIntentSchema.extend({ merchant: z.string() }).openapi('AdminPaymentIntent');

export const route = adminRoute({
  method: 'get',
  operationId: 'adminListPaymentIntents',
  path: '/v1/admin/payment_intents',
  summary: 'List every merchant’s payment intents (admin)',
  request: {
    query: pageQuery('payment intent').extend({
      merchant: objectId('mch').optional().openapi({ description: 'Only this merchant’s intents' }),
      status: z.enum(intentStatuses).optional(),
      search: z.string().trim().min(1).max(200).optional(),
      network: networkFilterQuery,
    }),
  },
  responses: {
    200: {
      description: 'A page of intents, newest first',
      content: { 'application/json': { schema: listSchema('AdminPaymentIntentList', adminIntentSchema) } },
    },
    ...errorResponses(400, 404, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const params = c.req.valid('query');
  const { db, services } = c.var;
  const page = pageOf(params);
  await requireCursor(page, 'payment_intent', (id) =>
    db.select({ id: paymentIntent.id }).from(paymentIntent).where(eq(paymentIntent.id, id)),
  );
  const chainId = filteredChainId(services, params.network);
  const context = await intentReadContext(services, c.var.db);
  const { query: intents, status } = selectIntents(db, services.views, statusClockOf(context));
  const conditions: (SQL | undefined)[] = [
    params.merchant === undefined ? undefined : eq(paymentIntent.merchantId, params.merchant),
    params.status === undefined ? undefined : eq(status, params.status),
    params.search === undefined ? undefined : matching(params.search, services.views),
    chainId === undefined ? undefined : eq(paymentIntent.chainId, chainId),
    page.cursor && pastCursor(paymentIntent.createdAt, paymentIntent.id, page.cursor.id, page.newerFirst),
  ];
  const rows = await intents
    .where(and(...conditions))
    .orderBy(...createdOrder(paymentIntent.createdAt, paymentIntent.id, page.newerFirst))
    .limit(params.limit + 1);
  return c.json(
    listBody('/v1/admin/payment_intents', rows, params, page, (row) => ({
      ...toPaymentIntent(row, context),
      merchant: row.intent.merchantId,
    })),
    200,
  );
};
