// GET /v1/payment_intents — newest first, with Stripe's cursor pagination and filters by status and time.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { paymentIntent } from '../../lib/db/schema.js';
import { selectIntents } from '../../lib/paymentIntents/query.js';
import { intentStatuses } from '../../lib/paymentIntents/status.js';
import type { ApiEnv } from '../context.js';
import { ApiError, errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { intentReadContext } from './readContext.js';
import { paymentIntentSchema, toPaymentIntent } from './resource.js';

/** Up to the year 9999, as far as a timestamp goes. */
const unixSeconds = z.coerce.number().int().nonnegative().max(253_402_300_799);

const query = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(10).openapi({ description: '1 to 100, default 10' }),
  starting_after: z.string().optional().openapi({ description: 'An intent id: the page after it (older)' }),
  ending_before: z.string().optional().openapi({ description: 'An intent id: the page before it (newer)' }),
  status: z.enum(intentStatuses).optional(),
  'created[gte]': unixSeconds.optional(),
  'created[lte]': unixSeconds.optional(),
});

export const route = merchantRoute('payment_intents', {
  method: 'get',
  operationId: 'listPaymentIntents',
  path: '/v1/payment_intents',
  summary: 'List payment intents',
  request: { query },
  responses: {
    200: {
      description: 'A page of intents, newest first',
      content: {
        'application/json': {
          schema: z
            .object({
              object: z.literal('list'),
              data: z.array(paymentIntentSchema),
              has_more: z.boolean(),
              url: z.string(),
            })
            .openapi('PaymentIntentList'),
        },
      },
    },
    ...errorResponses(400, 404, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const params = c.req.valid('query');
  const { db, services } = c.var;
  const merchantId = c.var.apiKey.merchantId;
  if (params.starting_after && params.ending_before) {
    throw new ApiError('parameter_invalid', 'Send starting_after or ending_before, not both.', 'ending_before');
  }
  const cursorId = params.starting_after ?? params.ending_before;
  const newerFirst = params.ending_before === undefined;
  const conditions: SQL[] = [eq(paymentIntent.merchantId, merchantId)];
  if (cursorId) {
    const [cursor] = await db
      .select({ id: paymentIntent.id })
      .from(paymentIntent)
      .where(and(eq(paymentIntent.merchantId, merchantId), eq(paymentIntent.id, cursorId)));
    if (!cursor) throw notFound('payment_intent', cursorId, params.starting_after ? 'starting_after' : 'ending_before');
    const position = sql`(SELECT ${paymentIntent.createdAt}, ${paymentIntent.id} FROM ${paymentIntent} WHERE ${paymentIntent.id} = ${cursorId})`;
    conditions.push(
      newerFirst
        ? sql`(${paymentIntent.createdAt}, ${paymentIntent.id}) < ${position}`
        : sql`(${paymentIntent.createdAt}, ${paymentIntent.id}) > ${position}`,
    );
  }
  if (params['created[gte]'] !== undefined)
    conditions.push(gte(paymentIntent.createdAt, new Date(params['created[gte]'] * 1000)));
  if (params['created[lte]'] !== undefined)
    conditions.push(lte(paymentIntent.createdAt, new Date((params['created[lte]'] + 1) * 1000 - 1)));
  const context = await intentReadContext(services);
  const { query: rows, status } = selectIntents(db, services.views, context.now);
  if (params.status) conditions.push(eq(status, params.status));
  const order = newerFirst
    ? [desc(paymentIntent.createdAt), desc(paymentIntent.id)]
    : [asc(paymentIntent.createdAt), asc(paymentIntent.id)];
  const page = await rows
    .where(and(...conditions))
    .orderBy(...order)
    .limit(params.limit + 1);
  const hasMore = page.length > params.limit;
  const data = page.slice(0, params.limit);
  if (!newerFirst) data.reverse();
  return c.json(
    {
      object: 'list' as const,
      data: data.map((row) => toPaymentIntent(row, context)),
      has_more: hasMore,
      url: '/v1/payment_intents',
    },
    200,
  );
};
