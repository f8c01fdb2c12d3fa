// A typed client for TypeScript integrations, inferred from the routes themselves (hono/client): paths,
// parameters, bodies and responses are checked at compile time; and what a client builds from answers.
//
//   const pmt = pmtClient('https://pay.example.com', process.env.PMT_SECRET_KEY!);
//   const res = await pmt.v1.payment_intents.$post({ json: { amount: 10000, currency: 'USD' }, header: {} });
//   if (res.ok) console.log((await res.json()).checkout_url);
import { hc } from 'hono/client';
import { getAddress, type Hex } from 'viem';
import type { EscrowIntent, Payment } from '../lib/intent.js';
import type { PaymentIntentResource } from '../lib/resources/paymentIntent.js';
import type { ApiApp } from './app.js';

export function pmtClient(baseUrl: string, secretKey: string, init: { fetch?: typeof fetch } = {}) {
  return hc<ApiApp>(baseUrl, { headers: { authorization: `Bearer ${secretKey}` }, fetch: init.fetch });
}

export type PmtClient = ReturnType<typeof pmtClient>;

/** The intent as the escrow takes it (`pay`, `payWithPermit`, `sweep`), from the API's `signed_intent`. */
export const escrowIntentOf = ({
  signed_intent: signed,
}: Pick<PaymentIntentResource, 'signed_intent'>): EscrowIntent => ({
  // The API's schema types them as strings; they are a bytes32 id and addresses.
  id: signed.id as Hex,
  merchant: getAddress(signed.merchant),
  token: getAddress(signed.token),
  amount: BigInt(signed.amount),
  feeBps: signed.feeBps,
  deadline: BigInt(signed.deadline),
  holdPeriod: BigInt(signed.holdPeriod),
});

/**
 * The escrow's record of a paid intent, rebuilt from the API's answer: what `release`, `refund`,
 * `openDispute` and `resolveDispute` take, unchanged for the payment's whole life (the escrow takes exactly
 * `amount_crypto`). Throws while the intent is unpaid.
 */
export function escrowPaymentOf(
  intent: Pick<
    PaymentIntentResource,
    'payment_id' | 'payment' | 'payout_address' | 'asset' | 'amount_crypto' | 'fee_bps' | 'status'
  >,
): Payment {
  if (!intent.payment) throw new Error(`payment intent ${intent.payment_id} is ${intent.status}: nothing is in escrow`);
  return {
    id: intent.payment_id as Hex,
    buyer: getAddress(intent.payment.buyer),
    merchant: getAddress(intent.payout_address),
    token: getAddress(intent.asset.address),
    amount: BigInt(intent.amount_crypto),
    feeBps: intent.fee_bps,
    releaseAfter: BigInt(intent.payment.release_after),
  };
}
