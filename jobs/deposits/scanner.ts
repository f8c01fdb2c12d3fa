// The deposit scanner: walks final blocks from a stored cursor and records every transfer into the deposit
// address of a watched intent (lib/depositAddress.ts): native value a successful transaction sent, and any
// ERC-20's `Transfer` logs. Ponder cannot follow these addresses: they are announced nowhere on chain, only
// in the app schema, so the worker watches them. Only final blocks are read (lib/finality.ts), so nothing
// recorded is ever reverted. One step is one transaction (the transfers, the `deposits__sweep` job and the
// exception events they call for, and the cursor), and each transfer's primary key (transaction, log) makes a replayed step
// record nothing twice. A transaction-scoped advisory lock lets one worker process at a time walk an
// escrow's blocks; the others skip.
import { and, eq, gt, sql } from 'drizzle-orm';
import { type Address, erc20Abi, getAddress, type PublicClient } from 'viem';
import type { Db, DbTransaction } from '../../lib/db/client.js';
import { depositScanCursor, depositTransfer, paymentIntent } from '../../lib/db/schema.js';
import { depositAddressOf } from '../../lib/depositAddress.js';
import { finalBlock, readIndexedHead } from '../../lib/finality.js';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import { enqueueJob, SWEEP_TASK } from '../../lib/jobQueue.js';
import { signedIntentOf } from '../../lib/resources/paymentIntent.js';
import type { JobServices } from '../services.js';
import { announceDepositExceptions } from './events.js';

/** Blocks walked per step (each is one `eth_getBlockByNumber` while intents are watched). */
export const BLOCKS_PER_STEP = 20;

/** How long after its deadline an intent's deposit address is still watched. */
const WATCH_AFTER_DEADLINE = '30 days';

/** Addresses per `eth_getLogs` filter: node providers cap the topics a filter may list. */
const ADDRESSES_PER_FILTER = 100;

type NewTransfer = typeof depositTransfer.$inferInsert;

/** Deposit address (lowercase) → intent id, for every intent the scanner watches. */
async function watchedDeposits(tx: DbTransaction, services: JobServices): Promise<Map<string, string>> {
  const { config } = services;
  const rows = await tx
    .select()
    .from(paymentIntent)
    .where(
      and(
        eq(paymentIntent.chainId, config.chain.id),
        sql`lower(${paymentIntent.escrowAddress}) = ${config.escrowAddress.toLowerCase()}`,
        gt(paymentIntent.deadline, sql`now() - ${WATCH_AFTER_DEADLINE}::interval`),
      ),
    );
  const domain = { chainId: config.chain.id, escrow: config.escrowAddress };
  return new Map(rows.map((intent) => [depositAddressOf(domain, signedIntentOf({ intent })).toLowerCase(), intent.id]));
}

/** Native value that successful transactions of blocks `from`…`to` sent straight to a watched address. */
async function nativeTransfers(chain: PublicClient, watched: Map<string, string>, from: bigint, to: bigint) {
  const transfers: NewTransfer[] = [];
  const timestamps = new Map<bigint, Date>();
  for (let number = from; number <= to; number++) {
    const block = await chain.getBlock({ blockNumber: number, includeTransactions: true });
    const blockTimestamp = new Date(Number(block.timestamp) * 1000);
    timestamps.set(number, blockTimestamp);
    for (const transaction of block.transactions) {
      const intentId = transaction.to && watched.get(transaction.to.toLowerCase());
      if (!intentId || transaction.value === 0n) continue;
      const receipt = await chain.getTransactionReceipt({ hash: transaction.hash });
      if (receipt.status !== 'success') continue;
      transfers.push({
        paymentIntentId: intentId,
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
  return { transfers, timestamps };
}

/** Every ERC-20 `Transfer` of blocks `from`…`to` into a watched address, whatever the token. */
async function tokenTransfers(
  chain: PublicClient,
  watched: Map<string, string>,
  from: bigint,
  to: bigint,
  timestamps: Map<bigint, Date>,
): Promise<NewTransfer[]> {
  const addresses = [...watched.keys()].map((address) => getAddress(address) as Address);
  const transfers: NewTransfer[] = [];
  for (let at = 0; at < addresses.length; at += ADDRESSES_PER_FILTER) {
    const logs = await chain.getLogs({
      event: erc20Abi.find((item) => item.type === 'event' && item.name === 'Transfer')!,
      args: { to: addresses.slice(at, at + ADDRESSES_PER_FILTER) },
      fromBlock: from,
      toBlock: to,
      // An ERC-721 `Transfer` has the same topic but indexes its third argument: not a deposit of value.
      strict: true,
    });
    for (const log of logs) {
      transfers.push({
        paymentIntentId: watched.get(log.args.to.toLowerCase())!,
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
  return transfers.filter((transfer) => transfer.amount !== 0n);
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
      sql`SELECT pg_try_advisory_xact_lock(hashtextextended(${`pmt-deposit-scan:${escrowAddress}`}, 0)) AS locked`,
    );
    if (!rows[0]!.locked) return false;
    const head = await readIndexedHead(tx, config.viewsSchema);
    const final = await finalBlock(config.finality, head?.number, chain);
    if (!head || final === undefined) return false;
    const [cursor] = await tx
      .select()
      .from(depositScanCursor)
      .where(eq(depositScanCursor.escrowAddress, escrowAddress));
    const from = cursor ? cursor.blockNumber + 1n : final;
    if (from > final) return false;
    const to = from + BigInt(BLOCKS_PER_STEP) - 1n < final ? from + BigInt(BLOCKS_PER_STEP) - 1n : final;

    const watched = await watchedDeposits(tx, services);
    if (watched.size > 0) {
      const { transfers, timestamps } = await nativeTransfers(chain, watched, from, to);
      transfers.push(...(await tokenTransfers(chain, watched, from, to, timestamps)));
      const recorded =
        transfers.length === 0
          ? []
          : await tx.insert(depositTransfer).values(transfers).onConflictDoNothing().returning();
      if (recorded.length > 0) {
        // Committed with the transfers: a deposit that completes an intent is swept at once.
        await enqueueJob(tx, config.workerSchema, SWEEP_TASK, {}, SWEEP_TASK);
        const intentIds = [...new Set(recorded.map((transfer) => transfer.paymentIntentId))];
        await announceDepositExceptions(tx, services, intentIds, head, final);
      }
    }
    await tx
      .insert(depositScanCursor)
      .values({ escrowAddress, blockNumber: to })
      .onConflictDoUpdate({ target: depositScanCursor.escrowAddress, set: { blockNumber: to, updatedAt: new Date() } });
    return to < final;
  });
}
