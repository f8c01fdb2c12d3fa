// POST /v1/admin/payment_intents/:id/resolve_dispute — the operator's ruling on a disputed payment: how much
// of what is escrowed goes back to the buyer (the merchant's share is the rest, less the fee). Stored with
// the job that has the worker's arbiter signer send it, and its audit entry, in one transaction; `pending`
// until the indexer sees the payment resolved. Refused with nothing written: a payment not in dispute, a
// deadline already passed (the escrow's default applies then), more than is escrowed, or a ruling on its way.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { disputeRuling, paymentIntent } from '../../lib/db/schema/index.js';
import { enqueueJob } from '../../lib/jobQueue.js';
import { newId } from '../../lib/randomToken.js';
import { adminRoute } from '../adminRoute.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { ApiError, errorResponses, notFound } from '../errors.js';
import { networkOfChain } from '../networks/served.js';
import { refuseWhileRulingPending, rulingSchema, selectDisputes, toRuling } from './resource.js';

const body = z
  .strictObject({
    buyer_amount: z
      .string()
      .regex(/^(0|[1-9]\d{0,77})$/, 'a whole number of base units, as a string')
      .openapi({ description: 'Base units of the intent’s asset back to the buyer; 0 gives all to the merchant' }),
    note: z.string().max(2_000).optional().openapi({ description: 'Why, for the record' }),
  })
  .openapi('DisputeResolve');

export const route = adminRoute({
  method: 'post',
  operationId: 'adminResolveDispute',
  path: '/v1/admin/payment_intents/{id}/resolve_dispute',
  summary: 'Rule on a dispute (admin)',
  request: {
    params: pathId.paymentIntent,
    body: { content: { 'application/json': { schema: body } }, required: true },
  },
  responses: {
    200: { description: 'The ruling, pending', content: { 'application/json': { schema: rulingSchema } } },
    ...errorResponses(404, 409, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const input = c.req.valid('json');
  const { services } = c.var;
  // The chain's clock is read before the transaction: no row lock is held while the node answers.
  const [disputed] = await c.var.db
    .select({ chainId: paymentIntent.chainId })
    .from(paymentIntent)
    .where(eq(paymentIntent.id, id));
  if (!disputed) throw notFound('payment_intent', id, 'id');
  const now = await networkOfChain(services, disputed.chainId).clock.now();
  const ruling = await c.var.db.transaction(async (db) => {
    // Concurrent rulings on one payment take turns on its intent's row.
    await db.select({ id: paymentIntent.id }).from(paymentIntent).where(eq(paymentIntent.id, id)).for('update');
    const [dispute] = await selectDisputes(db, services.views, eq(paymentIntent.id, id), 1);
    if (!dispute) throw notFound('payment_intent', id, 'id');
    const { payment } = dispute;
    if (payment.status !== 'disputed') {
      throw new ApiError(
        'payment_intent_unexpected_state',
        `PaymentIntent ${id}'s payment is ${payment.status}, not in dispute: there is nothing to rule on.`,
      );
    }
    if (payment.disputeDeadline !== null && now >= payment.disputeDeadline) {
      throw new ApiError(
        'dispute_deadline_passed',
        `The arbitration period of PaymentIntent ${id} ended at ${new Date(Number(payment.disputeDeadline) * 1000).toISOString()}: anyone may now have the escrow return everything to the buyer (refundExpiredDispute).`,
      );
    }
    const buyerAmount = BigInt(input.buyer_amount);
    if (buyerAmount > payment.escrowedAmount) {
      throw new ApiError(
        'amount_too_large',
        `The buyer amount ${buyerAmount} exceeds what is escrowed: ${payment.escrowedAmount}.`,
        'buyer_amount',
      );
    }
    await refuseWhileRulingPending(db, id);
    const [created] = await db
      .insert(disputeRuling)
      .values({
        id: newId('dr'),
        paymentIntentId: id,
        merchantId: dispute.intent.merchantId,
        buyerAmount,
        merchantShare: payment.escrowedAmount - buyerAmount,
        note: input.note ?? null,
        decidedBy: c.var.admin.actorId,
      })
      .returning();
    const rulingId = created!.id;
    await enqueueJob(db, services.config.workerSchema, 'disputes__resolve', { rulingId }, `ruling:${rulingId}`);
    const resource = toRuling(created!, payment.status);
    await auditChange(c, db, {
      merchantId: dispute.intent.merchantId,
      action: 'dispute.resolve',
      target: id,
      before: { status: payment.status, amount_escrowed: payment.escrowedAmount.toString() },
      after: resource,
    });
    return resource;
  });
  return c.json(ruling, 200);
};
