// What the gateway's state is right now, read for each scrape of the worker's /metrics and for the admin
// console's operations page: from the app tables (keeper transactions, webhook deliveries, payouts), the
// indexer's views (payments, balances, fees) and the chain (head, balances, pause). Every figure that is
// money stays a bigint until it is exported.
import { sql } from 'drizzle-orm';
import { type Address, erc20Abi, getAddress, type PublicClient, zeroAddress } from 'viem';
import { pmtEscrowAbi } from '../abis/index.js';
import type { ChainViews } from './chainViews.js';
import type { AnyDb } from './db/client.js';
import { readIndexedHead } from './finality.js';
import { oldestUnsweptDepositSeconds } from './paymentIntents/deposits.js';

export interface AppState {
  keeperTransactions: Record<string, number>;
  keeperReplaced: number;
  keeperPendingOldestSeconds: number;
  /** Upper bound: each mined transaction's gas at the highest fee its attempt offered. */
  keeperFeesPaidWei: bigint;
  webhookDeliveries: Record<string, number>;
  webhookOldestUndeliveredSeconds: number;
  /** Payouts the worker could not send at all. */
  payoutFailures: number;
}

export interface IndexedState {
  payments: Record<string, number>;
  intentsPaid: number;
  releaseOverdue: number;
  releaseOverdueOldestSeconds: number;
  indexedBlock?: bigint;
  /** Payouts the escrow could not push (`PayoutFailed`): the balance stays with the merchant. */
  payoutFailures: number;
  /** What the escrow owes per token (lowercase address): held payments, credited balances, unwithdrawn fees. */
  owed: Map<string, bigint>;
}

export interface DepositState {
  /** How long the oldest deposit due for a sweep has waited, in seconds; 0 when none. */
  unsweptOldestSeconds: number;
  /** Blocks between the indexer's head and the last block the deposit scanner walked; unset before it ran. */
  scanLagBlocks?: number;
}

export interface ChainState {
  head: bigint;
  keeperBalance: bigint;
  paused: boolean;
  /** The escrow's own balance of each token asked about. */
  escrowBalances: Map<string, bigint>;
}

const rows = async <T>(db: AnyDb, query: ReturnType<typeof sql>) =>
  (await db.execute<T & Record<string, unknown>>(query)).rows;

export async function readAppState(db: AnyDb, keeper: Address, chainId: number): Promise<AppState> {
  const [states, replaced, pending, fees, deliveries, undelivered, payouts] = await Promise.all([
    rows<{ state: string; n: number }>(
      db,
      sql`SELECT state, count(*)::int AS n FROM app.keeper_transaction
          WHERE keeper = ${keeper.toLowerCase()} AND chain_id = ${chainId} GROUP BY state`,
    ),
    rows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM app.keeper_attempt a JOIN app.keeper_transaction t ON t.id = a.transaction_id
          WHERE a.attempt > 1 AND t.chain_id = ${chainId}`,
    ),
    rows<{ age: number | null }>(
      db,
      sql`SELECT extract(epoch FROM now() - min(created_at))::float8 AS age FROM app.keeper_transaction
          WHERE state = 'pending' AND keeper = ${keeper.toLowerCase()} AND chain_id = ${chainId}`,
    ),
    rows<{ wei: string | null }>(
      db,
      sql`SELECT sum(t.gas_used * coalesce(a.gas_price, a.max_fee_per_gas))::text AS wei
          FROM app.keeper_transaction t JOIN app.keeper_attempt a ON a.hash = t.mined_hash
          WHERE t.keeper = ${keeper.toLowerCase()} AND t.chain_id = ${chainId} AND t.gas_used IS NOT NULL`,
    ),
    rows<{ state: string; n: number }>(
      db,
      sql`SELECT state, count(*)::int AS n FROM app.webhook_delivery GROUP BY state`,
    ),
    rows<{ age: number | null }>(
      db,
      sql`SELECT extract(epoch FROM now() - min(created_at))::float8 AS age FROM app.webhook_delivery WHERE state = 'pending'`,
    ),
    rows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM app.payout WHERE failure_reason IS NOT NULL AND chain_id = ${chainId}`,
    ),
  ]);
  return {
    keeperTransactions: Object.fromEntries(states.map((row) => [row.state, row.n])),
    keeperReplaced: replaced[0]?.n ?? 0,
    keeperPendingOldestSeconds: pending[0]?.age ?? 0,
    keeperFeesPaidWei: BigInt(fees[0]?.wei ?? 0),
    webhookDeliveries: Object.fromEntries(deliveries.map((row) => [row.state, row.n])),
    webhookOldestUndeliveredSeconds: undelivered[0]?.age ?? 0,
    payoutFailures: payouts[0]?.n ?? 0,
  };
}

/** One network's indexed state: its rows of the combined views, counted from its own indexer's head. */
export async function readIndexedState(
  db: AnyDb,
  { viewsSchema, networkViewsSchema, chainId }: { viewsSchema: string; networkViewsSchema: string; chainId: number },
): Promise<IndexedState> {
  const views = sql.identifier(viewsSchema);
  const head = await readIndexedHead(db, networkViewsSchema);
  // Overdue on the chain's clock, as the contract judges it: the indexer's last block time.
  const now = head?.timestamp ?? 0n;
  const [statuses, overdue, failedPayouts, owed] = await Promise.all([
    rows<{ status: string; n: number }>(
      db,
      sql`SELECT status, count(*)::int AS n FROM ${views}.payment WHERE chain_id = ${chainId} GROUP BY status`,
    ),
    rows<{ n: number; oldest: string | null }>(
      db,
      sql`SELECT count(*)::int AS n, (${now.toString()}::numeric - min(release_after))::text AS oldest
          FROM ${views}.payment
          WHERE chain_id = ${chainId} AND status = 'escrowed' AND release_after < ${now.toString()}::numeric`,
    ),
    rows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM ${views}.payout WHERE chain_id = ${chainId} AND kind = 'failed'`,
    ),
    rows<{ token: string; owed: string }>(
      db,
      sql`SELECT token, sum(owed)::text AS owed FROM (
            SELECT token, escrowed_amount - refunded_amount AS owed FROM ${views}.payment
              WHERE chain_id = ${chainId} AND status IN ('escrowed', 'disputed')
            UNION ALL SELECT token, available FROM ${views}.balance WHERE chain_id = ${chainId}
            UNION ALL SELECT token, available FROM ${views}.platform_fee WHERE chain_id = ${chainId}
          ) owed GROUP BY token`,
    ),
  ]);
  const payments = Object.fromEntries(statuses.map((row) => [row.status, row.n]));
  return {
    payments,
    intentsPaid: statuses.reduce((sum, row) => sum + row.n, 0),
    releaseOverdue: overdue[0]?.n ?? 0,
    releaseOverdueOldestSeconds: Number(overdue[0]?.oldest ?? 0),
    indexedBlock: head?.number,
    owed: new Map([[zeroAddress, 0n], ...owed.map((row) => [row.token.toLowerCase(), BigInt(row.owed)] as const)]),
    payoutFailures: failedPayouts[0]?.n ?? 0,
  };
}

export async function readChainState(
  chain: PublicClient,
  { escrow, keeper, tokens }: { escrow: Address; keeper: Address; tokens: string[] },
): Promise<ChainState> {
  const balanceOf = (token: string) =>
    token === zeroAddress
      ? chain.getBalance({ address: escrow })
      : chain.readContract({ address: getAddress(token), abi: erc20Abi, functionName: 'balanceOf', args: [escrow] });
  const [head, keeperBalance, paused, balances] = await Promise.all([
    chain.getBlockNumber({ cacheTime: 0 }),
    chain.getBalance({ address: keeper }),
    chain.readContract({ address: escrow, abi: pmtEscrowAbi, functionName: 'paused' }),
    Promise.all(tokens.map(async (token) => [token, await balanceOf(token)] as const)),
  ]);
  return { head, keeperBalance, paused, escrowBalances: new Map(balances) };
}

/** Where deposits by plain transfer stand on one chain: the scanner's progress and sweeps that are late. */
export async function readDepositState(
  db: AnyDb,
  views: ChainViews,
  { networkViewsSchema, chainId }: { networkViewsSchema: string; chainId: number },
): Promise<DepositState> {
  const head = await readIndexedHead(db, networkViewsSchema);
  if (!head) return { unsweptOldestSeconds: 0 };
  const [cursor] = await rows<{ block: string | null }>(
    db,
    sql`SELECT max(block_number)::text AS block FROM app.deposit_scan_cursor WHERE chain_id = ${chainId}`,
  );
  return {
    unsweptOldestSeconds: await oldestUnsweptDepositSeconds(db, views, head.timestamp, chainId),
    scanLagBlocks: cursor?.block == null ? undefined : Number(head.number - BigInt(cursor.block)),
  };
}
