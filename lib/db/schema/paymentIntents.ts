// The payment intents: what the gateway promised, signed; how each was paid is read from the indexed escrow.
import { bigint, boolean, index, integer, jsonb, numeric, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { app } from './app.js';
import { merchant } from './merchants.js';

/**
 * What the gateway promised for one payment: the quote and the operator-signed intent the buyer's wallet
 * submits. Whether and how it was paid is never stored here; it is read from the indexed escrow payment
 * with the same `payment_id`.
 */
export const paymentIntent = app.table(
  'payment_intent',
  {
    /** `pi_…` */
    id: text().primaryKey(),
    merchantId: text()
      .notNull()
      .references(() => merchant.id),
    livemode: boolean().notNull(),
    /** The escrow's bytes32 payment id on `chainId`, lowercase hex as the indexer stores it. */
    paymentId: text().notNull(),
    /** Lets a browser read this intent's status (checkout); it cannot change anything. */
    clientSecret: text().notNull(),
    /** Fiat price in minor units with its ISO 4217 currency; null when the merchant set an exact crypto amount. */
    fiatAmount: bigint({ mode: 'number' }),
    currency: text(),
    /** Token address, lowercase; the zero address for the chain's native currency. */
    token: text().notNull(),
    tokenSymbol: text().notNull(),
    tokenDecimals: integer().notNull(),
    /** What the buyer must pay, in the token's base units. */
    cryptoAmount: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
    /** Fiat per whole token as a decimal string, and where it came from; null for exact crypto amounts. */
    quoteRate: text(),
    quoteSource: text(),
    feeBps: integer().notNull(),
    holdPeriodSeconds: integer().notNull(),
    /** After this the escrow rejects the signed intent; the quote is locked until then. */
    deadline: timestamp({ withTimezone: true }).notNull(),
    payoutAddress: text().notNull(),
    chainId: integer().notNull(),
    escrowAddress: text().notNull(),
    signature: text().notNull(),
    description: text(),
    customerEmail: text(),
    /** Where the checkout sends the buyer back to (http or https), with `payment_intent` and `status` added. */
    returnUrl: text(),
    /**
     * Its deposit address (lib/depositAddress.ts), lowercase: computed when the intent is created, or for
     * an intent older than deposit addresses by the deposit scanner. The scanner finds intents by it.
     */
    depositAddress: text(),
    /**
     * An address the buyer gave at checkout (lowercase), for paying by plain transfer from an account that
     * is not its own (an exchange): the swept payment's buyer and where deposit refunds go.
     */
    refundAddress: text(),
    metadata: jsonb().$type<Record<string, string>>().notNull(),
    canceledAt: timestamp({ withTimezone: true }),
    cancellationReason: text(),
    /**
     * When the merchant was told this intent expired (`payment_intent.expired`). From then on, as after a
     * cancel, the intent is closed: a payment that still arrives is returned to the buyer, never kept.
     */
    expiredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // A payment id, and a deposit address, is unique per chain only (one escrow address on every chain).
    uniqueIndex().on(table.chainId, table.paymentId),
    uniqueIndex().on(table.clientSecret),
    uniqueIndex().on(table.chainId, table.depositAddress),
    // The deposit scanner looks a block's recipients up on every chain's intents (a transfer sent on the
    // wrong network), so by the address alone.
    index().on(table.depositAddress),
    index().on(table.merchantId, table.createdAt, table.id),
  ],
);
