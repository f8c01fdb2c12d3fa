// The API's stored answers to repeated Idempotency-Keys.
import { index, integer, jsonb, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { app } from './app.js';

/**
 * The first response to each `Idempotency-Key`, replayed for 24 hours. The primary key makes concurrent
 * duplicates wait for the first request's transaction and then replay what it stored.
 */
export const idempotencyKey = app.table(
  'idempotency_key',
  {
    /** Whose keys these are: a merchant id, or `admin` for the operator's `/v1/admin/*` requests. */
    scope: text().notNull(),
    key: text().notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text().notNull(),
    /** Written in the same transaction as the row, so other sessions never see them null. */
    responseStatus: integer(),
    responseBody: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.scope, table.key] }), index().on(table.createdAt)],
);
