// The app schema: what the gateway itself knows, beside the indexer's chain state. Only the API, the
// worker and the operator commands write it; changes go through drizzle-kit migrations
// (`npm run db:generate`).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const app = pgSchema('app');

export const payoutSchedules = ['instant', 'daily', 'weekly', 'monthly'] as const;
export type PayoutSchedule = (typeof payoutSchedules)[number];

export const merchant = app.table('merchant', {
  /** `mch_…` */
  id: text().primaryKey(),
  name: text().notNull(),
  email: text().notNull(),
  /** Where payouts go: an EIP-55 address, the `merchant` of every intent signed for this merchant. */
  payoutAddress: text(),
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
 * What the gateway promised for one payment: the quote and the operator-signed intent the buyer's wallet
 * submits. Whether and how it was paid is never stored here; it is read from the indexed escrow payment
 * with the same `payment_id`.
 */
export const paymentIntent = app.table(
  'payment_intent',
  {
    /** `pi_…` */
    id: text().primaryKey(),
    merchantId: text()
      .notNull()
      .references(() => merchant.id),
    livemode: boolean().notNull(),
    /** The escrow's bytes32 payment id, lowercase hex as the indexer stores it. */
    paymentId: text().notNull(),
    /** Lets a browser read this intent's status (checkout); it cannot change anything. */
    clientSecret: text().notNull(),
    /** Fiat price in minor units with its ISO 4217 currency; null when the merchant set an exact crypto amount. */
    fiatAmount: bigint({ mode: 'number' }),
    currency: text(),
    /** Token address, lowercase; the zero address for the chain's native currency. */
    token: text().notNull(),
    tokenSymbol: text().notNull(),
    tokenDecimals: integer().notNull(),
    /** What the buyer must pay, in the token's base units. */
    cryptoAmount: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
    /** Fiat per whole token as a decimal string, and where it came from; null for exact crypto amounts. */
    quoteRate: text(),
    quoteSource: text(),
    feeBps: integer().notNull(),
    holdPeriodSeconds: integer().notNull(),
    /** After this the escrow rejects the signed intent; the quote is locked until then. */
    deadline: timestamp({ withTimezone: true }).notNull(),
    payoutAddress: text().notNull(),
    chainId: integer().notNull(),
    escrowAddress: text().notNull(),
    signature: text().notNull(),
    description: text(),
    customerEmail: text(),
    /** Where the checkout sends the buyer back to (http or https), with `payment_intent` and `status` added. */
    returnUrl: text(),
    /**
     * Its deposit address (lib/depositAddress.ts), lowercase: computed when the intent is created, or for
     * an intent older than deposit addresses by the deposit scanner. The scanner finds intents by it.
     */
    depositAddress: text(),
    /**
     * An address the buyer gave at checkout (lowercase), for paying by plain transfer from an account that
     * is not its own (an exchange): the swept payment's buyer and where deposit refunds go.
     */
    refundAddress: text(),
    metadata: jsonb().$type<Record<string, string>>().notNull(),
    canceledAt: timestamp({ withTimezone: true }),
    cancellationReason: text(),
    /**
     * When the merchant was told this intent expired (`payment_intent.expired`). From then on, as after a
     * cancel, the intent is closed: a payment that still arrives is returned to the buyer, never kept.
     */
    expiredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex().on(table.paymentId),
    uniqueIndex().on(table.clientSecret),
    uniqueIndex().on(table.depositAddress),
    index().on(table.merchantId, table.createdAt, table.id),
  ],
);

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

/**
 * A merchant's request to return (part of) a payment to its buyer, sent by the keeper. Its status is not
 * stored: `succeeded` once the indexer has the `PaymentRefunded` of its transaction, `failed` once
 * `failureReason` is set, `pending` otherwise.
 */
export const refundSources = ['escrow', 'deposit'] as const;

export const refund = app.table(
  'refund',
  {
    /** `re_…` */
    id: text().primaryKey(),
    merchantId: text()
      .notNull()
      .references(() => merchant.id),
    paymentIntentId: text()
      .notNull()
      .references(() => paymentIntent.id),
    livemode: boolean().notNull(),
    /**
     * `escrow`: out of the escrowed payment, to its buyer (`refund`). `deposit`: out of the intent's deposit
     * address, what was not escrowed (`returnDeposit`).
     */
    source: text({ enum: refundSources }).notNull().default('escrow'),
    /** A deposit refund's token, lowercase (the zero address for native); an escrow refund's is the intent's. */
    token: text(),
    /** Where a deposit refund goes, lowercase; an escrow refund goes to the payment's buyer. */
    destination: text(),
    /** Base units of the refund's asset. */
    amount: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
    reason: text(),
    metadata: jsonb().$type<Record<string, string>>().notNull(),
    /** The keeper transaction sending it, once the job has sent one. */
    keeperTransactionId: text().references(() => keeperTransaction.id),
    failureReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.merchantId, table.createdAt, table.id), index().on(table.paymentIntentId)],
);

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
    index().on(table.destination, table.token),
  ],
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
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.transactionHash, table.logIndex, table.paymentIntentId] }),
    index().on(table.paymentIntentId, table.token),
  ],
);

/** The last final block the deposit scanner has walked, per escrow. */
export const depositScanCursor = app.table('deposit_scan_cursor', {
  /** The escrow's address, lowercase. */
  escrowAddress: text().primaryKey(),
  blockNumber: numeric({ precision: 78, scale: 0, mode: 'bigint' }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** How far the webhook outbox has walked the indexed escrow events of one deployment. */
export const outboxCursor = app.table('outbox_cursor', {
  /** The views schema and escrow address it walks. */
  name: text().primaryKey(),
  /** The last `escrow_event.id` (a Ponder checkpoint) turned into events. */
  position: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

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
