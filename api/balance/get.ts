// GET /v1/balance — per network and asset: what is still in escrow, what can be paid out, and what has
// been, all from indexed chain state (every payout address the merchant has used).
import { type RouteHandler, z } from '@hono/zod-openapi';
import { getAddress } from 'viem';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import { merchantBalance } from '../../lib/merchants/balance.js';
import { networkFields, networkFieldsSchema } from '../../lib/resources/chainFact.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';

const amounts = z.object({
  ...networkFieldsSchema,
  asset: z.string().openapi({ description: '`native` or the token address' }),
  escrowed: z.string(),
  available: z.string(),
  paid_out: z.string(),
  withdrawn: z.string(),
});

export const route = merchantRoute('balance', {
  method: 'get',
  operationId: 'getBalance',
  path: '/v1/balance',
  summary: 'Retrieve your balance',
  responses: {
    200: {
      description: 'Amounts per network and asset, in base units: each network served, the default first',
      content: {
        'application/json': {
          schema: z.object({ object: z.literal('balance'), assets: z.array(amounts) }).openapi('Balance'),
        },
      },
    },
    ...errorResponses(503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { db, services } = c.var;
  const perNetwork = await Promise.all(
    [...services.config.chains.keys()].map(async (chainId) =>
      (await merchantBalance(db, services.views, c.var.apiKey.merchantId, chainId)).map((totals) => ({
        ...networkFields(services.config.chains, chainId),
        asset: totals.token === NATIVE_TOKEN ? 'native' : getAddress(totals.token),
        escrowed: totals.escrowed.toString(),
        available: totals.available.toString(),
        paid_out: totals.paidOut.toString(),
        withdrawn: totals.withdrawn.toString(),
      })),
    ),
  );
  const assets = perNetwork.flat();
  return c.json({ object: 'balance' as const, assets }, 200);
};
