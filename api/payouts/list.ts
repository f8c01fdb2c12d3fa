// GET /v1/payouts — money that left the escrow for the merchant's payout addresses, newest first: keeper
// payouts, failed payout attempts (the balance stays available) and the merchant's own withdrawals.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, asc, desc, eq, gt, type InferSelectViewModel, inArray, lt } from 'drizzle-orm';
import { getAddress } from 'viem';
import type { ChainViews } from '../../lib/chainViews.js';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import { merchantWalletAddresses } from '../../lib/merchantWallets.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { listBody, listSchema, pageOf, pageQuery, requireCursor } from '../pagination.js';

const payoutSchema = z
  .object({
    id: z.string().openapi({ description: 'The chain position of the event, stable across reads' }),
    object: z.literal('payout'),
    kind: z.enum(['paid', 'failed', 'withdrawn']),
    asset: z.string(),
    amount: z.string(),
    destination: z.string(),
    tx_hash: z.string(),
    block_number: z.string(),
    created: z.number().int(),
  })
  .openapi('Payout');

export const route = merchantRoute('payouts', {
  method: 'get',
  operationId: 'listPayouts',
  path: '/v1/payouts',
  summary: 'List payouts',
  request: {
    query: pageQuery('payout'),
  },
  responses: {
    200: {
      description: 'A page of payouts, newest first',
      content: {
        'application/json': {
          schema: listSchema('PayoutList', payoutSchema),
        },
      },
    },
    ...errorResponses(400, 404, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const params = c.req.valid('query');
  const { db, services } = c.var;
  const { payout } = services.views;
  const own = inArray(payout.account, merchantWalletAddresses(db, c.var.apiKey.merchantId));
  const page = pageOf(params);
  await requireCursor(page, 'payout', (id) =>
    db
      .select({ id: payout.id })
      .from(payout)
      .where(and(own, eq(payout.id, id))),
  );
  // Ids are Ponder checkpoints: fixed-width, so their text order is chain order.
  const past = page.cursor && (page.newerFirst ? lt(payout.id, page.cursor.id) : gt(payout.id, page.cursor.id));
  const rows = await db
    .select()
    .from(payout)
    .where(and(own, past))
    .orderBy(page.newerFirst ? desc(payout.id) : asc(payout.id))
    .limit(params.limit + 1);
  return c.json(listBody('/v1/payouts', rows, params, page, toPayout), 200);
};

function toPayout(row: InferSelectViewModel<ChainViews['payout']>) {
  return {
    id: row.id,
    object: 'payout' as const,
    kind: row.kind,
    asset: row.token === NATIVE_TOKEN ? 'native' : getAddress(row.token),
    amount: row.amount.toString(),
    destination: getAddress(row.destination),
    tx_hash: row.transactionHash,
    block_number: row.blockNumber.toString(),
    created: Number(row.blockTimestamp),
  };
}
