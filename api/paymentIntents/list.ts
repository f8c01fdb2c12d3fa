// GET /v1/payment_intents — newest first, with Stripe's cursor pagination and filters by status, release
// and time.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, eq, gte, lte, or, type SQL, sql } from 'drizzle-orm';
import type { ChainViews } from '../../lib/chainViews.js';
import { paymentIntent } from '../../lib/db/schema/index.js';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import { selectIntents } from '../../lib/paymentIntents/query.js';
import { intentStatuses } from '../../lib/paymentIntents/status.js';
import { paymentIntentSchema, statusClockOf, toPaymentIntent } from '../../lib/resources/paymentIntent.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { filteredChainId, networkFilterQuery } from '../networks/served.js';
import { createdOrder, listBody, listSchema, pageOf, pageQuery, pastCursor, requireCursor } from '../pagination.js';
import { intentReadContext } from './readContext.js';

/** Up to the year 9999, as far as a timestamp goes. */
const unixSeconds = z.coerce.number().int().nonnegative().max(253_402_300_799);

const query = pageQuery('payment intent').extend({
  status: z.enum(intentStatuses).optional(),
  'created[gte]': unixSeconds.optional(),
  'created[lte]': unixSeconds.optional(),
  network: networkFilterQuery,
  asset: z
    .string()
    .regex(/^(native|0x[0-9a-fA-F]{40})$/, '`native` or a token address')
    .optional()
    .openapi({ description: 'Only intents paid in this asset: `native` or the token address' }),
  released: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .openapi({
      description:
        'Only intents whose payment was released to the merchant (`true`), or only those whose payment is escrowed or settled otherwise, or unpaid (`false`). A released payment’s intent stays `succeeded`, so this is how to list what you have been paid for',
    }),
  search: z.string().trim().min(1).max(200).optional().openapi({
    description:
      'Only the intent this matches exactly: its id, its payment id, the hash of its escrowing transaction, or one of its metadata values',
  }),
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
          schema: listSchema('PaymentIntentList', paymentIntentSchema),
        },
      },
    },
    ...errorResponses(400, 404, 503),
  },
});

/** Identifiers match exactly (hashes in any case); metadata values match exactly as stored. */
export function matching(search: string, views: ChainViews): SQL {
  const lower = search.toLowerCase();
  return or(
    eq(paymentIntent.id, search),
    eq(paymentIntent.paymentId, lower),
    eq(views.payment.escrowedTx, lower),
    sql`EXISTS (SELECT 1 FROM jsonb_each_text(${paymentIntent.metadata}) AS entry WHERE entry.value = ${search})`,
  )!;
}

/** A released payment is `released` in the indexed row; an unpaid intent has none. */
function releasedIs(released: boolean, { payment }: ChainViews): SQL {
  return released ? eq(payment.status, 'released') : sql`${payment.status} IS DISTINCT FROM 'released'`;
}

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const params = c.req.valid('query');
  const { db, services } = c.var;
  const merchantId = c.var.apiKey.merchantId;
  const page = pageOf(params);
  const conditions: SQL[] = [eq(paymentIntent.merchantId, merchantId)];
  await requireCursor(page, 'payment_intent', (id) =>
    db
      .select({ id: paymentIntent.id })
      .from(paymentIntent)
      .where(and(eq(paymentIntent.merchantId, merchantId), eq(paymentIntent.id, id))),
  );
  if (page.cursor)
    conditions.push(pastCursor(paymentIntent.createdAt, paymentIntent.id, page.cursor.id, page.newerFirst));
  if (params['created[gte]'] !== undefined)
    conditions.push(gte(paymentIntent.createdAt, new Date(params['created[gte]'] * 1000)));
  if (params['created[lte]'] !== undefined)
    conditions.push(lte(paymentIntent.createdAt, new Date((params['created[lte]'] + 1) * 1000 - 1)));
  const chainId = filteredChainId(services, params.network);
  if (chainId !== undefined) conditions.push(eq(paymentIntent.chainId, chainId));
  if (params.asset)
    conditions.push(eq(paymentIntent.token, params.asset === 'native' ? NATIVE_TOKEN : params.asset.toLowerCase()));
  const context = await intentReadContext(services, c.var.db);
  const { query: intents, status } = selectIntents(db, services.views, statusClockOf(context));
  if (params.status) conditions.push(eq(status, params.status));
  if (params.search) conditions.push(matching(params.search, services.views));
  if (params.released !== undefined) conditions.push(releasedIs(params.released, services.views));
  const rows = await intents
    .where(and(...conditions))
    .orderBy(...createdOrder(paymentIntent.createdAt, paymentIntent.id, page.newerFirst))
    .limit(params.limit + 1);
  return c.json(
    listBody('/v1/payment_intents', rows, params, page, (row) => toPaymentIntent(row, context)),
    200,
  );
};
