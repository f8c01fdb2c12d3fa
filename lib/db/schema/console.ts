// The consoles' users, their one-time links and their sessions.
import { sql } from 'drizzle-orm';
import { check, index, integer, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { app } from './app.js';
import { merchant } from './merchants.js';

export const consoleRoles = ['merchant', 'admin'] as const;
export type ConsoleRole = (typeof consoleRoles)[number];

/**
 * A person who signs in to a console: a merchant's user (its dashboard) or an operator's admin (the admin
 * console). Merchant users and admins are separate populations: the same email may be both, as two rows.
 */
export const consoleUser = app.table(
  'console_user',
  {
    /** `usr_…` */
    id: text().primaryKey(),
    role: text({ enum: consoleRoles }).notNull(),
    /** The merchant a merchant user belongs to; null for admins. */
    merchantId: text().references(() => merchant.id),
    /** Lower-case. */
    email: text().notNull(),
    /** argon2id (PHC string); null until the invited user sets a password. */
    passwordHash: text(),
    /** Failed sign-ins since the last success, counted towards the lockout. */
    failedSignIns: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex().on(table.role, table.email),
    check('console_user_merchant_by_role', sql`(${table.role} = 'admin') = (${table.merchantId} IS NULL)`),
  ],
);

export const consoleTokenPurposes = ['invite', 'password_reset'] as const;

/** A one-time link sent to a console user: an invitation or a password reset. Only its hash is kept. */
export const consoleToken = app.table(
  'console_token',
  {
    /** sha256 of the token in the link, hex. */
    tokenHash: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => consoleUser.id),
    purpose: text({ enum: consoleTokenPurposes }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.userId)],
);

/** A signed-in browser. The cookie holds a random id; only its hash is kept, so a database leak signs no one in. */
export const consoleSession = app.table(
  'console_session',
  {
    /** sha256 of the session cookie's value, hex. */
    idHash: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => consoleUser.id),
    /** Sent back in a header (or form field) with every change, compared to this (synchronizer token). */
    csrfToken: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.userId)],
);
