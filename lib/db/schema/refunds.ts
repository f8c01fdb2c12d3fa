// Refunds a merchant asked for, sent by the keeper.
import { boolean, index, integer, jsonb, numeric, text, timestamp } from 'drizzle-orm/pg-core';
import { app } from './app.js';
import { keeperTransaction } from './keeper.js';
import { merchant } from './merchants.js';
import { paymentIntent } from './paymentIntents.js';

/**
 * A merchant's request to return (part of) a payment to its buyer, sent by the keeper. Its status is not
 * stored: `succeeded` once the indexer has the `PaymentRefunded` of its transaction, `failed` once
 * `failureReason` is set, `pending` otherwise.
 */
export const refundSources = ['escrow', 'deposit', 'foreign_deposit'] as const;
/** The refunds a merchant may ask for; `foreign_deposit` is the gateway's own (jobs/tasks/deposits__return_foreign.ts). */
export const merchantRefundSources = ['escrow', 'deposit'] as const;

export const refund = app.table(
  'refund',
  {
    /** `re_…` */
    id: text().primaryKey(),
    merchantId: text()
      .notNull()
      .references(() => merchant.id),
    paymentIntentId: text()
      .notNull()
      .references(() => paymentIntent.id),
    livemode: boolean().notNull(),
    /**
     * `escrow`: out of the escrowed payment, to its buyer (`refund`). `deposit`: out of the intent's deposit
     * address, what was not escrowed (`returnDeposit`). `foreign_deposit`: out of the intent's deposit
     * address on another chain, where a buyer sent by mistake (`returnForeignDeposit`).
     */
    source: text({ enum: refundSources }).notNull().default('escrow'),
    /** The chain a `foreign_deposit` refund is sent on; null for every other, sent on the intent's own. */
    chainId: integer(),
    /** A deposit refund's token, lowercase (the zero address for native); an escrow refund's is the intent's. */
    token: text(),
    /** Where a deposit refund goes, lowercase; an escrow refund goes to the payment's buyer. */
    destination: text(),
    /** Base units of the refund's asset. */
    amount: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
    reason: text(),
    metadata: jsonb().$type<Record<string, string>>().notNull(),
    /** The keeper transaction sending it, once the job has sent one. */
    keeperTransactionId: text().references(() => keeperTransaction.id),
    failureReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.merchantId, table.createdAt, table.id), index().on(table.paymentIntentId)],
);
