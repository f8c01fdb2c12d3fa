// GET /v1/analytics — the merchant's activity per asset in equal buckets (hours, days or weeks, UTC) up to
// now: intents created and paid, volume and fees in base units, and the median time to pay. Arrays are
// per bucket, in the order of `buckets`, so a chart takes them as they are.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { getAddress } from 'viem';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import { analyticsIntervals, merchantAnalytics, windowEndingAt } from '../../lib/merchants/analytics.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';

const MAX_BUCKETS = 366;

const query = z.object({
  interval: z
    .enum(Object.keys(analyticsIntervals) as [keyof typeof analyticsIntervals])
    .default('day')
    .openapi({ description: 'The width of a bucket; weeks start on Thursday 00:00 UTC (as 1970 did)' }),
  buckets: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_BUCKETS)
    .default(30)
    .openapi({ description: `How many buckets, the last holding now (at most ${MAX_BUCKETS})` }),
});

const assetSeries = z.object({
  asset: z.string().openapi({ description: '`native` or the token address' }),
  symbol: z.string(),
  decimals: z.number().int(),
  created: z.array(z.number().int()).openapi({ description: 'Intents created' }),
  paid: z.array(z.number().int()).openapi({ description: 'Intents paid into escrow' }),
  volume: z.array(z.string()).openapi({ description: 'Base units paid into escrow' }),
  fees: z.array(z.string()).openapi({ description: 'Base units of platform fee taken when payments settled' }),
  median_seconds_to_pay: z.array(z.number().int().nullable()).openapi({
    description: 'Seconds from creation to payment, the median of the payments in the bucket; null without any',
  }),
});

export const route = merchantRoute('analytics', {
  method: 'get',
  operationId: 'getAnalytics',
  path: '/v1/analytics',
  summary: 'Retrieve your activity over time',
  request: { query },
  responses: {
    200: {
      description: 'Per asset, one figure per bucket',
      content: {
        'application/json': {
          schema: z
            .object({
              object: z.literal('analytics'),
              interval: query.shape.interval.unwrap(),
              buckets: z.array(z.number().int()).openapi({ description: "Each bucket's start, in Unix seconds" }),
              assets: z.array(assetSeries),
            })
            .openapi('Analytics'),
        },
      },
    },
    ...errorResponses(400, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { interval, buckets } = c.req.valid('query');
  const { db, services } = c.var;
  const window = windowEndingAt(Number(await services.defaultNetwork.clock.now()), interval, buckets);
  const series = await merchantAnalytics(db, services.views, c.var.apiKey.merchantId, window);
  const step = analyticsIntervals[interval];
  return c.json(
    {
      object: 'analytics' as const,
      interval,
      buckets: Array.from({ length: buckets }, (_, i) => window.from + i * step),
      assets: series.map((asset) => ({
        asset: asset.token === NATIVE_TOKEN ? 'native' : getAddress(asset.token),
        symbol: asset.symbol,
        decimals: asset.decimals,
        created: asset.created,
        paid: asset.paid,
        volume: asset.volume.map(String),
        fees: asset.fees.map(String),
        median_seconds_to_pay: asset.medianSecondsToPay,
      })),
    },
    200,
  );
};
