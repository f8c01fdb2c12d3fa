// A merchant's API keys.
import { sql } from 'drizzle-orm';
import { index, jsonb, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { app } from './app.js';
import { merchant } from './merchants.js';

/** What a restricted key may do; null on the key means everything. */
export interface KeyPermissions {
  readOnly?: boolean;
  /** Resource names (`payment_intents`, `balance`, …) the key is limited to. */
  resources?: string[];
}

export const apiKey = app.table(
  'api_key',
  {
    /** `key_…` */
    id: text().primaryKey(),
    merchantId: text()
      .notNull()
      .references(() => merchant.id),
    mode: text({ enum: ['test', 'live'] }).notNull(),
    /** The merchant's label for a key (`checkout server`, `reporting`). */
    name: text(),
    /** The key's first characters (`sk_test_Ab3d`), to tell keys apart in listings. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key, hex (see lib/apiKeys/keys.ts); the key itself is never stored. */
    secretHash: text().notNull(),
    permissions: jsonb().$type<KeyPermissions>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    /** A rolled key keeps working until then; a revoked one stops at once. */
    expiresAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (table) => [uniqueIndex().on(table.secretHash), index().on(table.merchantId).where(sql`${table.revokedAt} IS NULL`)],
);
