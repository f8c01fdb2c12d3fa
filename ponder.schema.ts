// The indexed state of one PMTEscrow deployment, rebuilt from its logs alone. Each network has an indexer
// of its own writing its own schema, so a key here is unique per chain by construction; every row still
// names its chain (`chainId`), and the combined views api/ and jobs/ read (one row set for every network,
// indexer/launch/combinedViews.ts) are keyed by `(chain_id, …)`. Only the indexer writes these tables.
// Amounts are token base units (bigint); times are block timestamps in unix seconds.
import { index, onchainEnum, onchainTable, primaryKey } from 'ponder';

/**
 * Where a payment stands in the escrow. `escrowed` and `disputed` still hold funds (possibly less than was
 * paid, after partial refunds); the other three are final.
 */
export const paymentStatus = onchainEnum('payment_status', [
  'escrowed',
  'disputed',
  'released',
  'refunded',
  'resolved',
]);

/**
 * One row per paid intent. The columns `id, buyer, merchant, token, amount, feeBps, releaseAfter` are exactly
 * the contract's `Payment` record, which every later call passes back unchanged; `refundedAmount` and
 * `disputeDeadline` are its `paymentState` while it is escrowed.
 */
export const payment = onchainTable(
  'payment',
  (t) => ({
    /** The intent id (its low 64 bits are the intent's deadline). */
    id: t.hex().primaryKey(),
    chainId: t.integer().notNull(),
    merchant: t.hex().notNull(),
    buyer: t.hex().notNull(),
    /** Token paid in; the zero address is the chain's native currency. */
    token: t.hex().notNull(),
    /** What the buyer paid. */
    amount: t.bigint().notNull(),
    feeBps: t.integer().notNull(),
    /** The intent's payment deadline, from the id. */
    deadline: t.bigint().notNull(),
    /** From then on anyone may release the payment (unless disputed). */
    releaseAfter: t.bigint().notNull(),
    status: paymentStatus('status').notNull(),
    /** Still held by the escrow: `amount` less refunds, zero once settled. */
    escrowedAmount: t.bigint().notNull(),
    /** Returned to the buyer by merchant or keeper refunds. */
    refundedAmount: t.bigint().notNull(),
    /** Returned to the buyer by a dispute: the arbiter's ruling, or the default once its deadline passed. */
    disputeBuyerAmount: t.bigint().notNull(),
    /** Credited to the merchant's escrow balance, net of the fee. */
    merchantAmount: t.bigint().notNull(),
    /** Platform fee charged on what the merchant received. */
    feeAmount: t.bigint().notNull(),
    escrowedAt: t.bigint().notNull(),
    escrowedBlock: t.bigint().notNull(),
    escrowedTx: t.hex().notNull(),
    escrowedLogIndex: t.integer().notNull(),
    disputedAt: t.bigint(),
    disputedBlock: t.bigint(),
    disputedTx: t.hex(),
    /** By then the arbiter must rule; after it anyone may return what is escrowed to the buyer. */
    disputeDeadline: t.bigint(),
    /** Release, the refund that emptied it, the arbiter's ruling, or the expired dispute's refund. */
    settledAt: t.bigint(),
    settledBlock: t.bigint(),
    settledTx: t.hex(),
    settledLogIndex: t.integer(),
    /** Block of the latest change, for "confirmations so far". */
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    merchantCreatedIdx: index().on(table.merchant, table.escrowedAt),
    statusReleaseIdx: index().on(table.status, table.releaseAfter),
    buyerIdx: index().on(table.buyer),
  }),
);

/**
 * Every log of the escrow, append-only, in chain order: `id` is Ponder's event checkpoint, which sorts as
 * the chain does. The webhook outbox walks it with a stored cursor.
 */
export const escrowEvent = onchainTable(
  'escrow_event',
  (t) => ({
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    name: t.text().notNull(),
    /** The payment the event is about, if any. */
    paymentId: t.hex(),
    /** That payment's merchant: whom a payment event's webhook goes to. */
    merchant: t.hex(),
    /** The account credited, debited or changed (buyer, payee, role member, treasury), if any. */
    account: t.hex(),
    token: t.hex(),
    amount: t.bigint(),
    /** The decoded event arguments, integers as decimal strings. */
    args: t.json().$type<Record<string, string | boolean>>().notNull(),
    blockNumber: t.bigint().notNull(),
    blockHash: t.hex().notNull(),
    blockTimestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({
    paymentIdx: index().on(table.paymentId),
    merchantIdx: index().on(table.merchant, table.blockNumber),
    accountIdx: index().on(table.account, table.blockNumber),
  }),
);

/** What the escrow owes an account (merchant or buyer) in one token, and what has left it. */
export const balance = onchainTable(
  'balance',
  (t) => ({
    chainId: t.integer().notNull(),
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    /** Withdrawable now. */
    available: t.bigint().notNull(),
    /** Ever credited: releases and resolutions net of fees, buyer credits after failed pushes. */
    credited: t.bigint().notNull(),
    /** Pushed out by keeper payouts. */
    paidOut: t.bigint().notNull(),
    /** Pulled out by the account itself. */
    withdrawn: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.account, table.token] }),
    tokenIdx: index().on(table.token, table.available),
  }),
);

/** Money leaving an account's balance: a keeper payout, a failed payout attempt, or a withdrawal. */
export const payout = onchainTable(
  'payout',
  (t) => ({
    /** The event's checkpoint (see `escrow_event.id`). */
    id: t.text().primaryKey(),
    chainId: t.integer().notNull(),
    /** Whose balance it left. */
    account: t.hex().notNull(),
    /** Where it went: the account itself, or the address it named with `withdrawTo`. */
    destination: t.hex().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    /** `paid` (keeper push), `failed` (push refused; the balance was kept) or `withdrawn` (pulled by the account). */
    kind: t.text().$type<'paid' | 'failed' | 'withdrawn'>().notNull(),
    blockNumber: t.bigint().notNull(),
    blockTimestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    accountIdx: index().on(table.account, table.blockTimestamp),
  }),
);

/** Platform fees per token: accrued from releases and resolutions, withdrawn to the treasury. */
export const platformFee = onchainTable('platform_fee', (t) => ({
  chainId: t.integer().notNull(),
  token: t.hex().primaryKey(),
  available: t.bigint().notNull(),
  accrued: t.bigint().notNull(),
  withdrawn: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

/** Who holds which role now; the history is in `escrow_event`. */
export const roleMember = onchainTable(
  'role_member',
  (t) => ({
    chainId: t.integer().notNull(),
    role: t.hex().notNull(),
    /** `OPERATOR_ROLE` etc., or the id for a role PMTEscrow does not name. */
    roleName: t.text().notNull(),
    account: t.hex().notNull(),
    active: t.boolean().notNull(),
    /** Who granted or revoked it last. */
    changedBy: t.hex().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.role, table.account] }) }),
);

/** The escrow's own settings: pause state, treasury and a scheduled admin transfer. One row per escrow. */
export const escrowState = onchainTable('escrow_state', (t) => ({
  chainId: t.integer().notNull(),
  address: t.hex().primaryKey(),
  paused: t.boolean().notNull(),
  /** Who paused or unpaused last. */
  pauseChangedBy: t.hex(),
  treasury: t.hex(),
  pendingAdmin: t.hex(),
  /** When the pending admin may accept (unix seconds). */
  pendingAdminAcceptAfter: t.bigint(),
  updatedBlock: t.bigint().notNull(),
}));

/** Tokens the escrow accepts (native currency always). */
export const tokenAllowance = onchainTable('token_allowance', (t) => ({
  chainId: t.integer().notNull(),
  token: t.hex().primaryKey(),
  allowed: t.boolean().notNull(),
  updatedBlock: t.bigint().notNull(),
}));
