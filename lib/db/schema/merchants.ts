// The merchants and their payout wallets.
import { index, integer, jsonb, text, timestamp } from 'drizzle-orm/pg-core';
import { app } from './app.js';

export const payoutSchedules = ['instant', 'daily', 'weekly', 'monthly'] as const;
export type PayoutSchedule = (typeof payoutSchedules)[number];

export const merchant = app.table('merchant', {
  /** `mch_…` */
  id: text().primaryKey(),
  name: text().notNull(),
  email: text().notNull(),
  /**
   * Where payouts go: an EIP-55 address, the `merchant` of every intent signed for this merchant, on every
   * network without an address of its own in `networkPayoutAddresses`.
   */
  payoutAddress: text(),
  /** By chain id (as a string), the payout address of a network whose payouts go elsewhere. */
  networkPayoutAddresses: jsonb().$type<Record<string, string>>().notNull().default({}),
  payoutSchedule: text({ enum: payoutSchedules }).notNull().default('daily'),
  /** Per asset (`native` or a token address), the smallest balance worth a payout, in base units. */
  minimumPayouts: jsonb().$type<Record<string, string>>().notNull().default({}),
  /** The platform's fee on each payment, in basis points, signed into every intent. Set by the operator. */
  feeBps: integer().notNull().default(100),
  /** How long a payment stays in escrow (open to disputes and refunds) before anyone may release it. */
  holdPeriodSeconds: integer().notNull().default(604_800),
  /** When the operator verified the merchant; until then it takes no payments on a live network. */
  verifiedAt: timestamp({ withTimezone: true }),
  /** While set, the merchant's keys and dashboard are refused; its payments and payouts go on. */
  suspendedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Every payout address a merchant has used, so its balances and payouts stay visible after a change. An
 * address belongs to one merchant only: the escrow keeps balances per address, not per merchant.
 */
export const merchantWallet = app.table(
  'merchant_wallet',
  {
    address: text().primaryKey(),
    merchantId: text()
      .notNull()
      .references(() => merchant.id),
    setAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.merchantId)],
);
