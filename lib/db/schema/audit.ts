// The append-only audit log.
import { index, jsonb, text, timestamp } from 'drizzle-orm/pg-core';
import { app } from './app.js';

/**
 * Every change a person or an operator command made: who, what, when, from where, before and after.
 * Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE (migration 0006), so not even the gateway's
 * own database user can rewrite it.
 */
export const auditLog = app.table(
  'audit_log',
  {
    /** `aud_…` */
    id: text().primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** `console_user` (with the user's id), `api_key`, or `command` (an operator command on the host). */
    actorKind: text().notNull(),
    actorId: text(),
    /** The merchant the change concerns, when it concerns one: what its own users may read. */
    merchantId: text(),
    /** `merchant.verify`, `refund.create`, `session.sign_in`, … */
    action: text().notNull(),
    /** The id of what changed. */
    target: text(),
    before: jsonb().$type<Record<string, unknown>>(),
    after: jsonb().$type<Record<string, unknown>>(),
    ip: text(),
    userAgent: text(),
  },
  (table) => [index().on(table.merchantId, table.at), index().on(table.at)],
);
