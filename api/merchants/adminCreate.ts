// POST /v1/admin/merchants — the operator onboards a merchant; the response holds its first secret key,
// shown this once (the same as `npm run merchant -- create`).
import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { passwordLink } from '../../lib/console/links.js';
import { merchant } from '../../lib/db/schema.js';
import { createMerchant, newMerchantSchema } from '../../lib/merchants.js';
import type { ApiEnv } from '../context.js';
import { errorResponses } from '../errors.js';
import { idempotencyHeaders } from '../merchantRoute.js';
import { adminAuth } from '../middleware/adminAuth.js';
import { idempotency } from '../middleware/idempotency.js';
import { merchantSchema, toMerchant } from './resource.js';

const body = newMerchantSchema
  .extend({
    fee_bps: z
      .number()
      .int()
      .min(0)
      .max(1_000)
      .optional()
      .openapi({ description: 'Platform fee in basis points (the escrow caps it at 1000); default 100' }),
    hold_period_seconds: z
      .number()
      .int()
      .min(0)
      .max(365 * 86_400)
      .optional()
      .openapi({ description: 'Escrow hold before release; default 7 days' }),
  })
  .openapi('AdminMerchantCreate');

export const route = createRoute({
  method: 'post',
  operationId: 'adminCreateMerchant',
  path: '/v1/admin/merchants',
  summary: 'Create a merchant (admin)',
  tags: ['admin'],
  security: [{ adminKey: [] }],
  middleware: [adminAuth, idempotency(() => 'admin')] as const,
  request: { headers: idempotencyHeaders, body: { content: { 'application/json': { schema: body } }, required: true } },
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
    ...errorResponses(400, 401, 403, 413, 415, 422, 500),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { fee_bps: feeBps, hold_period_seconds: holdPeriodSeconds, ...identity } = c.req.valid('json');
  const { db, services } = c.var;
  const created = await createMerchant(db, identity, services.config.keyMode, { feeBps, holdPeriodSeconds });
  const [row] = await db.select().from(merchant).where(eq(merchant.id, created.id));
  const invite = created.inviteToken && passwordLink(services.config.publicUrl ?? '', 'merchant', created.inviteToken);
  return c.json({ ...toMerchant(row!), api_key: created.apiKey, ...(invite ? { invite_url: invite } : {}) }, 200);
};
