// PUT /v1/payment_intents/:id/refund_address — the buyer's own address for an intent paid by plain transfer
// from an account that is not the buyer's (an exchange withdrawal): the swept payment's buyer, who may
// release, dispute and is refunded, and where deposit refunds go. Public, for the checkout: authorized by
// the intent's client secret. It can change until the intent is paid; a PUT, so a retry changes nothing.
import { createRoute, type RouteHandler, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { cors } from 'hono/cors';
import { merchant, paymentIntent } from '../../lib/db/schema/index.js';
import { receivingAddress } from '../address.js';
import type { ApiEnv } from '../context.js';
import { pathId } from '../conventions.js';
import { ApiError, errorResponses } from '../errors.js';
import { CLIENT_SECRET_HEADER, clientSecretHeaders, intentBySecret } from './clientSecret.js';
import { publicIntentSchema, toPublicIntent } from './publicView.js';

/** Checkout pages on any origin may set it; app.ts mounts this before the route (preflights too). */
export const refundAddressCors = cors({
  origin: '*',
  allowMethods: ['PUT'],
  allowHeaders: [CLIENT_SECRET_HEADER, 'Content-Type'],
});

const body = z
  .strictObject({ address: z.string().openapi({ example: '0x976EA74026E726554dB657fA54763abd0C3a0aa9' }) })
  .openapi('RefundAddressUpdate');

export const route = createRoute({
  method: 'put',
  operationId: 'setPaymentIntentRefundAddress',
  path: '/v1/payment_intents/{id}/refund_address',
  summary: 'Give a refund address for paying by plain transfer',
  description:
    'Public, for browsers: authorized by the intent’s `client_secret` in the `X-Client-Secret` header. The address becomes the buyer of a payment swept from the intent’s deposit address (instead of the transfer’s sender) and where deposit refunds go. Refused once the intent is paid or canceled.',
  tags: ['payment_intents'],
  request: {
    params: pathId.paymentIntent,
    headers: clientSecretHeaders,
    body: { content: { 'application/json': { schema: body } }, required: true },
  },
  responses: {
    200: { description: 'The intent', content: { 'application/json': { schema: publicIntentSchema } } },
    ...errorResponses(400, 404, 409, 503),
  },
});

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const { id } = c.req.valid('param');
  const address = receivingAddress(c.req.valid('json').address, 'address').toLowerCase();
  const { db, services } = c.var;
  const { row, context } = await intentBySecret(db, services, id, c.req.valid('header')['x-client-secret']);
  if (row.payment || row.intent.canceledAt) {
    throw new ApiError(
      'payment_intent_unexpected_state',
      `PaymentIntent ${id} has a status of ${row.status}: its buyer is fixed, so the refund address can no longer change.`,
      'payment_intent',
    );
  }
  await db.update(paymentIntent).set({ refundAddress: address }).where(eq(paymentIntent.id, id));
  const [shop] = await db.select({ name: merchant.name }).from(merchant).where(eq(merchant.id, row.intent.merchantId));
  const updated = { ...row, intent: { ...row.intent, refundAddress: address } };
  return c.json(toPublicIntent(updated, { ...context, merchantName: shop?.name ?? '', config: services.config }), 200);
};
