// A merchant's payouts as the API lists them: the payouts the worker sent (`po_…`, pending until the
// indexer has the escrow's PaidOut or PayoutFailed for them) and every other movement out of the
// merchant's balances the chain shows (a payout sent outside the gateway, a withdrawal by the merchant's
// own wallet), which take their id from the chain (the event's checkpoint). Newest first, cursor paged.
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ChainViews } from './chainViews.js';
import type { AnyDb } from './db/client.js';
import { keeperAttempt, keeperTransaction, payout as payoutTable } from './db/schema/index.js';
import { merchantWalletAddresses } from './merchants/wallets.js';

export const payoutStatuses = ['pending', 'paid', 'failed'] as const;
export type PayoutStatus = (typeof payoutStatuses)[number];

export interface PayoutListRow {
  id: string;
  type: 'payout' | 'withdrawal';
  status: PayoutStatus;
  /** The chain it is on (text, as the query returns it). */
  chain_id: string;
  /** Lowercase; the zero address for the native currency. */
  token: string;
  amount: string;
  destination: string;
  failure_reason: string | null;
  transaction_hash: string | null;
  block_number: string | null;
  block_timestamp: string | null;
  /** Unix seconds. */
  created: string;
}

/** Why a push the escrow tried was refused, for payouts the chain shows as failed. */
const REFUSED = 'the payout address refused the transfer; the balance stays available to pay out or withdraw';

/** The app's payouts under another name than the indexer's `payout` view, which the same query reads. */
const payout = alias(payoutTable, 'gateway_payout');

function allPayouts(db: AnyDb, views: ChainViews, merchantId: string): SQL {
  const chain = views.payout;
  const wallets = merchantWalletAddresses(db, merchantId);
  const sentBy = (
    attempt: SQLWrapper,
  ) => sql`${keeperAttempt} JOIN ${payoutTable} AS ${payout} ON ${payout.keeperTransactionId} = ${keeperAttempt.transactionId}
    WHERE ${keeperAttempt.hash} = ${attempt}`;
  return sql`(
    SELECT ${payout.id} AS id, 'payout' AS type,
      CASE WHEN landed.kind = 'paid' THEN 'paid'
        WHEN landed.kind = 'failed' OR ${payout.failureReason} IS NOT NULL
          OR ${keeperTransaction.state} IN ('reverted', 'failed') THEN 'failed'
        ELSE 'pending' END AS status,
      ${payout.chainId}::text AS chain_id, ${payout.token} AS token, coalesce(landed.amount, ${payout.expectedAmount})::text AS amount,
      ${payout.destination} AS destination,
      coalesce(${payout.failureReason}, ${keeperTransaction.error},
        CASE WHEN landed.kind = 'failed' THEN ${REFUSED} END) AS failure_reason,
      landed.transaction_hash, landed.block_number::text, landed.block_timestamp::text,
      extract(epoch FROM ${payout.createdAt})::bigint::text AS created
    FROM ${payoutTable} AS ${payout}
    LEFT JOIN ${keeperTransaction} ON ${keeperTransaction.id} = ${payout.keeperTransactionId}
    LEFT JOIN LATERAL (
      SELECT ${chain.kind} AS kind, ${chain.amount} AS amount, ${chain.transactionHash} AS transaction_hash,
        ${chain.blockNumber} AS block_number, ${chain.blockTimestamp} AS block_timestamp
      FROM ${chain} JOIN ${keeperAttempt} ON ${keeperAttempt.hash} = ${chain.transactionHash}
      WHERE ${keeperAttempt.transactionId} = ${payout.keeperTransactionId} AND ${chain.chainId} = ${payout.chainId}
        AND ${chain.account} = ${payout.destination} AND ${chain.token} = ${payout.token}
      LIMIT 1) landed ON true
    WHERE ${payout.merchantId} = ${merchantId}
    UNION ALL
    SELECT ${chain.id}, CASE ${chain.kind} WHEN 'withdrawn' THEN 'withdrawal' ELSE 'payout' END,
      CASE ${chain.kind} WHEN 'failed' THEN 'failed' ELSE 'paid' END,
      ${chain.chainId}::text, ${chain.token}, ${chain.amount}::text, ${chain.destination},
      CASE ${chain.kind} WHEN 'failed' THEN ${REFUSED} END,
      ${chain.transactionHash}, ${chain.blockNumber}::text, ${chain.blockTimestamp}::text,
      ${chain.blockTimestamp}::text
    FROM ${chain}
    WHERE ${chain.account} IN ${wallets}
      AND NOT EXISTS (SELECT 1 FROM ${sentBy(chain.transactionHash)} AND ${payout.chainId} = ${chain.chainId}
        AND ${payout.destination} = ${chain.account} AND ${payout.token} = ${chain.token})
  )`;
}

export interface PayoutPage {
  limit: number;
  cursor?: string;
  /** Read newest first (after `cursor`), or upwards from it. */
  newerFirst: boolean;
  /** Only the payouts on this chain. */
  chainId?: number;
}

/** `limit + 1` payouts of the merchant past the cursor (the extra one says there are more). */
export async function listPayouts(
  db: AnyDb,
  views: ChainViews,
  merchantId: string,
  { limit, cursor, newerFirst, chainId }: PayoutPage,
): Promise<PayoutListRow[]> {
  const past =
    cursor === undefined
      ? sql`true`
      : sql`(created::bigint, id) ${newerFirst ? sql`<` : sql`>`}
          (SELECT created::bigint, id FROM all_payouts WHERE id = ${cursor})`;
  const order = newerFirst ? sql`created::bigint DESC, id DESC` : sql`created::bigint ASC, id ASC`;
  const { rows } = await db.execute<PayoutListRow & Record<string, unknown>>(
    sql`WITH all_payouts AS ${allPayouts(db, views, merchantId)}
      SELECT * FROM all_payouts WHERE ${past} AND ${chainId === undefined ? sql`true` : sql`chain_id = ${String(chainId)}`}
      ORDER BY ${order} LIMIT ${limit + 1}`,
  );
  return rows;
}

/** One of the merchant's payouts, by id. */
export async function findPayout(
  db: AnyDb,
  views: ChainViews,
  merchantId: string,
  id: string,
): Promise<PayoutListRow | undefined> {
  const { rows } = await db.execute<PayoutListRow & Record<string, unknown>>(
    sql`WITH all_payouts AS ${allPayouts(db, views, merchantId)} SELECT * FROM all_payouts WHERE id = ${id}`,
  );
  return rows[0];
}
