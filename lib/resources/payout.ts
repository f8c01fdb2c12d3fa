// The Payout object: money leaving a merchant's balances for one of its payout addresses.
import { z } from '@hono/zod-openapi';
import { getAddress } from 'viem';
import { NATIVE_TOKEN } from '../intent.js';
import { type PayoutListRow, payoutStatuses } from '../payouts.js';
import { chainFact, chainFactSchema, type NetworksById, networkFields, networkFieldsSchema } from './chainFact.js';
import { nullable } from './nullable.js';

export const payoutSchema = z
  .object({
    id: z.string().openapi({
      description: '`po_…` for payouts the gateway sent; the chain position of the event for the others',
    }),
    object: z.literal('payout'),
    type: z.enum(['payout', 'withdrawal']).openapi({
      description: '`payout`: pushed by the escrow’s keeper; `withdrawal`: pulled by the payout address itself',
    }),
    status: z.enum(payoutStatuses),
    ...networkFieldsSchema,
    asset: z.string().openapi({ description: '`native` or the token address' }),
    amount: z
      .string()
      .openapi({ description: 'Base units: what the chain moved, or the expected amount while pending' }),
    destination: z.string(),
    failure_reason: z.string().nullable(),
    transaction: nullable(chainFactSchema).openapi({ description: 'The payout on chain, once indexed' }),
    created: z.number().int(),
  })
  .openapi('Payout');

export type PayoutResource = z.infer<typeof payoutSchema>;

export function toPayout(row: PayoutListRow, networks: NetworksById): PayoutResource {
  const chainId = Number(row.chain_id);
  return {
    id: row.id,
    object: 'payout',
    type: row.type,
    status: row.status,
    ...networkFields(networks, chainId),
    asset: row.token === NATIVE_TOKEN ? 'native' : getAddress(row.token),
    amount: row.amount,
    destination: getAddress(row.destination),
    failure_reason: row.failure_reason,
    transaction: chainFact(networks.get(chainId)?.chain, row.transaction_hash, row.block_number, row.block_timestamp),
    created: Number(row.created),
  };
}
