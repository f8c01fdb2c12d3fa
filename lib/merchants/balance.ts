// A merchant's money per token, from indexed chain state only: what its paid intents still hold in escrow,
// and what the escrow owes, paid out and let withdraw at every address the merchant has been paid at.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ChainViews } from '../chainViews.js';
import type { Db, DbTransaction } from '../db/client.js';
import { paymentIntent } from '../db/schema/index.js';
import { paymentOfIntent } from '../paymentIntents/indexed.js';
import { merchantWalletAddresses } from './wallets.js';

/** Base units of one token, as the indexer has them. */
export interface TokenBalance {
  /** Lower-case token address; the zero address is the native currency. */
  token: string;
  escrowed: bigint;
  available: bigint;
  paidOut: bigint;
  withdrawn: bigint;
}

export async function merchantBalance(
  db: Db | DbTransaction,
  { payment, balance }: ChainViews,
  merchantId: string,
  chainId: number,
): Promise<TokenBalance[]> {
  const [escrowed, balances] = await Promise.all([
    db
      .select({ token: payment.token, amount: sql<string>`sum(${payment.escrowedAmount})::text` })
      .from(payment)
      .innerJoin(paymentIntent, paymentOfIntent({ payment }))
      .where(and(eq(paymentIntent.merchantId, merchantId), eq(payment.chainId, chainId)))
      .groupBy(payment.token),
    db
      .select()
      .from(balance)
      .where(and(eq(balance.chainId, chainId), inArray(balance.account, merchantWalletAddresses(db, merchantId)))),
  ]);
  const byToken = new Map<string, TokenBalance>();
  const entry = (token: string) =>
    byToken.get(token) ??
    byToken.set(token, { token, escrowed: 0n, available: 0n, paidOut: 0n, withdrawn: 0n }).get(token)!;
  for (const row of escrowed) entry(row.token).escrowed += BigInt(row.amount);
  for (const row of balances) {
    const totals = entry(row.token);
    totals.available += row.available;
    totals.paidOut += row.paidOut;
    totals.withdrawn += row.withdrawn;
  }
  return [...byToken.values()];
}
