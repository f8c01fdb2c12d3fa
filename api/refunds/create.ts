// POST /v1/refunds — return (part of) an escrowed payment to its buyer. The refund is stored with the job
// that has the keeper send it, in one transaction; it is `pending` until the indexer sees the escrow's
// `PaymentRefunded`. The keeper may refund only during the hold period and never a disputed payment
// (contracts/PMTEscrow.sol), so those are refused here, as is more than is still escrowed, counting the
// refunds already on their way. Concurrent refunds of one intent take turns on the intent's row.
import { type RouteHandler, z } from '@hono/zod-openapi';
import { eq, sql } from 'drizzle-orm';
import { paymentIntent, refund } from '../../lib/db/schema.js';
import { enqueueJob, REFUND_TASK } from '../../lib/jobQueue.js';
import { findIntent, ownIntent } from '../../lib/paymentIntents/query.js';
import { newId } from '../../lib/randomToken.js';
import { pendingRefundTotal, selectRefunds } from '../../lib/refunds.js';
import { refundReasons, refundSchema, toRefund } from '../../lib/resources/refund.js';
import type { ApiEnv } from '../context.js';
import { ApiError, errorResponses, notFound } from '../errors.js';
import { idempotencyHeaders, merchantRoute } from '../merchantRoute.js';
import { metadataSchema } from '../metadata.js';
import { intentReadContext } from '../paymentIntents/readContext.js';

const body = z
  .strictObject({
    payment_intent: z.string().openapi({ example: 'pi_3kTq9vM2xYb8LwZp0aRc4dEf' }),
    amount: z
      .string()
      .regex(/^[1-9]\d{0,77}$/, 'a positive whole number of base units, as a string')
      .optional()
      .openapi({ description: 'Base units of the intent’s asset; all that is still escrowed when left out' }),
    reason: z.enum(refundReasons).optional(),
    metadata: metadataSchema.optional(),
  })
  .openapi('RefundCreate');

export const route = merchantRoute('refunds', {
  method: 'post',
  operationId: 'createRefund',
  path: '/v1/refunds',
  summary: 'Refund a payment',
  request: {
    headers: idempotencyHeaders,
    body: { content: { 'application/json': { schema: body } }, required: true },
  },
  responses: {
    200: { description: 'The refund, pending', content: { 'application/json': { schema: refundSchema } } },
    ...errorResponses(404, 409, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const input = c.req.valid('json');
  const { services } = c.var;
  const merchantId = c.var.apiKey.merchantId;
  const context = await intentReadContext(services);
  const created = await c.var.db.transaction(async (db) => {
    await db.execute(
      sql`SELECT 1 FROM ${paymentIntent} WHERE ${ownIntent(merchantId, input.payment_intent)} FOR UPDATE`,
    );
    const intent = await findIntent(db, services.views, context, ownIntent(merchantId, input.payment_intent));
    if (!intent) throw notFound('payment_intent', input.payment_intent, 'payment_intent');
    const { payment } = intent;
    if (!payment) {
      throw new ApiError(
        'payment_intent_unexpected_state',
        `PaymentIntent ${intent.intent.id} has a status of ${intent.status}: nothing was paid, so there is nothing to refund.`,
        'payment_intent',
      );
    }
    if (payment.status === 'disputed') {
      throw new ApiError(
        'payment_disputed',
        `PaymentIntent ${intent.intent.id} is disputed: the arbiter decides what the buyer gets back.`,
        'payment_intent',
      );
    }
    if (payment.status !== 'escrowed') {
      throw new ApiError(
        'payment_intent_unexpected_state',
        `PaymentIntent ${intent.intent.id}'s payment was ${payment.status}: nothing is left in escrow to refund.`,
        'payment_intent',
      );
    }
    const now = BigInt(Math.floor(context.now.getTime() / 1000));
    if (payment.releaseAfter <= now) {
      throw new ApiError(
        'refund_window_closed',
        `The hold period of PaymentIntent ${intent.intent.id} ended at ${new Date(Number(payment.releaseAfter) * 1000).toISOString()}; the gateway can refund only during it. Your payout wallet can still call the escrow's refund() itself until the payment is released.`,
        'payment_intent',
      );
    }
    const refundable = payment.escrowedAmount - (await pendingRefundTotal(db, services.views, intent.intent.id));
    const amount = input.amount === undefined ? refundable : BigInt(input.amount);
    if (refundable === 0n) {
      throw new ApiError(
        'payment_intent_unexpected_state',
        `Nothing is left to refund on PaymentIntent ${intent.intent.id}: what is in escrow is all in refunds still pending.`,
        'payment_intent',
      );
    }
    if (amount > refundable) {
      throw new ApiError(
        'amount_too_large',
        `The refund of ${amount} exceeds what can still be refunded: ${refundable} (${payment.escrowedAmount} in escrow, less refunds still pending).`,
        'amount',
      );
    }
    const id = newId('re');
    await db.insert(refund).values({
      id,
      merchantId,
      paymentIntentId: intent.intent.id,
      livemode: intent.intent.livemode,
      amount,
      reason: input.reason ?? null,
      metadata: input.metadata ?? {},
    });
    await enqueueJob(db, services.config.workerSchema, REFUND_TASK, { refundId: id }, `refund:${id}`);
    const [row] = await selectRefunds(db, services.views).query.where(eq(refund.id, id));
    return row!;
  });
  return c.json(toRefund(created, services.config.chain), 200);
};
