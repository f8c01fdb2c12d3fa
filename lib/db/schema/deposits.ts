// Transfers into intents' deposit addresses, and how far the scanner has walked.
import { index, integer, numeric, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { app } from './app.js';
import { paymentIntent } from './paymentIntents.js';
import { refund } from './refunds.js';

/** A transfer of value as the deposit scanner reads it off a final block. */
const transferColumns = () => ({
  /** Token address, lowercase; the zero address for the chain's native currency. */
  token: text().notNull(),
  /**
   * Lowercase: the transaction's sender for native value, the `Transfer`'s `from` for a token; the zero
   * address when a contract sent native value, whose sender no transaction or log names.
   */
  sender: text().notNull(),
  amount: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
  /** The transaction; for native value a contract sent, the hash of the block its balance was read at. */
  transactionHash: text().notNull(),
  /**
   * The `Transfer` log's index in its block; -1 for native value a transaction sent (once), -2 for native
   * value a contract sent.
   */
  logIndex: integer().notNull(),
  blockNumber: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
  blockTimestamp: timestamp({ withTimezone: true }).notNull(),
});

/**
 * A transfer into an intent's deposit address (lib/depositAddress.ts) in a final block, recorded by the
 * worker's deposit scanner (jobs/deposits/scanner.ts): native value a transaction sent, any ERC-20's
 * `Transfer` log, or native value a contract sent (seen only in the address's balance). What arrived decides the sweep and the intent's deposit exceptions; what was paid is
 * still only what the indexed escrow says.
 */
export const depositTransfer = app.table(
  'deposit_transfer',
  {
    paymentIntentId: text()
      .notNull()
      .references(() => paymentIntent.id),
    ...transferColumns(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.transactionHash, table.logIndex, table.paymentIntentId] }),
    index().on(table.paymentIntentId, table.token),
  ],
);

/**
 * A transfer in a final block of one chain into the deposit address an intent has on another chain: a
 * buyer who sent on the wrong network. Reachable only where the escrow sits at the intent's escrow's
 * address, by `returnForeignDeposit`; the scanner of that chain records it, and
 * `deposits__return_foreign` sends it back as a refund (`source: foreign_deposit`).
 */
export const foreignDeposit = app.table(
  'foreign_deposit',
  {
    /** The chain it arrived on (not the intent's). */
    chainId: integer().notNull(),
    paymentIntentId: text()
      .notNull()
      .references(() => paymentIntent.id),
    ...transferColumns(),
    /** The refund sending it back, once made. */
    refundId: text().references(() => refund.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.chainId, table.transactionHash, table.logIndex] }),
    index().on(table.paymentIntentId),
  ],
);

/** The last final block the deposit scanner has walked, per chain and escrow. */
export const depositScanCursor = app.table(
  'deposit_scan_cursor',
  {
    chainId: integer().notNull(),
    /** The escrow's address, lowercase. */
    escrowAddress: text().notNull(),
    blockNumber: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.chainId, table.escrowAddress] })],
);
