// The Refund object: (part of) a payment sent back to its buyer by the keeper at the merchant's request, out
// of the escrow or out of the intent's deposit address.
import { z } from '@hono/zod-openapi';
import { getAddress } from 'viem';
import { refundSources } from '../db/schema/index.js';
import { NATIVE_TOKEN } from '../intent.js';
import { type RefundRow, refundStatuses } from '../refunds.js';
import { chainFact, chainFactSchema, type NetworksById, networkFields, networkFieldsSchema } from './chainFact.js';
import { nullable } from './nullable.js';
import { unixSeconds } from './unixSeconds.js';

/** Reasons a merchant may give. */
export const refundReasons = ['requested_by_customer', 'duplicate', 'fraudulent'] as const;

/**
 * The gateway's own refunds, with no merchant action: a payment that arrived after its intent was canceled
 * or announced expired goes back to the buyer in full (jobs/webhooks/outbox.ts).
 */
export const closedIntentRefundReasons = ['intent_canceled', 'intent_expired'] as const;
/** The reason of the gateway's return of what a buyer sent to an intent's deposit address on another chain. */
export const WRONG_NETWORK = 'wrong_network';

export const refundSchema = z
  .object({
    id: z.string().openapi({ example: 're_3kTq9vM2xYb8LwZp0aRc4dEf' }),
    object: z.literal('refund'),
    livemode: z.boolean(),
    payment_intent: z.string(),
    ...networkFieldsSchema,
    source: z.enum(refundSources).openapi({
      description:
        '`escrow`: out of the escrowed payment, to its buyer. `deposit`: out of the intent’s deposit address, what a plain transfer left there that was not escrowed (an overpayment’s excess, an underpayment, a late or wrong-asset deposit). `foreign_deposit`: the gateway’s return of what a buyer sent to the deposit address on another network than the intent’s',
    }),
    amount: z.string().openapi({ description: 'In the asset’s base units', example: '1000000000000000' }),
    asset: z.string().openapi({ description: '`native` or the token address' }),
    destination: z
      .string()
      .nullable()
      .openapi({ description: 'Where a deposit refund goes; an escrow refund goes to the payment’s buyer' }),
    reason: z
      .enum([...refundReasons, ...closedIntentRefundReasons, WRONG_NETWORK])
      .nullable()
      .openapi({
        description:
          'The merchant’s reason; or `intent_canceled` / `intent_expired` for the gateway’s own refund of a payment that arrived after the intent was canceled or expired; or `wrong_network` for its return of what a buyer sent to the intent’s deposit address on another network (`source: foreign_deposit`, `network` the one it was sent on)',
      }),
    status: z.enum(refundStatuses).openapi({
      description:
        '`pending` until the indexer sees the escrow’s `PaymentRefunded` for it (`succeeded`), or it could not be sent (`failed`, see `failure_reason`)',
    }),
    failure_reason: z.string().nullable(),
    transaction: nullable(chainFactSchema).openapi({ description: 'The refund on chain, once indexed' }),
    metadata: z.record(z.string(), z.string()),
    created: z.number().int(),
  })
  .openapi('Refund');

export type RefundResource = z.infer<typeof refundSchema>;

export function toRefund(row: RefundRow, networks: NetworksById): RefundResource {
  const { refund, event } = row;
  const chain = networks.get(row.chainId)?.chain;
  return {
    id: refund.id,
    object: 'refund',
    livemode: refund.livemode,
    payment_intent: refund.paymentIntentId,
    ...networkFields(networks, row.chainId),
    source: refund.source,
    amount: refund.amount.toString(),
    asset: row.token === NATIVE_TOKEN ? 'native' : getAddress(row.token),
    destination: refund.destination && getAddress(refund.destination),
    reason: refund.reason as RefundResource['reason'],
    status: row.status,
    failure_reason: row.status === 'failed' ? (refund.failureReason ?? row.keeperError) : null,
    transaction: event && chainFact(chain, event.transactionHash, event.blockNumber, event.blockTimestamp),
    metadata: refund.metadata,
    created: unixSeconds(refund.createdAt),
  };
}
