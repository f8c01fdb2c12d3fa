// GET /v1/payouts — money leaving the merchant's balances for its payout addresses, newest first: the
// payouts the worker sends on the merchant's schedule (`po_…`: pending, then paid or failed as the chain
// shows), and whatever else the chain shows leaving them (a payout sent outside the gateway, the merchant
// pulling its own balance with `withdraw`).
import type { RouteHandler } from '@hono/zod-openapi';
import { findPayout, listPayouts } from '../../lib/payouts.js';
import { payoutSchema, toPayout } from '../../lib/resources/payout.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { filteredChainId, networkFilterQuery } from '../networks/served.js';
import { listBody, listSchema, pageOf, pageQuery, requireCursor } from '../pagination.js';

export const route = merchantRoute('payouts', {
  method: 'get',
  operationId: 'listPayouts',
  path: '/v1/payouts',
  summary: 'List payouts',
  request: {
    query: pageQuery('payout').extend({ network: networkFilterQuery }),
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
    (await findPayout(db, services.views, merchantId, id)) ? [id] : [],
  );
  const rows = await listPayouts(db, services.views, merchantId, {
    limit: params.limit,
    cursor: page.cursor?.id,
    newerFirst: page.newerFirst,
    chainId: filteredChainId(services, params.network),
  });
  return c.json(
    listBody('/v1/payouts', rows, params, page, (row) => toPayout(row, services.config.chains)),
    200,
  );
};
