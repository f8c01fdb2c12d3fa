// POST /v1/merchant/payout_settings — how often balances are paid out, and the smallest payout per asset.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { merchant } from '../../lib/db/schema/index.js';
import { resolveAsset } from '../assets.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv, ApiServices } from '../context.js';
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

/** A minimum holds on every network: its asset must be one that some network served accepts. */
async function allowedOnAnyNetwork(services: ApiServices, db: ApiEnv['Variables']['db'], asset: string, param: string) {
  const refusals: unknown[] = [];
  for (const network of services.networks.values()) {
    try {
      return await resolveAsset(services, db, network, asset, param);
    } catch (err) {
      refusals.push(err);
    }
  }
  throw refusals[0];
}

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const input = c.req.valid('json');
  let minimumPayouts: Record<string, string> | undefined;
  if (input.minimum_payouts) {
    minimumPayouts = {};
    for (const [asset, amount] of Object.entries(input.minimum_payouts)) {
      const { token } = await allowedOnAnyNetwork(c.var.services, c.var.db, asset, `minimum_payouts.${asset}`);
      minimumPayouts[asset === 'native' ? 'native' : token] = BigInt(amount).toString();
    }
  }
  const changes = {
    ...(input.schedule ? { payoutSchedule: input.schedule } : {}),
    ...(minimumPayouts ? { minimumPayouts } : {}),
  };
  const merchantId = c.var.apiKey.merchantId;
  const own = eq(merchant.id, merchantId);
  const settings = (row: typeof merchant.$inferSelect) => ({
    payout_schedule: row.payoutSchedule,
    minimum_payouts: row.minimumPayouts,
  });
  const changed = await c.var.db.transaction(async (tx) => {
    const [before] = await tx.select().from(merchant).where(own);
    if (Object.keys(changes).length === 0) return toMerchant(before!, c.var.services.config.chains);
    const [row] = await tx.update(merchant).set(changes).where(own).returning();
    await auditChange(c, tx, {
      action: 'merchant.payout_settings',
      target: merchantId,
      before: settings(before!),
      after: settings(row!),
    });
    return toMerchant(row!, c.var.services.config.chains);
  });
  return c.json(changed, 200);
};
