// What arrived at an intent's deposit address, as recorded by the worker's deposit scanner
// (app.deposit_transfer, final blocks only), summed in SQL beside each intent row.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { AnyDb } from '../db/client.js';
import { depositTransfer, paymentIntent } from '../db/schema.js';

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
};

export interface DepositReceipt {
  received: bigint;
  receivedOnTime: bigint;
  otherAssets: boolean;
}

/** How a deposit differs from the intent's amount: BTCPay's invoice exceptions, by what has arrived. */
export function depositExceptions(amount: bigint, { received, receivedOnTime, otherAssets }: DepositReceipt) {
  return {
    underpaid: received > 0n && received < amount,
    overpaid: received > amount,
    paid_late: received >= amount && receivedOnTime < amount,
    wrong_asset: otherAssets,
  };
}

/** An intent's deposits before anything has arrived. */
export const NO_DEPOSITS: DepositReceipt = { received: 0n, receivedOnTime: 0n, otherAssets: false };

/** Who first sent `token` to the intent's deposit address (lowercase): its buyer, whom refunds go back to. */
export async function firstSender(db: AnyDb, intentId: string, token: string): Promise<string | undefined> {
  const [first] = await db
    .select({ sender: depositTransfer.sender })
    .from(depositTransfer)
    .where(and(eq(depositTransfer.paymentIntentId, intentId), eq(depositTransfer.token, token)))
    .orderBy(asc(depositTransfer.blockNumber), asc(depositTransfer.logIndex))
    .limit(1);
  return first?.sender;
}
