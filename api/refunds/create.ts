// POST /v1/refunds — return (part of) an escrowed payment to its buyer, or (`source: deposit`) what a plain
// transfer left at the intent's deposit address and was not escrowed. The refund is stored with the job
// that has the keeper send it, in one transaction; it is `pending` until the indexer sees the escrow's
// `PaymentRefunded` (or `DepositReturned`). The keeper may refund only during the hold period and never a
// disputed payment (contracts/PMTEscrow.sol), so those are refused here, as is more than is still escrowed
// (or at the deposit address), counting the refunds already on their way. A deposit in the intent's asset
// is refunded only once no sweep can take it any more: the intent is paid, canceled or expired. Concurrent
// refunds of one intent take turns on the intent's row.

import { type RouteHandler, z } from '@hono/zod-openapi';
import { eq, sql } from 'drizzle-orm';
import type { DbTransaction } from '../../lib/db/client.js';
import { merchantRefundSources, paymentIntent, refund } from '../../lib/db/schema/index.js';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import { firstSender } from '../../lib/paymentIntents/deposits.js';
import { findIntent, type IntentRow, ownIntent } from '../../lib/paymentIntents/query.js';
import { pendingRefundTotal, recordRefund, refundableDeposit, selectRefunds } from '../../lib/refunds.js';
import { statusClockOf, toPaymentIntent } from '../../lib/resources/paymentIntent.js';
import { refundReasons, refundSchema, toRefund } from '../../lib/resources/refund.js';
import { receivingAddress } from '../address.js';
import { auditChange } from '../audit/record.js';
import type { ApiEnv, ApiServices } from '../context.js';
import { objectId } from '../conventions.js';
import { ApiError, errorResponses, notFound } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { metadataSchema } from '../metadata.js';
import { networkOfChain } from '../networks/served.js';
import { intentReadContext } from '../paymentIntents/readContext.js';

const body = z
  .strictObject({
    payment_intent: objectId('pi').openapi({ example: 'pi_3kTq9vM2xYb8LwZp0aRc4dEf' }),
    amount: z
      .string()
      .regex(/^[1-9]\d{0,77}$/, 'a positive whole number of base units, as a string')
      .optional()
      .openapi({ description: 'Base units of the intent’s asset; all that is still escrowed when left out' }),
    reason: z.enum(refundReasons).optional(),
    metadata: metadataSchema.optional(),
    source: z.enum(merchantRefundSources).optional().openapi({
      description:
        '`escrow` (the default): out of the escrowed payment, to its buyer. `deposit`: out of the intent’s deposit address, what a plain transfer left there and was not escrowed',
    }),
    asset: z
      .string()
      .optional()
      .openapi({ description: 'A deposit refund’s asset, `native` or a token address; the intent’s when left out' }),
    destination: z.string().optional().openapi({
      description:
        'Where a deposit refund goes; the first sender of the asset when left out (give another if that was an exchange)',
    }),
  })
  .openapi('RefundCreate');

export const route = merchantRoute('refunds', {
  method: 'post',
  operationId: 'createRefund',
  path: '/v1/refunds',
  summary: 'Refund a payment',
  request: {
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
  const context = await intentReadContext(services, c.var.db);
  const created = await c.var.db.transaction(async (db) => {
    await db.execute(
      sql`SELECT 1 FROM ${paymentIntent} WHERE ${ownIntent(merchantId, input.payment_intent)} FOR UPDATE`,
    );
    const intent = await findIntent(
      db,
      services.views,
      statusClockOf(context),
      ownIntent(merchantId, input.payment_intent),
    );
    if (!intent) throw notFound('payment_intent', input.payment_intent, 'payment_intent');
    // The refund is sent on the payment's own network, which the gateway must still serve.
    networkOfChain(services, intent.intent.chainId);
    const { now } = context.chains.get(intent.intent.chainId)!;
    const refunding =
      input.source === 'deposit'
        ? await depositRefund(db, services, intent, input)
        : { ...(await escrowRefund(db, services, intent, input, now)), token: null, destination: null };
    const id = await recordRefund(db, services.config.workerSchema, {
      merchantId,
      paymentIntentId: intent.intent.id,
      livemode: intent.intent.livemode,
      source: input.source ?? 'escrow',
      ...refunding,
      reason: input.reason ?? null,
      metadata: input.metadata ?? {},
    });
    const [row] = await selectRefunds(db, services.views).query.where(eq(refund.id, id));
    const shown = toRefund(row!, services.config.chains);
    const { status, amount_refunded } = toPaymentIntent(intent, context);
    await auditChange(c, db, {
      action: 'refund.create',
      target: id,
      before: { payment_intent: intent.intent.id, status, amount_refunded },
      after: shown,
    });
    return shown;
  });
  return c.json(created, 200);
};

type RefundInput = z.infer<typeof body>;

/** An escrow refund's amount: at most what is escrowed, less refunds on their way, during the hold. */
async function escrowRefund(
  db: DbTransaction,
  services: ApiServices,
  intent: IntentRow,
  input: RefundInput,
  now: Date,
): Promise<{ amount: bigint }> {
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
  const nowSeconds = BigInt(Math.floor(now.getTime() / 1000));
  if (payment.releaseAfter <= nowSeconds) {
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
  return { amount };
}

/** A deposit refund's asset, amount and destination: at most what the deposit address still holds of it. */
async function depositRefund(db: DbTransaction, services: ApiServices, intent: IntentRow, input: RefundInput) {
  const token =
    input.asset === undefined
      ? intent.intent.token
      : input.asset === 'native'
        ? NATIVE_TOKEN
        : receivingAddress(input.asset, 'asset').toLowerCase();
  if (token === intent.intent.token && intent.status === 'requires_payment') {
    throw new ApiError(
      'payment_intent_unexpected_state',
      `PaymentIntent ${intent.intent.id} can still be paid, and what its deposit address holds may yet be swept into escrow for it. Cancel the intent first (POST /v1/payment_intents/${intent.intent.id}/cancel), or wait for it to be paid or to expire.`,
      'payment_intent',
    );
  }
  const refundable = await refundableDeposit(db, services.views, intent.intent, token);
  if (refundable <= 0n) {
    throw new ApiError(
      'payment_intent_unexpected_state',
      `The deposit address of PaymentIntent ${intent.intent.id} holds nothing of ${token === NATIVE_TOKEN ? 'the native currency' : token} to refund (what arrived was escrowed or is in refunds already).`,
      'asset',
    );
  }
  const amount = input.amount === undefined ? refundable : BigInt(input.amount);
  if (amount > refundable) {
    throw new ApiError(
      'amount_too_large',
      `The refund of ${amount} exceeds what the deposit address holds for refunds: ${refundable}.`,
      'amount',
    );
  }
  const destination =
    input.destination === undefined
      ? (intent.intent.refundAddress ?? (await firstSender(db, intent.intent.id, token)))
      : receivingAddress(input.destination, 'destination').toLowerCase();
  if (!destination) {
    throw new ApiError(
      'parameter_missing',
      `What the deposit address of PaymentIntent ${intent.intent.id} holds came from contracts, which the chain does not name as senders: give a destination.`,
      'destination',
    );
  }
  return { amount, token, destination };
}
