// What a client secret may see of an intent: enough to pay it and follow it, nothing the merchant keeps
// to itself (metadata, customer email, the secret itself); and what a checkout page needs besides: who
// is paid, the network to put the wallet on, and the chain's clock for its countdown.
import { z } from '@hono/zod-openapi';
import { currencyExponent } from '../../lib/money.js';
import type { IntentRow } from '../../lib/paymentIntents/query.js';
import { paymentIntentSchema, type ResourceContext, toPaymentIntent } from '../../lib/resources/paymentIntent.js';
import { unixSeconds } from '../../lib/resources/unixSeconds.js';
import type { ApiConfig } from '../config.js';
import { ApiError } from '../errors.js';

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
  return_url: true,
  signed_intent: true,
  transaction: true,
  deposit: true,
  payment: true,
} as const;

const networkSchema = z
  .object({
    chain_id: z.number().int(),
    name: z.string().openapi({ example: 'Moonbeam' }),
    native_currency: z.object({ name: z.string(), symbol: z.string(), decimals: z.number().int() }),
    rpc_url: z.string().openapi({ description: 'A public RPC for wallets that lack the chain' }),
    explorer_url: z.string().nullable(),
  })
  .openapi('CheckoutNetwork', { description: 'The chain to pay on, as `wallet_addEthereumChain` takes it' });

export const publicIntentSchema = paymentIntentSchema
  .pick(visible)
  .extend({
    merchant_name: z.string().openapi({ description: 'The merchant’s display name' }),
    currency_exponent: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Digits of `currency`’s minor unit (ISO 4217): 2 for USD, 0 for JPY' }),
    network: networkSchema,
    chain_time: z.number().int().openapi({ description: 'The chain’s clock when this was read, unix seconds' }),
    walletconnect_project_id: z
      .string()
      .nullable()
      .openapi({ description: 'Set where the operator enabled WalletConnect in the checkout' }),
  })
  .openapi('PaymentIntentPublic');

export type PublicIntent = z.infer<typeof publicIntentSchema>;

export type PublicContext = ResourceContext & { merchantName: string; config: ApiConfig };

export function toPublicIntent(row: IntentRow, context: PublicContext): PublicIntent {
  const network = context.config.networks.find(({ chain }) => chain.id === row.intent.chainId);
  const now = context.chains.get(row.intent.chainId)?.now;
  if (!network || !now) {
    throw new ApiError(
      'network_not_served',
      `This payment is on chain ${row.intent.chainId}, which this gateway no longer serves: ask the merchant.`,
    );
  }
  const { chain, walletRpcUrl } = network;
  return publicIntentSchema.parse({
    ...toPaymentIntent(row, context),
    merchant_name: context.merchantName,
    currency_exponent: row.intent.currency === null ? null : currencyExponent(row.intent.currency),
    network: {
      chain_id: chain.id,
      name: chain.name,
      native_currency: chain.nativeCurrency,
      rpc_url: walletRpcUrl,
      explorer_url: chain.blockExplorers?.default.url ?? null,
    },
    chain_time: unixSeconds(now),
    walletconnect_project_id: context.config.walletConnectProjectId ?? null,
  });
}
