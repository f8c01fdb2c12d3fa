// The indexer's tables as the API and the jobs read them: through the views schema (`pmt` by default),
// whose views combine every network's live deployment (indexer/launch/combinedViews.ts), each row naming
// its chain. Read-only. Each column is one of ponder.schema.ts
// with its type, nullability and enum values (chainViews.test.ts fails on any drift); the runtime does
// not load ponder.schema.ts itself, which would pull Ponder into every API and worker process.
import { boolean, integer, json, numeric, pgSchema, text } from 'drizzle-orm/pg-core';
import type { paymentStatus } from '../ponder.schema.js';

/** Where a payment stands in the escrow (ponder.schema.ts, `payment_status`). */
export const paymentStatuses = [
  'escrowed',
  'disputed',
  'released',
  'refunded',
  'resolved',
] as const satisfies readonly (typeof paymentStatus.enumValues)[number][];

export type PaymentStatus = (typeof paymentStatuses)[number];

/**
 * The schema of one network's own indexer views (`pmt_polkadot_hub`): Ponder's checkpoint and status of that
 * network's indexer, and its tables alone for analysts. INDEXER_VIEWS_SCHEMA (32) + 1 + a network name (30)
 * fits PostgreSQL's 63.
 */
export function networkViewsSchema(viewsSchema: string, network: string): string {
  return `${viewsSchema}_${network.replaceAll('-', '_')}`;
}

const uint256 = () => numeric({ precision: 78, scale: 0, mode: 'bigint' });

export function chainViews(schemaName: string) {
  const schema = pgSchema(schemaName);
  return {
    payment: schema
      .view('payment', {
        chainId: integer().notNull(),
        id: text().notNull(),
        buyer: text().notNull(),
        merchant: text().notNull(),
        token: text().notNull(),
        status: text({ enum: paymentStatuses }).notNull(),
        amount: uint256().notNull(),
        feeBps: integer().notNull(),
        releaseAfter: uint256().notNull(),
        escrowedAmount: uint256().notNull(),
        refundedAmount: uint256().notNull(),
        disputeBuyerAmount: uint256().notNull(),
        merchantAmount: uint256().notNull(),
        feeAmount: uint256().notNull(),
        escrowedAt: uint256().notNull(),
        escrowedBlock: uint256().notNull(),
        escrowedTx: text().notNull(),
        disputedAt: uint256(),
        disputedBlock: uint256(),
        disputedTx: text(),
        disputeDeadline: uint256(),
        settledAt: uint256(),
        settledBlock: uint256(),
        settledTx: text(),
      })
      .existing(),
    balance: schema
      .view('balance', {
        chainId: integer().notNull(),
        account: text().notNull(),
        token: text().notNull(),
        available: uint256().notNull(),
        credited: uint256().notNull(),
        paidOut: uint256().notNull(),
        withdrawn: uint256().notNull(),
      })
      .existing(),
    payout: schema
      .view('payout', {
        chainId: integer().notNull(),
        id: text().notNull(),
        account: text().notNull(),
        destination: text().notNull(),
        token: text().notNull(),
        amount: uint256().notNull(),
        kind: text().$type<'paid' | 'failed' | 'withdrawn'>().notNull(),
        blockNumber: uint256().notNull(),
        blockTimestamp: uint256().notNull(),
        transactionHash: text().notNull(),
      })
      .existing(),
    escrowEvent: schema
      .view('escrow_event', {
        chainId: integer().notNull(),
        id: text().notNull(),
        name: text().notNull(),
        paymentId: text(),
        merchant: text(),
        account: text(),
        token: text(),
        amount: uint256(),
        /** The decoded event arguments, integers as decimal strings. */
        args: json().$type<Record<string, string | boolean>>().notNull(),
        blockNumber: uint256().notNull(),
        blockHash: text().notNull(),
        blockTimestamp: uint256().notNull(),
        transactionHash: text().notNull(),
        logIndex: integer().notNull(),
      })
      .existing(),
    escrowState: schema
      .view('escrow_state', {
        chainId: integer().notNull(),
        address: text().notNull(),
        paused: boolean().notNull(),
      })
      .existing(),
    roleMember: schema
      .view('role_member', {
        chainId: integer().notNull(),
        roleName: text().notNull(),
        account: text().notNull(),
        active: boolean().notNull(),
      })
      .existing(),
    tokenAllowance: schema
      .view('token_allowance', {
        chainId: integer().notNull(),
        token: text().notNull(),
        allowed: boolean().notNull(),
      })
      .existing(),
  };
}

export type ChainViews = ReturnType<typeof chainViews>;

/** The columns of an indexed payment that make the escrow's record of it (`paymentRecord` in lib/intent.ts). */
export function paymentRecordColumns({ payment }: ChainViews) {
  return {
    id: payment.id,
    buyer: payment.buyer,
    merchant: payment.merchant,
    token: payment.token,
    amount: payment.amount,
    feeBps: payment.feeBps,
    releaseAfter: payment.releaseAfter,
  };
}
