// GET /v1/payouts — money that left the escrow for the merchant's payout addresses, newest first: keeper
// payouts, failed payout attempts (the balance stays available) and the merchant's own withdrawals.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { getAddress } from 'viem';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import { merchantWalletAddresses } from '../../lib/merchantWallets.js';
import type { ApiEnv } from '../context.js';
import { errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';

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
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(100).default(10),
      starting_after: z.string().optional().openapi({ description: 'A payout id: the page after it (older)' }),
    }),
  },
  responses: {
    200: {
      description: 'A page of payouts, newest first',
      content: {
        'application/json': {
          schema: z
            .object({ object: z.literal('list'), data: z.array(payoutSchema), has_more: z.boolean(), url: z.string() })
            .openapi('PayoutList'),
        },
      },
    },
    ...errorResponses(400, 404, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { limit, starting_after: after } = c.req.valid('query');
  const { db, services } = c.var;
  const { payout } = services.views;
  const own = inArray(payout.account, merchantWalletAddresses(db, c.var.apiKey.merchantId));
  if (after) {
    const [cursor] = await db
      .select({ id: payout.id })
      .from(payout)
      .where(and(own, eq(payout.id, after)));
    if (!cursor) throw notFound('payout', after, 'starting_after');
  }
  // Ids are Ponder checkpoints: fixed-width, so their text order is chain order.
  const rows = await db
    .select()
    .from(payout)
    .where(and(own, after ? lt(payout.id, after) : undefined))
    .orderBy(desc(payout.id))
    .limit(limit + 1);
  const data = rows.slice(0, limit).map((row) => ({
    id: row.id,
    object: 'payout' as const,
    kind: row.kind,
    asset: row.token === NATIVE_TOKEN ? 'native' : getAddress(row.token),
    amount: row.amount.toString(),
    destination: getAddress(row.account),
    tx_hash: row.transactionHash,
    block_number: row.blockNumber.toString(),
    created: Number(row.blockTimestamp),
  }));
  return c.json({ object: 'list' as const, data, has_more: rows.length > limit, url: '/v1/payouts' }, 200);
};
