// POST /v1/admin/merchants/:id — the operator changes a merchant's terms (fee, hold: for intents signed from
// now on), verifies it, or suspends it (its keys and dashboard are refused; its payments, releases and
// payouts go on, since the escrow holds them for its buyers and its wallet). Recorded in the audit log.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { merchant } from '../../lib/db/schema/index.js';
import { adminRoute } from '../adminRoute.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { errorResponses, notFound } from '../errors.js';
import { merchantSchema, toMerchant } from './resource.js';
import { merchantTerms } from './terms.js';

const body = z
  .strictObject({
    ...merchantTerms,
    suspended: z.boolean().optional().openapi({ description: 'Refuse the merchant’s keys and dashboard' }),
  })
  .openapi('AdminMerchantUpdate');

export const route = adminRoute({
  method: 'post',
  operationId: 'adminUpdateMerchant',
  path: '/v1/admin/merchants/{id}',
  summary: 'Update a merchant (admin)',
  request: {
    params: pathId.merchant,
    body: { content: { 'application/json': { schema: body } }, required: true },
  },
  responses: {
    200: { description: 'The merchant as changed', content: { 'application/json': { schema: merchantSchema } } },
    ...errorResponses(404),
  },
});

/** A timestamp column set when `on` turns true, cleared when false, left alone when undefined. */
const since = (on: boolean | undefined, current: Date | null) =>
  on === undefined ? current : on ? (current ?? new Date()) : null;

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const input = c.req.valid('json');
  const after = await c.var.db.transaction(async (db) => {
    const [before] = await db.select().from(merchant).where(eq(merchant.id, id)).for('update');
    if (!before) throw notFound('merchant', id);
    const [changed] = await db
      .update(merchant)
      .set({
        feeBps: input.fee_bps ?? before.feeBps,
        holdPeriodSeconds: input.hold_period_seconds ?? before.holdPeriodSeconds,
        verifiedAt: since(input.verified, before.verifiedAt),
        suspendedAt: since(input.suspended, before.suspendedAt),
      })
      .where(eq(merchant.id, id))
      .returning();
    await auditChange(c, db, {
      merchantId: id,
      action: 'merchant.update',
      target: id,
      before: toMerchant(before, c.var.services.config.chains),
      after: toMerchant(changed!, c.var.services.config.chains),
    });
    return changed!;
  });
  return c.json(toMerchant(after, c.var.services.config.chains), 200);
};
