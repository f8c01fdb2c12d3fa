// POST /v1/payment_intents — quote, sign and store an intent the buyer's wallet can pay.

import { type RouteHandler, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { type Address, type Hex, maxUint256 } from 'viem';
import { merchant, paymentIntent } from '../../lib/db/schema/index.js';
import { depositAddressOf } from '../../lib/depositAddress.js';
import { newPaymentId, signPaymentIntent } from '../../lib/intent.js';
import { payoutAddressOn } from '../../lib/merchants/wallets.js';
import { cryptoAmountFor, currencyExponent, parseDecimal } from '../../lib/money.js';
import { NO_DEPOSITS } from '../../lib/paymentIntents/deposits.js';
import { PriceUnavailableError, type Rate, UnsupportedPairError } from '../../lib/prices/priceSource.js';
import { newId, randomBase62 } from '../../lib/randomToken.js';
import { paymentIntentSchema, toPaymentIntent } from '../../lib/resources/paymentIntent.js';
import { type Asset, resolveAsset } from '../assets.js';
import type { ApiEnv, ApiServices, NetworkServices } from '../context.js';
import type { ErrorCode } from '../errorCodes.js';
import { ApiError, errorResponses, missingRelation } from '../errors.js';
import { merchantRoute } from '../merchantRoute.js';
import { metadataSchema } from '../metadata.js';
import { servedNetwork } from '../networks/served.js';
import { intentReadContext } from './readContext.js';

const UINT256 = 'amount_crypto does not fit in a uint256.';

/** The shortest `expires_in`: time for a buyer to open the checkout and confirm in a wallet. */
const MIN_EXPIRES_IN = 60;

const body = z
  .strictObject({
    amount: z
      .number()
      .int()
      .positive()
      .optional()
      .openapi({ description: 'Fiat price in minor units (10000 = 100.00 USD); with `currency`', example: 10000 }),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'a three-letter ISO 4217 code')
      .transform((code) => code.toUpperCase())
      .optional()
      .openapi({ example: 'USD' }),
    amount_crypto: z
      .string()
      .regex(/^[1-9]\d{0,77}$/, { message: 'a positive whole number of base units, as a string', abort: true })
      .refine((units) => BigInt(units) <= maxUint256, { params: { code: 'parameter_invalid' }, message: UINT256 })
      .optional()
      .openapi({
        description: 'An exact amount in the asset’s base units instead of a fiat price',
        example: '250000000000000000',
      }),
    network: z.string().optional().openapi({
      description:
        'The network it is paid on, by the name `GET /v1/networks` gives; the gateway’s default network when left out',
      example: 'moonbeam',
    }),
    asset: z
      .string()
      .default('native')
      .openapi({ description: '`native`, or the address of a token the escrow allows', example: 'native' }),
    description: z.string().max(1000).optional(),
    customer_email: z.email().max(254).optional(),
    return_url: z
      .url({ protocol: /^https?$/, error: 'an absolute http(s) URL' })
      .max(2048)
      .optional()
      .openapi({
        description: 'Where the checkout links the buyer back to once paid, expired or canceled',
        example: 'https://shop.example/orders/1234',
      }),
    metadata: metadataSchema.optional(),
    expires_in: z.number().int().min(MIN_EXPIRES_IN, `at least ${MIN_EXPIRES_IN} seconds`).optional().openapi({
      description:
        'Seconds the intent stays payable (and its quote locked), from at least 60 up to the gateway’s `INTENT_TTL_MAX_SECONDS` (one day unless its operator set another); the gateway’s `INTENT_TTL_SECONDS` (15 minutes by default) when left out. After it the escrow refuses the signed intent, the intent expires, and what still arrives goes back to the buyer.',
      example: 3600,
    }),
  })
  .superRefine((input, ctx) => {
    const rule = (param: string, code: ErrorCode, message: string) =>
      ctx.addIssue({ code: 'custom', path: [param], message, params: { code } });
    if (input.amount_crypto !== undefined) {
      if (input.amount !== undefined || input.currency !== undefined)
        rule('amount_crypto', 'parameter_invalid', 'Send either amount with currency, or amount_crypto, not both.');
    } else if (input.amount === undefined) {
      rule('amount', 'parameter_missing', 'Missing required param: amount (or amount_crypto).');
    } else if (input.currency === undefined) {
      rule('currency', 'parameter_missing', 'Missing required param: currency.');
    }
  })
  // The price is a fiat amount with its currency, or an exact crypto amount: exactly one of the two.
  .openapi('PaymentIntentCreate', {
    oneOf: [{ required: ['amount', 'currency'] }, { required: ['amount_crypto'] }],
  });

export const route = merchantRoute('payment_intents', {
  method: 'post',
  operationId: 'createPaymentIntent',
  path: '/v1/payment_intents',
  summary: 'Create a payment intent',
  request: { body: { content: { 'application/json': { schema: body } }, required: true } },
  responses: {
    200: {
      description: 'The intent, quoted and signed',
      content: { 'application/json': { schema: paymentIntentSchema } },
    },
    ...errorResponses(503),
  },
});

type Body = z.infer<typeof body>;

interface Price {
  amount: bigint;
  rate: Rate | null;
}

/**
 * While the escrow is paused (as indexed), a payment would be refused on chain: no intent is signed for one.
 * Before the indexer has made its views nothing is known either way, and the contract still refuses.
 */
async function refuseWhilePaused(
  { views }: ApiServices,
  { network }: NetworkServices,
  db: ApiEnv['Variables']['db'],
): Promise<void> {
  const { escrowState } = views;
  const [state] = await db
    .select({ paused: escrowState.paused })
    .from(escrowState)
    .where(and(eq(escrowState.chainId, network.chain.id), eq(escrowState.address, network.escrowAddress.toLowerCase())))
    .catch((err: Error) => {
      if (missingRelation(err)) return [];
      throw err;
    });
  if (state?.paused) {
    throw new ApiError(
      'escrow_paused',
      `Payments on ${network.name} are paused: the gateway's operator has paused the escrow there, which would refuse a payment now. Try again once it is unpaused, or take the payment on another network.`,
    );
  }
}

/** Seconds the intent stays payable: the merchant's `expires_in` within the operator's bound, or the default. */
function lifetime({ intentTtlSeconds, intentTtlMaxSeconds }: ApiServices['config'], input: Body): number {
  if (input.expires_in === undefined) return intentTtlSeconds;
  if (input.expires_in > intentTtlMaxSeconds) {
    throw new ApiError(
      'parameter_invalid',
      `expires_in must be at most ${intentTtlMaxSeconds} seconds on this gateway (its operator's INTENT_TTL_MAX_SECONDS); got ${input.expires_in}.`,
      'expires_in',
    );
  }
  return input.expires_in;
}

async function price(services: ApiServices, input: Body, asset: Asset): Promise<Price> {
  // The body's rules (above) leave either an exact crypto amount, or a fiat amount with its currency.
  if (input.amount_crypto !== undefined) return { amount: BigInt(input.amount_crypto), rate: null };
  if (input.amount === undefined || input.currency === undefined) throw new Error('unreachable: the body rules');
  const { maxFiatAmount } = services.config;
  if (input.amount > maxFiatAmount) {
    throw new ApiError(
      'amount_too_large',
      `Amount must be at most ${maxFiatAmount} (in minor units of ${input.currency}).`,
      'amount',
    );
  }
  try {
    currencyExponent(input.currency);
  } catch {
    throw new ApiError('parameter_invalid', `Invalid currency: ${input.currency} is not an ISO 4217 code.`, 'currency');
  }
  let rate: Rate;
  try {
    rate = await services.prices.rate(asset.symbol, input.currency);
  } catch (err) {
    if (err instanceof UnsupportedPairError) {
      throw new ApiError(
        'currency_not_supported',
        `This gateway has no price for ${asset.symbol} in ${input.currency}.`,
        'currency',
      );
    }
    if (err instanceof PriceUnavailableError) throw new ApiError('price_unavailable', `${err.message}. Retry shortly.`);
    throw err;
  }
  const amount = cryptoAmountFor(
    { amount: BigInt(input.amount), currency: input.currency },
    parseDecimal(rate.rate),
    asset.decimals,
  );
  if (amount > maxUint256)
    throw new ApiError(
      'amount_too_large',
      `At ${rate.rate} ${input.currency} per ${asset.symbol}, this amount does not fit in a uint256.`,
      'amount',
    );
  return { amount, rate };
}

export const handler: RouteHandler<typeof route, ApiEnv> = async (c) => {
  const input = c.req.valid('json');
  const { services, db } = c.var;
  const merchantId = c.var.apiKey.merchantId;
  // Before anything is read: a network the gateway does not serve is a clear 400.
  const network =
    input.network === undefined ? services.defaultNetwork : servedNetwork(services, input.network, 'network');
  // On `db`: the request's transaction when it is idempotent (waiting for a second pool connection
  // while holding one could exhaust the pool), and fresh, as the payout wallet signed into the intent must be.
  const [owner] = await db.select().from(merchant).where(eq(merchant.id, merchantId));
  const payoutAddress = owner && payoutAddressOn(owner, network.network.chain.id);
  if (!owner || !payoutAddress) {
    throw new ApiError(
      'payout_wallet_missing',
      'Set a payout wallet before taking payments: POST /v1/merchant/wallet with {"address": "0x…"}.',
    );
  }
  if (services.config.keyMode === 'live' && !owner.verifiedAt) {
    throw new ApiError(
      'merchant_unverified',
      'This merchant is not verified yet: it takes live payments once the gateway’s operator has verified it.',
    );
  }
  await refuseWhilePaused(services, network, db);
  const asset = await resolveAsset(services, db, network, input.asset);
  const { amount, rate } = await price(services, input, asset);
  const { config } = services;
  const { chain, escrowAddress } = network.network;
  const domain = { chainId: chain.id, escrow: escrowAddress };
  const deadline = (await network.clock.now()) + BigInt(lifetime(config, input));
  const signed = {
    id: newPaymentId(deadline),
    merchant: payoutAddress as Address,
    token: asset.token,
    amount,
    feeBps: owner.feeBps,
    deadline,
    holdPeriod: BigInt(owner.holdPeriodSeconds),
  };
  const signature: Hex = await signPaymentIntent(network.signer, domain, signed);
  const id = newId('pi');
  const [created] = await db
    .insert(paymentIntent)
    .values({
      id,
      merchantId,
      livemode: config.keyMode === 'live',
      paymentId: signed.id.toLowerCase(),
      clientSecret: `${id}_secret_${randomBase62(24)}`,
      fiatAmount: rate ? input.amount! : null,
      currency: rate ? input.currency! : null,
      token: asset.token,
      tokenSymbol: asset.symbol,
      tokenDecimals: asset.decimals,
      cryptoAmount: amount,
      quoteRate: rate?.rate ?? null,
      quoteSource: rate?.source ?? null,
      feeBps: signed.feeBps,
      holdPeriodSeconds: owner.holdPeriodSeconds,
      deadline: new Date(Number(deadline) * 1000),
      payoutAddress,
      chainId: chain.id,
      escrowAddress,
      signature,
      description: input.description ?? null,
      customerEmail: input.customer_email ?? null,
      returnUrl: input.return_url ?? null,
      metadata: input.metadata ?? {},
      depositAddress: depositAddressOf(domain, signed).toLowerCase(),
    })
    .returning();
  c.var.afterCommit(() => services.metrics.intentsCreated.inc({ livemode: String(config.keyMode === 'live') }));
  const context = await intentReadContext({ config, networks: new Map([[chain.id, network]]) }, c.var.db);
  return c.json(
    toPaymentIntent({ intent: created!, payment: null, status: 'requires_payment', deposit: NO_DEPOSITS }, context),
    200,
  );
};
