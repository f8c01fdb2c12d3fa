// POST /v1/merchant/payout_settings — how often balances are paid out, and the smallest payout per asset.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { merchant } from '../../lib/db/schema.js';
import { resolveAsset } from '../assets.js';
import type { ApiEnv } from '../context.js';
import { merchantRoute } from '../merchantRoute.js';
import { merchantSchema, payoutScheduleSchema, toMerchant } from './resource.js';

const body = z
  .strictObject({
    schedule: payoutScheduleSchema.optional(),
    minimum_payouts: z
      .record(z.string(), z.string().regex(/^\d{1,78}$/, 'a whole number of base units, as a string'))
      .refine((value) => Object.keys(value).length <= 20, 'at most 20 assets')
      .optional()
      .openapi({
        description: 'Per asset (`native` or an allowed token address), in base units; replaces the current set',
        example: { native: '10000000000000000' },
      }),
  })
  .openapi('PayoutSettingsUpdate');

export const route = merchantRoute('merchant', {
  method: 'post',
  operationId: 'updateMerchantPayoutSettings',
  path: '/v1/merchant/payout_settings',
  summary: 'Set the payout schedule and minimums',
  request: { body: { content: { 'application/json': { schema: body } }, required: true } },
  responses: {
    200: {
      description: 'The merchant with its new settings',
      content: { 'application/json': { schema: merchantSchema } },
    },
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const input = c.req.valid('json');
  let minimumPayouts: Record<string, string> | undefined;
  if (input.minimum_payouts) {
    minimumPayouts = {};
    for (const [asset, amount] of Object.entries(input.minimum_payouts)) {
      const { token } = await resolveAsset(c.var.services, c.var.db, asset, `minimum_payouts.${asset}`);
      minimumPayouts[asset === 'native' ? 'native' : token] = BigInt(amount).toString();
    }
  }
  const changes = {
    ...(input.schedule ? { payoutSchedule: input.schedule } : {}),
    ...(minimumPayouts ? { minimumPayouts } : {}),
  };
  const own = eq(merchant.id, c.var.apiKey.merchantId);
  const [row] = Object.keys(changes).length
    ? await c.var.db.update(merchant).set(changes).where(own).returning()
    : await c.var.db.select().from(merchant).where(own);
  return c.json(toMerchant(row!), 200);
};
