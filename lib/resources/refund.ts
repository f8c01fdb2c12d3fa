// The Refund object: (part of) a payment sent back to its buyer by the keeper at the merchant's request.
import { z } from '@hono/zod-openapi';
import { type Chain, getAddress } from 'viem';
import { NATIVE_TOKEN } from '../intent.js';
import { type RefundRow, refundStatuses } from '../refunds.js';
import { chainFact, chainFactSchema } from './chainFact.js';
import { nullable } from './nullable.js';
import { unixSeconds } from './unixSeconds.js';

export const refundReasons = ['requested_by_customer', 'duplicate', 'fraudulent'] as const;

export const refundSchema = z
  .object({
    id: z.string().openapi({ example: 're_3kTq9vM2xYb8LwZp0aRc4dEf' }),
    object: z.literal('refund'),
    livemode: z.boolean(),
    payment_intent: z.string(),
    amount: z.string().openapi({ description: 'In the intent asset’s base units', example: '1000000000000000' }),
    asset: z.string().openapi({ description: '`native` or the token address' }),
    reason: z.enum(refundReasons).nullable(),
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

export function toRefund(row: RefundRow, chain: Chain): RefundResource {
  const { refund, event } = row;
  return {
    id: refund.id,
    object: 'refund',
    livemode: refund.livemode,
    payment_intent: refund.paymentIntentId,
    amount: refund.amount.toString(),
    asset: row.token === NATIVE_TOKEN ? 'native' : getAddress(row.token),
    reason: refund.reason as RefundResource['reason'],
    status: row.status,
    failure_reason: row.status === 'failed' ? (refund.failureReason ?? row.keeperError) : null,
    transaction: event && chainFact(chain, event.transactionHash, event.blockNumber, event.blockTimestamp),
    metadata: refund.metadata,
    created: unixSeconds(refund.createdAt),
  };
}
