// The deposit scanner: walks final blocks from a stored cursor and records every transfer into the deposit
// address of a watched intent (lib/depositAddress.ts, `payment_intent.deposit_address`): native value a
// successful transaction sent, any ERC-20's `Transfer` logs, and native value contracts sent (found in the
// balances of the addresses of intents still open). Each block's recipients are looked up among the
// intents, so that part of a step costs what the chain did, not how many intents there are. Ponder cannot
// follow these addresses: they are announced nowhere on chain, only in the app schema, so the worker
// watches them. Only final blocks are read (lib/finality.ts), so nothing recorded is ever reverted. One
// step is one transaction (the transfers, the `deposits__sweep` job and the exception events they call
// for, and the cursor), and each transfer's primary key (transaction, log) makes a replayed step record
// nothing twice. A transaction-scoped advisory lock lets one worker process at a time walk an escrow's
// blocks; the others skip.
import { and, eq, gt, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import { erc20Abi, getAddress, type PublicClient } from 'viem';
import type { Db, DbTransaction } from '../../lib/db/client.js';
import { depositScanCursor, depositTransfer, foreignDeposit, paymentIntent } from '../../lib/db/schema/index.js';
import { depositAddressOf } from '../../lib/depositAddress.js';
import { finalBlock, type IndexedHead, readIndexedHead } from '../../lib/finality.js';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import { enqueueRunNow } from '../../lib/jobQueue.js';
import { depositRefundOf, sweepable, UNKNOWN_SENDER } from '../../lib/paymentIntents/deposits.js';
import { signedIntentOf } from '../../lib/resources/paymentIntent.js';
import type { JobServices } from '../services.js';
import { announceDepositExceptions } from './events.js';

/** Blocks walked per step (each is one `eth_getBlockByNumber`). */
export const BLOCKS_PER_STEP = 20;

/** How long after its deadline an intent's deposit address is still watched. */
export const WATCH_AFTER_DEADLINE = sql`now() - interval '30 days'`;

/** Intents older than deposit addresses whose address a step computes and stores. */
const BACKFILL_PER_STEP = 500;

type NewTransfer = typeof depositTransfer.$inferInsert;

/** Stores transfers not stored yet (a replayed step stores nothing twice); returns those it stored. */
const record = async (tx: DbTransaction, transfers: NewTransfer[]) =>
  transfers.length === 0 ? [] : await tx.insert(depositTransfer).values(transfers).onConflictDoNothing().returning();

type NewForeignDeposit = typeof foreignDeposit.$inferInsert;

/** Stores wrong-network transfers not stored yet; returns those it stored. */
const recordForeign = async (tx: DbTransaction, transfers: NewForeignDeposit[]) =>
  transfers.length === 0 ? [] : await tx.insert(foreignDeposit).values(transfers).onConflictDoNothing().returning();

/** Stores the deposit address of watched intents created before deposit addresses existed. */
async function backfillDepositAddresses(tx: DbTransaction, chainId: number): Promise<void> {
  const older = await tx
    .select()
    .from(paymentIntent)
    .where(
      and(
        isNull(paymentIntent.depositAddress),
        eq(paymentIntent.chainId, chainId),
        gt(paymentIntent.deadline, WATCH_AFTER_DEADLINE),
      ),
    )
    .limit(BACKFILL_PER_STEP);
  for (const intent of older) {
    const domain = { chainId: intent.chainId, escrow: getAddress(intent.escrowAddress) };
    const depositAddress = depositAddressOf(domain, signedIntentOf({ intent })).toLowerCase();
    await tx.update(paymentIntent).set({ depositAddress }).where(eq(paymentIntent.id, intent.id));
  }
}

/** A watched deposit address: its intent, and whether that intent is another chain's. */
interface Watched {
  intentId: string;
  foreign: boolean;
}

/**
 * Which of `addresses` (lowercase) are deposit addresses of watched intents: this chain's, and another
 * chain's whose escrow sits at this chain's escrow's address (only there can `returnForeignDeposit` reach
 * what a buyer sent on the wrong network).
 */
async function watchedAmong(
  tx: DbTransaction,
  { chainId, escrowAddress }: { chainId: number; escrowAddress: string },
  addresses: Set<string>,
): Promise<Map<string, Watched>> {
  if (addresses.size === 0) return new Map();
  const rows = await tx
    .select({ id: paymentIntent.id, depositAddress: paymentIntent.depositAddress, chainId: paymentIntent.chainId })
    .from(paymentIntent)
    .where(
      and(
        inArray(paymentIntent.depositAddress, [...addresses]),
        or(
          eq(paymentIntent.chainId, chainId),
          and(ne(paymentIntent.chainId, chainId), eq(sql`lower(${paymentIntent.escrowAddress})`, escrowAddress)),
        ),
        gt(paymentIntent.deadline, WATCH_AFTER_DEADLINE),
      ),
    );
  return new Map(rows.map((row) => [row.depositAddress!, { intentId: row.id, foreign: row.chainId !== chainId }]));
}

/** Transfers into this chain's intents' deposit addresses, and into other chains' (`foreign`). */
interface Found {
  transfers: NewTransfer[];
  foreign: NewForeignDeposit[];
}

/** Files `transfer` under its intent: this chain's, or another's that it arrived on `chainId` for. */
function file(found: Found, watched: Watched, chainId: number, transfer: Omit<NewTransfer, 'paymentIntentId'>) {
  if (watched.foreign) found.foreign.push({ ...transfer, chainId, paymentIntentId: watched.intentId });
  else found.transfers.push({ ...transfer, paymentIntentId: watched.intentId });
}

/** Native value that successful transactions of blocks `from`…`to` sent straight to a watched address. */
async function nativeTransfers(
  tx: DbTransaction,
  chain: PublicClient,
  here: { chainId: number; escrowAddress: string },
  from: bigint,
  to: bigint,
) {
  const found: Found = { transfers: [], foreign: [] };
  const timestamps = new Map<bigint, Date>();
  for (let number = from; number <= to; number++) {
    const block = await chain.getBlock({ blockNumber: number, includeTransactions: true });
    const blockTimestamp = new Date(Number(block.timestamp) * 1000);
    timestamps.set(number, blockTimestamp);
    const paying = block.transactions.filter((transaction) => transaction.to && transaction.value > 0n);
    const intents = await watchedAmong(tx, here, new Set(paying.map((transaction) => transaction.to!.toLowerCase())));
    for (const transaction of paying) {
      const watched = intents.get(transaction.to!.toLowerCase());
      if (!watched) continue;
      const receipt = await chain.getTransactionReceipt({ hash: transaction.hash });
      if (receipt.status !== 'success') continue;
      file(found, watched, here.chainId, {
        token: NATIVE_TOKEN,
        sender: transaction.from.toLowerCase(),
        amount: transaction.value,
        transactionHash: transaction.hash,
        logIndex: -1,
        blockNumber: number,
        blockTimestamp,
      });
    }
  }
  return { found, timestamps };
}

/** Every ERC-20 `Transfer` of blocks `from`…`to` into a watched address, whatever the token. */
async function tokenTransfers(
  tx: DbTransaction,
  chain: PublicClient,
  here: { chainId: number; escrowAddress: string },
  { from, to, timestamps }: { from: bigint; to: bigint; timestamps: Map<bigint, Date> },
  found: Found,
): Promise<void> {
  const logs = await chain.getLogs({
    event: erc20Abi.find((item) => item.type === 'event' && item.name === 'Transfer')!,
    fromBlock: from,
    toBlock: to,
    // An ERC-721 `Transfer` has the same topic but indexes its third argument: not a deposit of value.
    strict: true,
  });
  const paying = logs.filter((log) => log.args.value > 0n);
  const intents = await watchedAmong(tx, here, new Set(paying.map((log) => log.args.to.toLowerCase())));
  for (const log of paying) {
    const watched = intents.get(log.args.to.toLowerCase());
    if (!watched) continue;
    file(found, watched, here.chainId, {
      token: log.address.toLowerCase(),
      sender: log.args.from.toLowerCase(),
      amount: log.args.value,
      transactionHash: log.transactionHash,
      logIndex: log.logIndex,
      blockNumber: log.blockNumber,
      blockTimestamp: timestamps.get(log.blockNumber)!,
    });
  }
}

/**
 * Native value that contracts sent (a Safe, a smart account, an exchange's batch): an internal call has no
 * transaction or log of its own, so it shows only in a balance. For each intent a sweep may still pay,
 * what its deposit address holds at block `to` beyond the native value recorded for it was sent that way;
 * it is recorded with no sender, and the block's hash as its transaction.
 */
async function contractNativeTransfers(
  tx: DbTransaction,
  { config, chain, views }: JobServices,
  head: IndexedHead,
  to: bigint,
): Promise<NewTransfer[]> {
  const recorded = sql<string>`(SELECT coalesce(sum(${depositTransfer.amount}), 0) FROM ${depositTransfer}
    WHERE ${depositTransfer.paymentIntentId} = ${paymentIntent.id} AND ${depositTransfer.token} = ${NATIVE_TOKEN})`;
  const open = await tx
    .select({ id: paymentIntent.id, depositAddress: paymentIntent.depositAddress, recorded })
    .from(paymentIntent)
    .where(
      and(
        eq(paymentIntent.chainId, config.chain.id),
        isNotNull(paymentIntent.depositAddress),
        sweepable(views, head.timestamp),
        // What a refund sent back would count as missing here.
        sql`NOT ${depositRefundOf(NATIVE_TOKEN)}`,
      ),
    );
  if (open.length === 0) return [];
  const block = await chain.getBlock({ blockNumber: to });
  const balances = await Promise.all(
    open.map((intent) => chain.getBalance({ address: getAddress(intent.depositAddress!), blockNumber: to })),
  );
  return open.flatMap((intent, at) => {
    const unexplained = balances[at]! - BigInt(intent.recorded);
    if (unexplained <= 0n) return [];
    return [
      {
        paymentIntentId: intent.id,
        token: NATIVE_TOKEN,
        sender: UNKNOWN_SENDER,
        amount: unexplained,
        transactionHash: block.hash,
        logIndex: -2,
        blockNumber: to,
        blockTimestamp: new Date(Number(block.timestamp) * 1000),
      },
    ];
  });
}

/**
 * One step of the scanner; resolves with whether more final blocks are waiting. The first step of an
 * escrow starts at the final block of the moment: no intent had a deposit address before.
 */
export async function depositScanStep(db: Db, services: JobServices): Promise<boolean> {
  const { config, chain } = services;
  const escrowAddress = config.escrowAddress.toLowerCase();
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ locked: boolean }>(
      sql`SELECT pg_try_advisory_xact_lock(hashtextextended(${`pmt-deposit-scan:${config.chain.id}:${escrowAddress}`}, 0)) AS locked`,
    );
    if (!rows[0]!.locked) return false;
    const head = await readIndexedHead(tx, config.networkViewsSchema);
    const final = await finalBlock(config.finality, head?.number, chain);
    if (!head || final === undefined) return false;
    const chainId = config.chain.id;
    const [cursor] = await tx
      .select()
      .from(depositScanCursor)
      .where(and(eq(depositScanCursor.chainId, chainId), eq(depositScanCursor.escrowAddress, escrowAddress)));
    const from = cursor ? cursor.blockNumber + 1n : final;
    if (from > final) return false;
    const to = from + BigInt(BLOCKS_PER_STEP) - 1n < final ? from + BigInt(BLOCKS_PER_STEP) - 1n : final;

    await backfillDepositAddresses(tx, chainId);
    const here = { chainId, escrowAddress };
    const { found, timestamps } = await nativeTransfers(tx, chain, here, from, to);
    await tokenTransfers(tx, chain, here, { from, to, timestamps }, found);
    const recorded = await record(tx, found.transfers);
    if ((await recordForeign(tx, found.foreign)).length > 0) {
      // Committed with them: sent back at once (deposits__return_foreign).
      await enqueueRunNow(tx, config.workerSchema, 'deposits__return_foreign');
    }
    // After the transfers that name their sender, so that only what those do not explain is left.
    recorded.push(...(await record(tx, await contractNativeTransfers(tx, services, head, to))));
    if (recorded.length > 0) {
      // Committed with the transfers: a deposit that completes an intent is swept at once, and one to a
      // closed intent goes back at once.
      await enqueueRunNow(tx, config.workerSchema, 'deposits__sweep');
      await enqueueRunNow(tx, config.workerSchema, 'deposits__return');
      const intentIds = [...new Set(recorded.map((transfer) => transfer.paymentIntentId))];
      await announceDepositExceptions(tx, services, intentIds, head, final);
    }
    await tx
      .insert(depositScanCursor)
      .values({ chainId, escrowAddress, blockNumber: to })
      .onConflictDoUpdate({
        target: [depositScanCursor.chainId, depositScanCursor.escrowAddress],
        set: { blockNumber: to, updatedAt: new Date() },
      });
    return to < final;
  });
}
