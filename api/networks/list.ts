// GET /v1/networks — the networks this gateway takes payments on, for integrations and the checkout: each
// with its chain, native currency, the tokens its escrow accepts (as indexed), when a payment there is final,
// and whether it holds real money.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, eq, inArray } from 'drizzle-orm';
import { getAddress } from 'viem';
import { answerWithin } from '../../lib/readiness.js';
import { tokenInfo } from '../assets.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';

const asset = z.object({
  asset: z.string().openapi({ description: '`native`, or the token address to pass as `asset`', example: 'native' }),
  symbol: z.string().openapi({ example: 'GLMR' }),
  decimals: z.number().int(),
});

const networkSchema = z
  .object({
    object: z.literal('network'),
    name: z.string().openapi({ description: 'What `network` names it by', example: 'moonbeam' }),
    chain_id: z.number().int().openapi({ example: 1284 }),
    display_name: z.string().openapi({ example: 'Moonbeam' }),
    livemode: z.boolean().openapi({ description: 'Whether it holds real money' }),
    default: z.boolean().openapi({ description: 'Where an intent goes when its creator names no network' }),
    escrow_address: z.string(),
    explorer_url: z.string().nullable(),
    finality: z
      .object({
        kind: z.enum(['finalized_tag', 'depth']),
        blocks: z.number().int().nullable().openapi({ description: 'With `depth`: blocks under the head' }),
      })
      .openapi({ description: "When a payment is final: the node's finalized block, or a depth" }),
    assets: z.array(asset).openapi({ description: 'The native currency, then each token the escrow accepts' }),
    assets_complete: z.boolean().openapi({
      description:
        'False while the network’s node does not answer: a token whose symbol and decimals were never read from it is left out of `assets`; ask again shortly',
    }),
  })
  .openapi('Network');

export const route = merchantRoute('networks', {
  method: 'get',
  operationId: 'listNetworks',
  path: '/v1/networks',
  summary: 'List the networks this gateway serves',
  responses: {
    200: {
      description: 'Every network, the default first',
      content: {
        'application/json': {
          schema: z.object({ object: z.literal('list'), data: z.array(networkSchema) }).openapi('NetworkList'),
        },
      },
    },
    ...errorResponses(503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { db, services } = c.var;
  const { config, views } = services;
  const allowed = await db
    .select({ chainId: views.tokenAllowance.chainId, token: views.tokenAllowance.token })
    .from(views.tokenAllowance)
    .where(
      and(inArray(views.tokenAllowance.chainId, [...services.networks.keys()]), eq(views.tokenAllowance.allowed, true)),
    )
    .orderBy(views.tokenAllowance.token);
  const data = await Promise.all(
    [...services.networks.values()].map(async (served) => {
      const { name, chain, finality, escrowAddress } = served.network;
      const tokens = allowed.filter((row) => row.chainId === chain.id).map(({ token }) => getAddress(token));
      // One network's node not answering must not hold up, or fail, the list of every other.
      const read = await Promise.all(
        tokens.map((token) => answerWithin(tokenInfo(services, served, token)).catch(() => undefined)),
      );
      const assets = [
        { asset: 'native', symbol: chain.nativeCurrency.symbol, decimals: chain.nativeCurrency.decimals },
        ...read.flatMap((info, i) =>
          info ? [{ asset: tokens[i] as string, symbol: info.symbol, decimals: info.decimals }] : [],
        ),
      ];
      return {
        object: 'network' as const,
        name,
        chain_id: chain.id,
        display_name: chain.name,
        livemode: config.keyMode === 'live',
        default: served === services.defaultNetwork,
        escrow_address: escrowAddress,
        explorer_url: chain.blockExplorers?.default.url ?? null,
        finality:
          finality.kind === 'depth'
            ? { kind: 'depth' as const, blocks: finality.blocks }
            : { kind: 'finalized_tag' as const, blocks: null },
        assets,
        assets_complete: read.every((info) => info !== undefined),
      };
    }),
  );
  return c.json({ object: 'list' as const, data }, 200);
};
