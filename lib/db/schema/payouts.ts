// The payouts the worker sends to merchants.
import { index, integer, numeric, text, timestamp } from 'drizzle-orm/pg-core';
import { app } from './app.js';
import { keeperTransaction } from './keeper.js';
import { merchant } from './merchants.js';

/**
 * A payout the worker sends for a merchant: all of one address's available balance of one token, pushed
 * by the keeper in a `payout(token, accounts)` batch on the merchant's schedule. Its status is not stored:
 * `paid` or `failed` once the indexer has the escrow's `PaidOut` or `PayoutFailed` for it, `failed` when it
 * could not be sent, `pending` until then.
 */
export const payout = app.table(
  'payout',
  {
    /** `po_…` */
    id: text().primaryKey(),
    merchantId: text()
      .notNull()
      .references(() => merchant.id),
    /** The chain whose escrow pays it. */
    chainId: integer().notNull(),
    /** The merchant's payout address it goes to, lowercase (one of its `merchant_wallet`s). */
    destination: text().notNull(),
    /** Lowercase; the zero address for the native currency. */
    token: text().notNull(),
    /** The available balance when it was sent; the escrow pays what is available when the batch lands. */
    expectedAmount: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
    keeperTransactionId: text().references(() => keeperTransaction.id),
    failureReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index().on(table.merchantId, table.createdAt, table.id),
    index().on(table.keeperTransactionId),
    index().on(table.chainId, table.destination, table.token),
  ],
);
