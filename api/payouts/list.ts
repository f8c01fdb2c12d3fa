// GET /v1/payouts — money leaving the merchant's balances for its payout addresses, newest first: the
// payouts the worker sends on the merchant's schedule (`po_…`: pending, then paid or failed as the chain
// shows), and whatever else the chain shows leaving them (a payout sent outside the gateway, the merchant
// pulling its own balance with `withdraw`).
import { type RouteHandler, z } from '@hono/zod-openapi';
import { getAddress } from 'viem';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import { hasPayout, listPayouts, type PayoutListRow, payoutStatuses } from '../../lib/payouts.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { nullable } from '../nullable.js';
import { listBody, listSchema, pageOf, pageQuery, requireCursor } from '../pagination.js';

const payoutSchema = z
  .object({
    id: z.string().openapi({
      description: '`po_…` for payouts the gateway sent; the chain position of the event for the others',
    }),
    object: z.literal('payout'),
    type: z.enum(['payout', 'withdrawal']).openapi({
      description: '`payout`: pushed by the escrow’s keeper; `withdrawal`: pulled by the payout address itself',
    }),
    status: z.enum(payoutStatuses),
    asset: z.string().openapi({ description: '`native` or the token address' }),
    amount: z
      .string()
      .openapi({ description: 'Base units: what the chain moved, or the expected amount while pending' }),
    destination: z.string(),
    failure_reason: z.string().nullable(),
    transaction: nullable(
      z.object({
        tx_hash: z.string(),
        block_number: z.string(),
        at: z.number().int().openapi({ description: 'Block time, unix seconds' }),
        explorer_url: z.string().nullable(),
      }),
    ).openapi({ description: 'The payout on chain, once indexed' }),
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
  const merchantId = c.var.apiKey.merchantId;
  const page = pageOf(params);
  await requireCursor(page, 'payout', async (id) =>
    (await hasPayout(db, services.views, merchantId, id)) ? [id] : [],
  );
  const rows = await listPayouts(db, services.views, merchantId, {
    limit: params.limit,
    cursor: page.cursor?.id,
    newerFirst: page.newerFirst,
  });
  const explorer = services.config.chain.blockExplorers?.default.url;
  return c.json(
    listBody('/v1/payouts', rows, params, page, (row) => toPayout(row, explorer)),
    200,
  );
};

function toPayout(row: PayoutListRow, explorer: string | undefined): z.infer<typeof payoutSchema> {
  return {
    id: row.id,
    object: 'payout',
    type: row.type,
    status: row.status,
    asset: row.token === NATIVE_TOKEN ? 'native' : getAddress(row.token),
    amount: row.amount,
    destination: getAddress(row.destination),
    failure_reason: row.failure_reason,
    transaction:
      row.transaction_hash && row.block_number && row.block_timestamp
        ? {
            tx_hash: row.transaction_hash,
            block_number: row.block_number,
            at: Number(row.block_timestamp),
            explorer_url: explorer ? `${explorer}/tx/${row.transaction_hash}` : null,
          }
        : null,
    created: Number(row.created),
  };
}
