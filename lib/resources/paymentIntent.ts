// The PaymentIntent object of the API: what was promised (quote, signed intent, the call a wallet makes)
// and, once paid, the chain facts behind its status.
import { z } from '@hono/zod-openapi';
import { encodeFunctionData, formatUnits, getAddress, type Hex } from 'viem';
import { pmtEscrowAbi } from '../../abis/index.js';
import type { ChainHead } from '../chainClock.js';
import { depositAddressOf, paymentRequestUri } from '../depositAddress.js';
import { type EscrowIntent, NATIVE_TOKEN } from '../intent.js';
import { depositExceptions } from '../paymentIntents/deposits.js';
import type { IntentRow } from '../paymentIntents/query.js';
import { type IntentStatus, intentStatuses, type StatusClock } from '../paymentIntents/status.js';
import { chainFact, chainFactSchema, type NamedChain, networkFields, networkFieldsSchema } from './chainFact.js';
import { nullable } from './nullable.js';
import { unixSeconds } from './unixSeconds.js';

const baseUnits = (description: string) =>
  z.string().regex(/^\d+$/).openapi({ description, example: '50000000000000000' });
const address = z.string().openapi({ example: '0x976EA74026E726554dB657fA54763abd0C3a0aa9' });
const hash = z.string().openapi({ example: '0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060' });

export const paymentIntentSchema = z
  .object({
    id: z.string().openapi({ example: 'pi_3kTq9vM2xYb8LwZp0aRc4dEf' }),
    object: z.literal('payment_intent'),
    livemode: z.boolean(),
    status: z.enum(intentStatuses),
    created: z.number().int().openapi({ description: 'Unix seconds' }),
    amount: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Fiat price in minor units (10000 = 100.00 USD); null for exact crypto amounts' }),
    currency: z.string().nullable().openapi({ example: 'USD' }),
    asset: z.object({
      type: z.enum(['native', 'erc20']),
      address,
      symbol: z.string(),
      decimals: z.number().int(),
    }),
    amount_crypto: baseUnits('What the buyer pays, in the asset’s base units'),
    amount_crypto_formatted: z.string().openapi({ example: '0.05' }),
    amount_refunded: baseUnits('Returned to the buyer so far (refunds and dispute resolutions)'),
    quote: z
      .object({
        rate: z.string().openapi({ description: 'Fiat per whole token', example: '2000' }),
        source: z.string(),
        expires_at: z.number().int(),
      })
      .nullable(),
    fee_bps: z.number().int(),
    hold_period_seconds: z.number().int(),
    payout_address: address,
    ...networkFieldsSchema,
    escrow_address: address,
    payment_id: hash.openapi({ description: 'The escrow’s bytes32 id of this payment' }),
    expires_at: z
      .number()
      .int()
      .openapi({ description: 'Unix seconds; the escrow refuses the signed intent after this' }),
    signed_intent: z
      .object({
        id: hash,
        merchant: address,
        token: address,
        amount: z.string(),
        feeBps: z.number().int(),
        deadline: z.string(),
        holdPeriod: z.string(),
        signature: z.string(),
      })
      .openapi({
        description:
          'The EIP-712 PaymentIntent and the operator’s signature: the arguments of `pay(intent, signature)`',
      }),
    transaction: z
      .object({ to: address, data: z.string(), value: z.string() })
      .openapi({ description: 'The exact call a wallet sends to pay (after approving the escrow for ERC-20 assets)' }),
    deposit: z
      .object({
        address: address.openapi({
          description:
            'This intent’s own address for a plain transfer (a phone wallet, an exchange withdrawal): exactly `amount_crypto` of the asset sent here is swept into escrow for this intent',
        }),
        uri: z.string().openapi({
          description: 'The EIP-681 payment request for that transfer, as the checkout’s QR code shows it',
          example: 'ethereum:0x5FbDB2315678afecb367f032d93F642f64180aa3@31337?value=50000000000000000',
        }),
        amount_received: baseUnits('Arrived at the deposit address in the intent’s asset, in final blocks'),
        underpaid: z.boolean().openapi({
          description:
            'Less than the amount arrived: a top-up by the deadline completes it; if none does, it goes back to its sender once the intent is canceled or expires',
        }),
        overpaid: z.boolean().openapi({ description: 'More than the amount arrived: the excess is refundable' }),
        paid_late: z.boolean().openapi({
          description:
            'The amount was complete only after the deadline: it is not escrowed, and goes back to its sender once the intent expires',
        }),
        wrong_asset: z
          .boolean()
          .openapi({ description: 'Something other than the intent’s asset arrived: it is refundable' }),
        wrong_network: z.boolean().openapi({
          description:
            'Something was sent to this address on another network than the intent’s: it does not pay the intent, and the gateway sends it back there (a refund with `source: foreign_deposit`)',
        }),
        refund_address_needed: z.boolean().openapi({
          description:
            'What arrived came from contracts (a Safe, a smart account, an exchange’s batch), which the chain does not name as its sender: it is swept, and refundable to its default address, once the buyer gives a `refund_address`',
        }),
        refund_address: address.nullable().openapi({
          description:
            'The buyer’s own address, given at checkout: the swept payment’s buyer and where deposit refunds go (else the first sender)',
        }),
      })
      .openapi({ description: 'Paying by plain transfer instead of the `pay` call' }),
    checkout_url: z.string(),
    client_secret: z
      .string()
      .openapi({ description: 'Lets a browser follow this intent’s status; reveals nothing else' }),
    description: z.string().nullable(),
    customer_email: z.string().nullable(),
    return_url: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    canceled_at: z.number().int().nullable(),
    cancellation_reason: z.string().nullable(),
    payment: z
      .object({
        buyer: address,
        confirmations: z.number().int().nullable().openapi({
          description: 'Blocks on top of the escrowing block, counting it; null while the node cannot be reached',
        }),
        final: z.boolean().openapi({
          description:
            'Whether the escrowing block is final (the chain’s finalized block, or the configured depth): from then on the status is `succeeded` and the merchant may fulfil',
        }),
        amount_escrowed: baseUnits('Still held by the escrow: what was paid less refunds, 0 once settled'),
        release_after: z.number().int().openapi({
          description: 'Unix seconds; from then on the payment is released to the merchant unless disputed',
        }),
        escrowed: chainFactSchema,
        disputed: nullable(chainFactSchema),
        dispute_deadline: z.number().int().nullable().openapi({
          description:
            'When the arbiter must have ruled on the dispute; from then on anyone may have the escrow return what it holds to the buyer',
        }),
        released: nullable(chainFactSchema).openapi({
          description: 'The release: the payment’s escrowed amount, less the fee, credited to the merchant’s balance',
        }),
        settled: nullable(chainFactSchema).openapi({
          description: 'Whatever ended the escrow: release, the refund that emptied it, or the dispute’s end',
        }),
        dispute_resolution: z
          .object({
            buyer_amount: baseUnits('Returned to the buyer by the ruling (all that was escrowed if none came in time)'),
            merchant_amount: baseUnits('Credited to the merchant, after the fee'),
            fee_amount: baseUnits('The platform’s fee on the merchant’s share'),
          })
          .nullable()
          .openapi({ description: 'How the dispute ended: the arbiter’s split, or everything back to the buyer' }),
      })
      .nullable()
      .openapi({ description: 'The indexed escrow payment; null until the buyer pays' }),
  })
  .openapi('PaymentIntent');

export type PaymentIntentResource = z.infer<typeof paymentIntentSchema>;

/** What the objects of one chain are shown against, at the moment they are read. */
export interface ChainContext extends NamedChain {
  head: ChainHead | undefined;
  /** The chain's clock, which decides expiry. */
  now: Date;
  /** The highest final block; `NO_FINAL_BLOCK` while none is. */
  finalBlock: bigint;
}

export interface ResourceContext {
  /** Each network served, by chain id. */
  chains: ReadonlyMap<number, ChainContext>;
  publicUrl: string;
}

/**
 * The context of one network's objects as the worker reads them: at the indexer's `head` (whose time is the
 * chain's clock), with `finalBlock` final.
 */
export function contextAtHead(
  { chain, name }: NamedChain,
  head: ChainHead,
  finalBlock: bigint,
  publicUrl: string,
): ResourceContext {
  const now = new Date(Number(head.timestamp) * 1000);
  return { chains: new Map([[chain.id, { chain, name, head, now, finalBlock }]]), publicUrl };
}

/** The `StatusClock` (lib/paymentIntents/status.ts) of every chain of `context`. */
export function statusClockOf({ chains }: Pick<ResourceContext, 'chains'>): StatusClock {
  const each = [...chains.entries()];
  return {
    chainIds: each.map(([chainId]) => chainId),
    nows: each.map(([, chain]) => chain.now),
    finalBlocks: each.map(([, chain]) => chain.finalBlock),
  };
}

export function signedIntentOf({ intent }: Pick<IntentRow, 'intent'>): EscrowIntent {
  return {
    id: intent.paymentId as Hex,
    merchant: getAddress(intent.payoutAddress),
    token: getAddress(intent.token),
    amount: intent.cryptoAmount,
    feeBps: intent.feeBps,
    deadline: BigInt(unixSeconds(intent.deadline)),
    holdPeriod: BigInt(intent.holdPeriodSeconds),
  };
}

function depositOf(row: IntentRow): PaymentIntentResource['deposit'] {
  const { intent, deposit } = row;
  const signed = signedIntentOf(row);
  const address = depositAddressOf({ chainId: intent.chainId, escrow: getAddress(intent.escrowAddress) }, signed);
  return {
    address,
    uri: paymentRequestUri(intent.chainId, address, signed.token, signed.amount),
    amount_received: deposit.received.toString(),
    ...depositExceptions(signed.amount, deposit),
    refund_address_needed: deposit.received > 0n && !deposit.knownSender && !intent.refundAddress,
    refund_address: intent.refundAddress && getAddress(intent.refundAddress),
  };
}

/** How a resolved dispute split what was escrowed; null for any other payment. */
export function disputeResolution(payment: NonNullable<IntentRow['payment']>) {
  return payment.status === 'resolved'
    ? {
        buyer_amount: payment.disputeBuyerAmount.toString(),
        merchant_amount: payment.merchantAmount.toString(),
        fee_amount: payment.feeAmount.toString(),
      }
    : null;
}

export function toPaymentIntent(row: IntentRow, context: ResourceContext): PaymentIntentResource {
  const { intent, payment } = row;
  const signed = signedIntentOf(row);
  const on = context.chains.get(intent.chainId);
  const fact = (tx: string | null, block: bigint | null, at: bigint | null) => chainFact(on?.chain, tx, block, at);
  return {
    id: intent.id,
    object: 'payment_intent',
    livemode: intent.livemode,
    status: row.status as IntentStatus,
    created: unixSeconds(intent.createdAt),
    amount: intent.fiatAmount,
    currency: intent.currency,
    asset: {
      type: signed.token === NATIVE_TOKEN ? 'native' : 'erc20',
      address: signed.token,
      symbol: intent.tokenSymbol,
      decimals: intent.tokenDecimals,
    },
    amount_crypto: intent.cryptoAmount.toString(),
    amount_crypto_formatted: formatUnits(intent.cryptoAmount, intent.tokenDecimals),
    amount_refunded: ((payment?.refundedAmount ?? 0n) + (payment?.disputeBuyerAmount ?? 0n)).toString(),
    quote: intent.quoteRate
      ? { rate: intent.quoteRate, source: intent.quoteSource!, expires_at: unixSeconds(intent.deadline) }
      : null,
    fee_bps: intent.feeBps,
    hold_period_seconds: intent.holdPeriodSeconds,
    payout_address: intent.payoutAddress,
    ...networkFields(context.chains, intent.chainId),
    escrow_address: intent.escrowAddress,
    payment_id: intent.paymentId,
    expires_at: unixSeconds(intent.deadline),
    signed_intent: {
      id: signed.id,
      merchant: signed.merchant,
      token: signed.token,
      amount: signed.amount.toString(),
      feeBps: signed.feeBps,
      deadline: signed.deadline.toString(),
      holdPeriod: signed.holdPeriod.toString(),
      signature: intent.signature,
    },
    transaction: {
      to: intent.escrowAddress,
      data: encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'pay', args: [signed, intent.signature as Hex] }),
      value: (signed.token === NATIVE_TOKEN ? signed.amount : 0n).toString(),
    },
    deposit: depositOf(row),
    checkout_url: `${context.publicUrl}/checkout/${intent.id}#${intent.clientSecret}`,
    client_secret: intent.clientSecret,
    description: intent.description,
    customer_email: intent.customerEmail,
    return_url: intent.returnUrl,
    metadata: intent.metadata,
    canceled_at: intent.canceledAt ? unixSeconds(intent.canceledAt) : null,
    cancellation_reason: intent.cancellationReason,
    payment: payment && {
      buyer: getAddress(payment.buyer),
      // The block is indexed, so it exists: at least 1, even while the API's cached head lags behind it.
      confirmations: on?.head ? Math.max(1, Number(on.head.number - payment.escrowedBlock) + 1) : null,
      final: on !== undefined && payment.escrowedBlock <= on.finalBlock,
      amount_escrowed: payment.escrowedAmount.toString(),
      release_after: Number(payment.releaseAfter),
      escrowed: fact(payment.escrowedTx, payment.escrowedBlock, payment.escrowedAt)!,
      disputed: fact(payment.disputedTx, payment.disputedBlock, payment.disputedAt),
      dispute_deadline: payment.disputeDeadline === null ? null : Number(payment.disputeDeadline),
      released: payment.status === 'released' ? fact(payment.settledTx, payment.settledBlock, payment.settledAt) : null,
      settled: fact(payment.settledTx, payment.settledBlock, payment.settledAt),
      dispute_resolution: disputeResolution(payment),
    },
  };
}
