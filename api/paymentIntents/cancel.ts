// POST /v1/payment_intents/:id/cancel — withdraw an intent nobody has paid. The signed intent stays valid
// on chain until its deadline, so a payment that still arrives is shown as paid (the chain wins).
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, isNull } from 'drizzle-orm';
import { paymentIntent } from '../../lib/db/schema.js';
import { emitEvent } from '../../lib/events.js';
import { findIntent, ownIntent } from '../../lib/paymentIntents/query.js';
import { paymentIntentSchema, toPaymentIntent } from '../../lib/resources/paymentIntent.js';
import type { ApiEnv } from '../context.js';
import { ApiError, errorResponses, notFound } from '../errors.js';
import { idempotencyHeaders, merchantRoute } from '../merchantRoute.js';
import { intentIdParam } from './params.js';
import { intentReadContext } from './readContext.js';

const body = z
  .strictObject({
    cancellation_reason: z.enum(['requested_by_customer', 'duplicate', 'fraudulent', 'abandoned']).optional(),
  })
  .openapi('PaymentIntentCancel');

export const route = merchantRoute('payment_intents', {
  method: 'post',
  operationId: 'cancelPaymentIntent',
  path: '/v1/payment_intents/{id}/cancel',
  summary: 'Cancel an unpaid payment intent',
  request: {
    headers: idempotencyHeaders,
    params: intentIdParam,
    body: { content: { 'application/json': { schema: body } }, required: false },
  },
  responses: {
    200: { description: 'The canceled intent', content: { 'application/json': { schema: paymentIntentSchema } } },
    ...errorResponses(404, 409, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const { cancellation_reason: reason } = (c.req.header('content-type') ? c.req.valid('json') : undefined) ?? {};
  const { db, services } = c.var;
  const own = ownIntent(c.var.apiKey.merchantId, id);
  const context = await intentReadContext(services, c.var.db);
  const before = await findIntent(db, services.views, context, own);
  if (!before) throw notFound('payment_intent', id);
  if (before.status !== 'requires_payment') {
    throw new ApiError(
      'payment_intent_unexpected_state',
      `You cannot cancel this PaymentIntent because it has a status of ${before.status}; only unpaid intents (requires_payment) can be canceled.`,
    );
  }
  const canceled = await db.transaction(async (tx) => {
    await tx
      .update(paymentIntent)
      .set({ canceledAt: new Date(), cancellationReason: reason ?? null })
      .where(and(own, isNull(paymentIntent.canceledAt)));
    const after = toPaymentIntent((await findIntent(tx, services.views, context, own))!, context);
    await emitEvent(tx, services.config.workerSchema, {
      merchantId: c.var.apiKey.merchantId,
      type: 'payment_intent.canceled',
      livemode: after.livemode,
      source: `payment_intent:${id}:canceled`,
      object: after,
    });
    return after;
  });
  return c.json(canceled, 200);
};
