// What a client secret may see of an intent: enough to pay it and follow it, nothing the merchant keeps
// to itself (metadata, customer email, the secret itself).
import type { z } from '@hono/zod-openapi';
import type { IntentRow } from '../../lib/paymentIntents/query.js';
import { paymentIntentSchema, type ResourceContext, toPaymentIntent } from '../../lib/resources/paymentIntent.js';

const visible = {
  id: true,
  object: true,
  livemode: true,
  status: true,
  amount: true,
  currency: true,
  asset: true,
  amount_crypto: true,
  amount_crypto_formatted: true,
  amount_refunded: true,
  chain_id: true,
  escrow_address: true,
  expires_at: true,
  description: true,
  signed_intent: true,
  transaction: true,
  payment: true,
} as const;

export const publicIntentSchema = paymentIntentSchema.pick(visible).openapi('PaymentIntentPublic');

export function toPublicIntent(row: IntentRow, context: ResourceContext): z.infer<typeof publicIntentSchema> {
  return publicIntentSchema.parse(toPaymentIntent(row, context));
}
