// What arrived at an intent's deposit address, as recorded by the worker's deposit scanner
// (app.deposit_transfer, final blocks only), summed in SQL beside each intent row.
import { and, asc, eq, gte, isNull, ne, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { zeroAddress } from 'viem';
import type { ChainViews } from '../chainViews.js';
import type { AnyDb } from '../db/client.js';
import { depositTransfer, foreignDeposit, paymentIntent, refund } from '../db/schema/index.js';
import { LATE_PAYMENT_WINDOW_SECONDS } from '../depositAddress.js';
import { paymentOfIntent } from './indexed.js';

/** The sender of native value a contract sent: no transaction or log names it. */
export const UNKNOWN_SENDER = zeroAddress;

const sumOf = (where: ReturnType<typeof sql>) =>
  sql<string>`(SELECT coalesce(sum(${depositTransfer.amount}), 0) FROM ${depositTransfer}
    WHERE ${depositTransfer.paymentIntentId} = ${paymentIntent.id} AND ${where})`;

/** Columns of `selectIntents` with the intent's deposits. */
export const depositFields = {
  /** Received in the intent's asset, base units. */
  received: sumOf(sql`${depositTransfer.token} = ${paymentIntent.token}`).mapWith(BigInt),
  /** Of which by the intent's deadline. */
  receivedOnTime: sumOf(
    sql`${depositTransfer.token} = ${paymentIntent.token} AND ${depositTransfer.blockTimestamp} <= ${paymentIntent.deadline}`,
  ).mapWith(BigInt),
  /** Whether anything else than the intent's asset arrived. */
  otherAssets: sql<boolean>`EXISTS (SELECT 1 FROM ${depositTransfer}
    WHERE ${depositTransfer.paymentIntentId} = ${paymentIntent.id} AND ${depositTransfer.token} <> ${paymentIntent.token})`,
  /** Whether something was sent to the intent's deposit address on another network than the intent's. */
  otherNetworks: sql<boolean>`EXISTS (SELECT 1 FROM ${foreignDeposit}
    WHERE ${foreignDeposit.paymentIntentId} = ${paymentIntent.id})`,
  /** Whether some of the intent's asset came from a sender the chain names (not all from contracts). */
  knownSender: sql<boolean>`EXISTS (SELECT 1 FROM ${depositTransfer}
    WHERE ${depositTransfer.paymentIntentId} = ${paymentIntent.id} AND ${depositTransfer.token} = ${paymentIntent.token}
      AND ${depositTransfer.sender} <> ${UNKNOWN_SENDER})`,
};

export interface DepositReceipt {
  received: bigint;
  receivedOnTime: bigint;
  otherAssets: boolean;
  otherNetworks: boolean;
  knownSender: boolean;
}

/** How a deposit differs from the intent's amount: BTCPay's invoice exceptions, by what has arrived. */
export function depositExceptions(
  amount: bigint,
  { received, receivedOnTime, otherAssets, otherNetworks }: DepositReceipt,
) {
  return {
    underpaid: received > 0n && received < amount,
    overpaid: received > amount,
    paid_late: received >= amount && receivedOnTime < amount,
    wrong_asset: otherAssets,
    wrong_network: otherNetworks,
  };
}

/** An intent's deposits before anything has arrived. */
export const NO_DEPOSITS: DepositReceipt = {
  received: 0n,
  receivedOnTime: 0n,
  otherAssets: false,
  otherNetworks: false,
  knownSender: false,
};

/**
 * Who first sent `token` to the intent's deposit address (lowercase), among senders the chain names: its
 * buyer, whom refunds go back to. Undefined when all of it came from contracts.
 */
export async function firstSender(db: AnyDb, intentId: string, token: string): Promise<string | undefined> {
  const [first] = await db
    .select({ sender: depositTransfer.sender })
    .from(depositTransfer)
    .where(
      and(
        eq(depositTransfer.paymentIntentId, intentId),
        eq(depositTransfer.token, token),
        ne(depositTransfer.sender, UNKNOWN_SENDER),
      ),
    )
    .orderBy(asc(depositTransfer.blockNumber), asc(depositTransfer.logIndex))
    .limit(1);
  return first?.sender;
}

/**
 * Intents a sweep may still pay at `chainTime` (unix seconds): not paid, not closed (canceled or announced
 * expired: what arrives there goes back), and within the escrow's late-payment window.
 */
export function sweepable({ payment }: ChainViews, chainTime: bigint): SQL {
  const lastDeadline = new Date(Number(chainTime - BigInt(LATE_PAYMENT_WINDOW_SECONDS)) * 1000);
  return and(
    isNull(paymentIntent.canceledAt),
    isNull(paymentIntent.expiredAt),
    gte(paymentIntent.deadline, lastDeadline),
    sql`NOT EXISTS (SELECT 1 FROM ${payment} WHERE ${paymentOfIntent({ payment })})`,
  )!;
}

/** Whether the merchant has refunded (or is refunding) a deposit of `token` from the intent's address. */
export const depositRefundOf = (token: SQLWrapper | string) =>
  sql`EXISTS (SELECT 1 FROM ${refund} WHERE ${refund.paymentIntentId} = ${paymentIntent.id}
    AND ${refund.source} = 'deposit' AND ${refund.token} = ${token})`;

/**
 * Intents whose deposit a sweep should escrow now at `chainTime` (unix seconds): sweepable, the amount
 * arrived in their asset by the deadline (what completes later is returned once the intent expires), a
 * buyer known (a sender the chain names, or the refund address given at
 * checkout; a deposit only contracts sent waits for the latter), and no deposit refund of their asset
 * started (once the merchant refunds one, what arrives is for refunds, not a sweep).
 */
export function dueForSweep(views: ChainViews, chainTime: bigint): SQL {
  return and(
    sweepable(views, chainTime),
    sql`${depositFields.receivedOnTime} >= ${paymentIntent.cryptoAmount}`,
    sql`(${paymentIntent.refundAddress} IS NOT NULL OR ${depositFields.knownSender})`,
    sql`NOT ${depositRefundOf(paymentIntent.token)}`,
  )!;
}

/**
 * Whether the intent's deposit was complete by its deadline and a sweep may still escrow it at `now` (within
 * the late-payment window, no deposit refund started): the buyer paid in time, so the intent is not expired
 * while the sweep is on its way.
 */
export function paidOnTimeAwaitingSweep(now: SQL<Date>): SQL {
  return sql`(${depositFields.receivedOnTime} >= ${paymentIntent.cryptoAmount}
    AND ${paymentIntent.deadline} + make_interval(secs => ${LATE_PAYMENT_WINDOW_SECONDS}) >= ${now}
    AND NOT ${depositRefundOf(paymentIntent.token)})`;
}

/** How long the oldest deposit due for a sweep has waited since its last transfer was recorded. */
export async function oldestUnsweptDepositSeconds(
  db: AnyDb,
  views: ChainViews,
  chainTime: bigint,
  chainId: number,
): Promise<number> {
  const [oldest] = await db
    .select({
      seconds: sql<number | null>`extract(epoch FROM now() - min((SELECT max(${depositTransfer.createdAt})
        FROM ${depositTransfer} WHERE ${depositTransfer.paymentIntentId} = ${paymentIntent.id})))::float8`,
    })
    .from(paymentIntent)
    .where(and(eq(paymentIntent.chainId, chainId), dueForSweep(views, chainTime)));
  return oldest?.seconds ?? 0;
}
