// Events, the endpoints they are sent to, each delivery and each attempt, and the outbox's cursor.
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { app } from './app.js';
import { merchant } from './merchants.js';

export const webhookEndpoint = app.table(
  'webhook_endpoint',
  {
    /** `we_…` */
    id: text().primaryKey(),
    merchantId: text()
      .notNull()
      .references(() => merchant.id),
    url: text().notNull(),
    description: text(),
    /** Event types delivered here; `*` means all. */
    enabledEvents: text().array().notNull(),
    /** `whsec_…`, the HMAC key of this endpoint's signatures; kept in clear because every delivery needs it. */
    secret: text().notNull(),
    /** The secret the last roll replaced: deliveries are signed with it too until `previousSecretExpiresAt`. */
    previousSecret: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp({ withTimezone: true }),
    /** Since when every delivery here has failed; cleared by the next success. */
    failingSince: timestamp({ withTimezone: true }),
    /** Set after failing for WEBHOOK_DISABLE_AFTER (3 days): nothing is delivered here any more. */
    disabledAt: timestamp({ withTimezone: true }),
  },
  (table) => [index().on(table.merchantId).where(sql`${table.deletedAt} IS NULL`)],
);

/**
 * What happened, as Stripe's Event: one row per change a merchant is told about, with the object as the
 * API showed it then. `source` names the change itself (an escrow log and the event type, or an app-side
 * change): its unique index makes each change one event, however often it is seen.
 */
export const event = app.table(
  'event',
  {
    /** `evt_…` */
    id: text().primaryKey(),
    merchantId: text()
      .notNull()
      .references(() => merchant.id),
    type: text().notNull(),
    livemode: boolean().notNull(),
    /** `{ object }`: the resource the event is about. */
    data: jsonb().$type<{ object: Record<string, unknown> }>().notNull(),
    source: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex().on(table.source), index().on(table.merchantId, table.createdAt, table.id)],
);

export const webhookDeliveryStates = ['pending', 'delivered', 'failed'] as const;

/** One event for one endpoint: unique, so no event reaches an endpoint twice (except by redelivery). */
export const webhookDelivery = app.table(
  'webhook_delivery',
  {
    /** `whd_…` */
    id: text().primaryKey(),
    eventId: text()
      .notNull()
      .references(() => event.id),
    endpointId: text()
      .notNull()
      .references(() => webhookEndpoint.id),
    state: text({ enum: webhookDeliveryStates }).notNull().default('pending'),
    /** Attempts made so far, including every redelivery's. */
    attempts: integer().notNull().default(0),
    /** Failed attempts since the last success or redelivery: where the retry schedule stands. */
    failures: integer().notNull().default(0),
    /** Redeliveries asked for and not yet begun: each is one more attempt, made right after the one in hand. */
    redeliveries: integer().notNull().default(0),
    /** When the next attempt is due; null once delivered or given up. */
    nextAttemptAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex().on(table.eventId, table.endpointId),
    index().on(table.endpointId, table.createdAt, table.id),
  ],
);

/** Every POST to an endpoint and what came back, for the merchant's delivery log. */
export const webhookAttempt = app.table(
  'webhook_attempt',
  {
    deliveryId: text()
      .notNull()
      .references(() => webhookDelivery.id),
    attempt: integer().notNull(),
    /** The HTTP status, or null when none came (refused, timed out, blocked address). */
    statusCode: integer(),
    latencyMs: integer().notNull(),
    /** The first bytes of the response body, or what went wrong. */
    response: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.deliveryId, table.attempt] })],
);

/** How far the webhook outbox has walked the indexed escrow events of one deployment. */
export const outboxCursor = app.table('outbox_cursor', {
  /** `<views schema>:<chain id>:<escrow address>`: the indexed events of one network's escrow it walks. */
  name: text().primaryKey(),
  /** The last `escrow_event.id` (a Ponder checkpoint) turned into events. */
  position: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
