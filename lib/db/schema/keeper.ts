// The keeper's transactions: write-ahead records of what it sends, and each signed attempt.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { app } from './app.js';

export const keeperPurposes = ['release', 'payout', 'refund', 'ruling', 'sweep'] as const;
export type KeeperPurpose = (typeof keeperPurposes)[number];

export const keeperTransactionStates = ['pending', 'mined', 'reverted', 'failed'] as const;
export type KeeperTransactionState = (typeof keeperTransactionStates)[number];

/**
 * A transaction the keeper account sends (jobs/keeper), written before it is broadcast so that a crash at
 * any point leaves a record to reconcile against the chain. One row per nonce: its signed attempts
 * (replacements with higher fees) are `keeper_attempt` rows. `pending` until one attempt is mined
 * (`mined`, or `reverted`) or the nonce is taken by another transaction (`failed`, with the reason).
 */
export const keeperTransaction = app.table(
  'keeper_transaction',
  {
    /** `ktx_…` */
    id: text().primaryKey(),
    /** The keeper's address, lowercase. */
    keeper: text().notNull(),
    chainId: integer().notNull(),
    purpose: text({ enum: keeperPurposes }).notNull(),
    /**
     * What the transaction does, when doing it twice would be wrong (`refund:re_…`): at most one
     * transaction per effect is pending or mined at a time.
     */
    effect: text(),
    /** The job's description of the call (payment ids, payout accounts, refund id). */
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    to: text().notNull(),
    data: text().notNull(),
    value: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
    nonce: bigint({ mode: 'number' }).notNull(),
    state: text({ enum: keeperTransactionStates }).notNull().default('pending'),
    /** Why it failed or reverted. */
    error: text(),
    /** The attempt that was mined. */
    minedHash: text(),
    blockNumber: numeric({ precision: 78, scale: 0, mode: 'bigint' }),
    gasUsed: numeric({ precision: 78, scale: 0, mode: 'bigint' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex().on(table.keeper, table.chainId, table.nonce).where(sql`${table.state} <> 'failed'`),
    uniqueIndex().on(table.effect).where(sql`${table.effect} IS NOT NULL AND ${table.state} IN ('pending', 'mined')`),
    index().on(table.keeper, table.chainId, table.state),
  ],
);

/** One signed transaction for a `keeper_transaction`'s nonce: the first, then each fee bump. */
export const keeperAttempt = app.table(
  'keeper_attempt',
  {
    transactionId: text()
      .notNull()
      .references(() => keeperTransaction.id),
    /** 1 for the first, then each replacement. */
    attempt: integer().notNull(),
    /** A 0-value transaction to the keeper itself: the nonce taken back after the last attempt. */
    cancel: boolean().notNull().default(false),
    hash: text().notNull(),
    /** The signed transaction, so a crash between recording and broadcasting can broadcast it later. */
    raw: text().notNull(),
    gasLimit: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
    /** EIP-1559 fees, or `gasPrice` on chains without a base fee. */
    maxFeePerGas: numeric({ precision: 78, scale: 0, mode: 'bigint' }),
    maxPriorityFeePerGas: numeric({ precision: 78, scale: 0, mode: 'bigint' }),
    gasPrice: numeric({ precision: 78, scale: 0, mode: 'bigint' }),
    /** When it was last handed to the node; null until then. */
    broadcastAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.transactionId, table.attempt] }), uniqueIndex().on(table.hash)],
);
