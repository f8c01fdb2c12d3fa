// POST /v1/admin/merchants — the operator onboards a merchant; the response holds its first secret key,
// shown this once (the same as `npm run merchant -- create`).
import { type RouteHandler, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { passwordLink } from '../../lib/console/links.js';
import { merchant } from '../../lib/db/schema/index.js';
import { createMerchant, newMerchantSchema } from '../../lib/merchants/create.js';
import { adminRoute } from '../adminRoute.js';
import type { ApiEnv } from '../context.js';
import { merchantSchema, toMerchant } from './resource.js';
import { merchantTerms } from './terms.js';

const body = newMerchantSchema.extend(merchantTerms).openapi('AdminMerchantCreate');

export const route = adminRoute({
  method: 'post',
  operationId: 'adminCreateMerchant',
  path: '/v1/admin/merchants',
  summary: 'Create a merchant (admin)',
  request: { body: { content: { 'application/json': { schema: body } }, required: true } },
  responses: {
    200: {
      description: 'The merchant and its first secret key',
      content: {
        'application/json': {
          schema: merchantSchema
            .extend({
              api_key: z
                .string()
                .optional()
                .openapi({ description: 'The first secret key: in the first response only, never in a replay' }),
              invite_url: z.string().optional().openapi({
                description:
                  'A one-time link (7 days) where the merchant’s email sets the dashboard password; in the first response only, and only when that email has no dashboard user yet',
              }),
            })
            .openapi('AdminMerchantCreated'),
        },
      },
    },
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { fee_bps: feeBps, hold_period_seconds: holdPeriodSeconds, verified, ...identity } = c.req.valid('json');
  const { db, services } = c.var;
  const created = await createMerchant(db, identity, services.config.keyMode, { feeBps, holdPeriodSeconds, verified });
  const [row] = await db.select().from(merchant).where(eq(merchant.id, created.id));
  const invite = created.inviteToken && passwordLink(services.config.publicUrl ?? '', 'merchant', created.inviteToken);
  return c.json(
    {
      ...toMerchant(row!, c.var.services.config.chains),
      api_key: created.apiKey,
      ...(invite ? { invite_url: invite } : {}),
    },
    200,
  );
};
