// The operator's rulings on disputed payments and the notes taken while weighing them.
import { sql } from 'drizzle-orm';
import { index, numeric, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { app } from './app.js';
import { keeperTransaction } from './keeper.js';
import { merchant } from './merchants.js';
import { paymentIntent } from './paymentIntents.js';

/**
 * The arbiter's ruling on a disputed payment, decided by an admin and sent by the worker's arbiter signer
 * (`resolveDispute`). Its status is not stored: `succeeded` once the indexer has the payment resolved,
 * `failed` with a reason when it could not be sent, `pending` until then.
 */
export const disputeRuling = app.table(
  'dispute_ruling',
  {
    /** `dr_…` */
    id: text().primaryKey(),
    paymentIntentId: text()
      .notNull()
      .references(() => paymentIntent.id),
    merchantId: text()
      .notNull()
      .references(() => merchant.id),
    /** What goes back to the buyer, in base units; the merchant's share is the rest of what is escrowed. */
    buyerAmount: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
    /** The `merchantShare` argument of `resolveDispute`. */
    merchantShare: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
    note: text(),
    /** The admin user who decided it, or `ADMIN_API_KEY`. */
    decidedBy: text().notNull(),
    keeperTransactionId: text().references(() => keeperTransaction.id),
    /** A ruling an arbiter's own wallet sent (not the worker): its mined transaction, lowercase hex. */
    transactionHash: text(),
    failureReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // One ruling at a time per payment: another only after one failed. A transaction records one ruling.
  (table) => [
    uniqueIndex().on(table.paymentIntentId).where(sql`${table.failureReason} IS NULL`),
    uniqueIndex().on(table.transactionHash),
  ],
);

/** What the operator wrote down about a dispute while weighing it (a ruling's own note is on the ruling). */
export const disputeNote = app.table(
  'dispute_note',
  {
    /** `dn_…` */
    id: text().primaryKey(),
    paymentIntentId: text()
      .notNull()
      .references(() => paymentIntent.id),
    merchantId: text()
      .notNull()
      .references(() => merchant.id),
    body: text().notNull(),
    /** The admin user who wrote it, or `ADMIN_API_KEY`. */
    author: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.paymentIntentId, table.createdAt)],
);
