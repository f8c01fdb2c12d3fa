// POST /v1/payment_intents/:id/cancel — withdraw an intent nobody has paid. The cancel binds: the signed
// intent stays valid on chain until its deadline, but a payment that still arrives is refunded by the
// gateway (lib/paymentIntents/closed.ts), and what is at its deposit address goes back at once.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, isNull } from 'drizzle-orm';
import { paymentIntent } from '../../lib/db/schema/index.js';
import { emitEvent } from '../../lib/events.js';
import { enqueueRunNow } from '../../lib/jobQueue.js';
import { findIntent, ownIntent } from '../../lib/paymentIntents/query.js';
import { paymentIntentSchema, statusClockOf, toPaymentIntent } from '../../lib/resources/paymentIntent.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { ApiError, errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
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
  description:
    'Only while it is `requires_payment`. The cancel binds: a payment that still arrives (a wallet that sends the signed intent anyway, a plain transfer to its deposit address) is returned to the buyer by the gateway, with no action of yours; the intent stays `canceled`, and you are sent `refund.succeeded` and, for an escrowed payment, `payment_intent.payment_refunded`, never `payment_intent.succeeded`.',
  request: {
    params: pathId.paymentIntent,
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
  const before = await findIntent(db, services.views, statusClockOf(context), own);
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
    const after = toPaymentIntent((await findIntent(tx, services.views, statusClockOf(context), own))!, context);
    await enqueueRunNow(tx, services.config.workerSchema, 'deposits__return');
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
