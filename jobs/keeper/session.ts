// Every transaction the keeper sends goes through a session: one PostgreSQL advisory lock per keeper and
// chain, held on the session's connection, so across all worker processes one session at a time signs
// with the keeper's key (one nonce sequence, no two replicas racing for a nonce). A process that dies
// drops its connection, and PostgreSQL frees the lock at once.
//
// Write-ahead: a transaction is signed, recorded (app.keeper_transaction and its first keeper_attempt,
// committed) and only then broadcast. A crash at any point leaves either nothing (before the record: no
// node ever saw it) or a record that `reconcile` settles against the chain by nonce and hash: mined,
// reverted, taken by a transaction the gateway did not send, or not yet seen by the node (broadcast
// again), or stuck (replaced at the same nonce with higher fees, and after the last attempt taken back
// with a 0-value transaction to the keeper itself). An effect that must not happen twice (a refund)
// carries an `effect` key that a unique index lets only one pending or mined transaction hold.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type pg from 'pg';
import {
  type Address,
  BaseError,
  decodeErrorResult,
  type Hex,
  HttpRequestError,
  isHex,
  keccak256,
  type LocalAccount,
  type PublicClient,
  TimeoutError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
} from 'viem';
import { pmtDepositForwarderAbi, pmtEscrowAbi } from '../../abis/index.js';
import { appDb, type ClientDb } from '../../lib/db/client.js';
import { type KeeperPurpose, keeperAttempt, keeperTransaction } from '../../lib/db/schema/index.js';
import { type Finality, finalBlock } from '../../lib/finality.js';
import { newId } from '../../lib/randomToken.js';
import type { KeeperConfig, KeeperFault } from '../config.js';
import { bumpedFees, cappedFees, currentFees, type Fees, paysMore, withGasMargin } from './fees.js';

/** What a job asks the keeper to send. */
export interface KeeperCall {
  purpose: KeeperPurpose;
  /** Set when sending it twice would be wrong (`refund:re_…`). */
  effect?: string;
  /** The job's description of the call, kept with the record. */
  payload: Record<string, unknown>;
  to: Address;
  data: Hex;
  value?: bigint;
}

export interface SentTransaction {
  id: string;
  hash: Hex;
  nonce: number;
}

/** The call would revert (its gas estimate failed) or the node refused it: nothing was sent. */
export class KeeperCallRejected extends Error {
  constructor(
    readonly call: KeeperCall,
    readonly reason: string,
  ) {
    super(`the keeper's ${call.purpose} transaction was not sent: ${reason}`);
  }
}

/** Another transaction for the same effect is pending or mined. */
export class EffectAlreadySent extends Error {
  constructor(readonly effect: string) {
    super(`a keeper transaction for ${effect} is already pending or mined`);
  }
}

export interface KeeperContext {
  config: KeeperConfig;
  account: LocalAccount;
  client: PublicClient;
  chainId: number;
  /** When a block is final on the chain: a transaction is settled as mined only once its block is. */
  finality: Finality;
  log: { info(message: string): void; warn(message: string): void };
}

export interface KeeperSession {
  /** The app schema over the session's connection: every statement commits on its own. */
  db: ClientDb;
  /** Settles or re-sends every pending transaction of the keeper; run before sending. */
  reconcile(): Promise<void>;
  /** Signs, records and broadcasts `call` at the keeper's next nonce. */
  send(call: KeeperCall): Promise<SentTransaction>;
}

/** How long a session waits for another process's session on the same keeper before its job retries. */
const LOCK_WAIT_MS = 30_000;
const LOCK_POLL_MS = 100;

/** Runs `use` holding the keeper's lock on `client` (a connection of the worker's pool). */
export async function withKeeperSession<T>(
  client: pg.PoolClient,
  context: KeeperContext,
  use: (session: KeeperSession) => Promise<T>,
): Promise<T> {
  const lockName = `pmt-keeper:${context.chainId}:${context.account.address.toLowerCase()}`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
      [lockName],
    );
    if (rows[0]!.locked) break;
    if (Date.now() > deadline) throw new Error(`the keeper is busy in another session for over ${LOCK_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
  try {
    return await use(keeperSession(client, context));
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName]);
  }
}

type AttemptRow = typeof keeperAttempt.$inferSelect;
type TransactionRow = typeof keeperTransaction.$inferSelect;

const feesOf = (attempt: AttemptRow): Fees =>
  attempt.gasPrice !== null
    ? { type: 'legacy', gasPrice: attempt.gasPrice }
    : { type: 'eip1559', maxFeePerGas: attempt.maxFeePerGas!, maxPriorityFeePerGas: attempt.maxPriorityFeePerGas! };

const feeColumns = (fees: Fees) =>
  fees.type === 'legacy'
    ? { gasPrice: fees.gasPrice, maxFeePerGas: null, maxPriorityFeePerGas: null }
    : { gasPrice: null, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas };

/** The node refused a transaction outright: it was never in its pool, and its nonce is still free. */
class BroadcastRejected extends Error {}

const errorMessage = (err: unknown) =>
  (err as { shortMessage?: string }).shortMessage ?? (err instanceof Error ? err.message : String(err));

/** The escrow's custom error in a failed call, as `Name(arg, …)`, when the node returned one. */
function revertReason(err: unknown): string | undefined {
  // The node's JSON-RPC error carries the revert data, somewhere down viem's chain of causes.
  const hasData = (e: unknown) => isHex((e as { data?: unknown }).data);
  const withData = err instanceof BaseError ? err.walk(hasData) : undefined;
  const data = (withData as { data?: Hex } | undefined)?.data;
  if (data === undefined) return undefined;
  try {
    // The escrow's errors, and its deposit forwarders' (a sweep of a deposit address that holds too little).
    const { errorName, args } = decodeErrorResult({ abi: [...pmtEscrowAbi, ...pmtDepositForwarderAbi], data });
    return `the escrow refused it: ${errorName}(${(args ?? []).map(String).join(', ')})`;
  } catch {
    return undefined;
  }
}

/** The lowest pg error with a code, through drizzle's wrapping. */
function pgErrorOf(err: unknown): { code?: string; constraint?: string } | undefined {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string') return e;
  }
  return undefined;
}

function keeperSession(client: pg.PoolClient, context: KeeperContext): KeeperSession {
  const db = appDb(client);
  const { account, config, log } = context;
  const chain = context.client;
  const keeper = account.address.toLowerCase();

  function crashAt(point: KeeperFault) {
    if (config.fault === point) {
      log.warn(`KEEPER_FAULT=${point}: killing this worker`);
      process.kill(process.pid, 'SIGKILL');
    }
  }

  async function sign(nonce: number, call: { to: Address; data: Hex; value: bigint }, gas: bigint, fees: Fees) {
    const raw = await account.signTransaction({
      chainId: context.chainId,
      nonce,
      gas,
      to: call.to,
      data: call.data,
      value: call.value,
      ...(fees.type === 'legacy'
        ? { type: 'legacy', gasPrice: fees.gasPrice }
        : { type: 'eip1559', maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas }),
    });
    return { raw, hash: keccak256(raw) };
  }

  async function broadcast(attempt: Pick<AttemptRow, 'transactionId' | 'attempt' | 'raw'>) {
    try {
      await chain.sendRawTransaction({ serializedTransaction: attempt.raw as Hex });
    } catch (err) {
      const message = errorMessage(err);
      // Unreachable node: it may or may not have it; the next reconcile asks. A pool that already has it,
      // or a nonce already used, is settled by reconcile too.
      const unsure =
        err instanceof HttpRequestError ||
        err instanceof TimeoutError ||
        /already known|known transaction|already imported|nonce too low/i.test(message);
      if (!unsure) throw new BroadcastRejected(message);
      log.warn(`keeper transaction ${attempt.transactionId} attempt ${attempt.attempt} not confirmed sent: ${message}`);
      return;
    }
    await db
      .update(keeperAttempt)
      .set({ broadcastAt: new Date() })
      .where(and(eq(keeperAttempt.transactionId, attempt.transactionId), eq(keeperAttempt.attempt, attempt.attempt)));
  }

  async function pendingTransactions() {
    const transactions = await db
      .select()
      .from(keeperTransaction)
      .where(
        and(
          eq(keeperTransaction.keeper, keeper),
          eq(keeperTransaction.chainId, context.chainId),
          eq(keeperTransaction.state, 'pending'),
        ),
      )
      .orderBy(asc(keeperTransaction.nonce));
    if (transactions.length === 0) return [];
    const attempts = await db
      .select()
      .from(keeperAttempt)
      .where(
        inArray(
          keeperAttempt.transactionId,
          transactions.map((t) => t.id),
        ),
      )
      .orderBy(asc(keeperAttempt.attempt));
    return transactions.map((transaction) => ({
      transaction,
      attempts: attempts.filter((a) => a.transactionId === transaction.id),
    }));
  }

  async function receiptOf(hash: string) {
    try {
      return await chain.getTransactionReceipt({ hash: hash as Hex });
    } catch (err) {
      if (err instanceof TransactionReceiptNotFoundError) return undefined;
      throw err;
    }
  }

  async function nodeKnows(hash: string) {
    try {
      await chain.getTransaction({ hash: hash as Hex });
      return true;
    } catch (err) {
      if (err instanceof TransactionNotFoundError) return false;
      throw err;
    }
  }

  async function settle(
    transaction: Pick<TransactionRow, 'id' | 'purpose' | 'nonce'>,
    values: Partial<TransactionRow>,
  ) {
    await db
      .update(keeperTransaction)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(keeperTransaction.id, transaction.id));
    log.info(
      `keeper transaction ${transaction.id} (${transaction.purpose}, nonce ${transaction.nonce}): ${values.state}`,
    );
  }

  /** Sends `last`'s nonce again with higher fees: the same call, or after the last attempt a cancel. */
  async function replace(transaction: TransactionRow, last: AttemptRow, attemptCount: number) {
    const cancel = attemptCount >= config.maxAttempts;
    if (cancel && last.cancel) return; // already taken back; waiting for it to be mined
    const fees = cappedFees(bumpedFees(feesOf(last), await currentFees(chain)), config.maxFeePerGas);
    if (!paysMore(fees, feesOf(last))) {
      log.warn(`keeper transaction ${transaction.id} is stuck at the KEEPER_MAX_FEE_PER_GAS cap; not replacing it`);
      return;
    }
    const call = cancel
      ? { to: account.address, data: '0x' as Hex, value: 0n }
      : { to: transaction.to as Address, data: transaction.data as Hex, value: transaction.value };
    const gas = cancel ? 21_000n : last.gasLimit;
    const { raw, hash } = await sign(transaction.nonce, call, gas, fees);
    const attempt = { transactionId: transaction.id, attempt: last.attempt + 1, cancel, hash, raw, gasLimit: gas };
    await db.insert(keeperAttempt).values({ ...attempt, ...feeColumns(fees) });
    try {
      await broadcast(attempt);
      log.info(
        `keeper transaction ${transaction.id} ${cancel ? 'taken back' : 'replaced'} at nonce ${transaction.nonce}: attempt ${attempt.attempt}, ${hash}`,
      );
    } catch (err) {
      if (!(err instanceof BroadcastRejected)) throw err;
      // Never in any pool: the attempt does not exist, and the earlier ones stand.
      await db
        .delete(keeperAttempt)
        .where(and(eq(keeperAttempt.transactionId, transaction.id), eq(keeperAttempt.attempt, attempt.attempt)));
      log.warn(`keeper transaction ${transaction.id}: the node refused its replacement: ${err.message}`);
    }
  }

  async function reconcile() {
    const open = await pendingTransactions();
    if (open.length === 0) return;
    // Read before the receipts: a nonce below it with none of our attempts mined was used by someone else.
    const usedNonces = await chain.getTransactionCount({ address: account.address, blockTag: 'latest' });
    const final = await finalBlock(context.finality, await chain.getBlockNumber({ cacheTime: 0 }), chain);
    for (const { transaction, attempts } of open) {
      let mined: { attempt: AttemptRow; receipt: NonNullable<Awaited<ReturnType<typeof receiptOf>>> } | undefined;
      for (const attempt of attempts) {
        const receipt = await receiptOf(attempt.hash);
        if (receipt) mined = { attempt, receipt };
      }
      // Mined, but a reorg may still take it back, its nonce with it: settled once its block is final, or
      // the next nonces would wait forever behind one the records call used.
      if (mined && (final === undefined || mined.receipt.blockNumber > final)) continue;
      if (mined) {
        const { attempt, receipt } = mined;
        const outcome = attempt.cancel
          ? {
              state: 'failed' as const,
              error: `not mined after ${attempt.attempt - 1} attempts; nonce ${transaction.nonce} was taken back with a 0-value transaction`,
            }
          : receipt.status === 'success'
            ? { state: 'mined' as const }
            : { state: 'reverted' as const, error: 'reverted on chain' };
        await settle(transaction, {
          ...outcome,
          minedHash: attempt.hash,
          blockNumber: receipt.blockNumber,
          gasUsed: receipt.gasUsed,
        });
        continue;
      }
      if (transaction.nonce < usedNonces) {
        await settle(transaction, {
          state: 'failed',
          error: `nonce ${transaction.nonce} was used by a transaction this gateway did not send`,
        });
        continue;
      }
      const last = attempts.at(-1)!;
      if (last.broadcastAt === null || !(await nodeKnows(last.hash))) {
        await broadcast(last);
      } else if (Date.now() - last.broadcastAt.getTime() > config.replaceAfterMs) {
        await replace(transaction, last, attempts.length);
      }
    }
  }

  async function nextNonce() {
    const [pendingAtNode, open] = await Promise.all([
      chain.getTransactionCount({ address: account.address, blockTag: 'pending' }),
      pendingTransactions(),
    ]);
    const afterOpen = open.length > 0 ? open.at(-1)!.transaction.nonce + 1 : 0;
    return Math.max(pendingAtNode, afterOpen);
  }

  async function send(call: KeeperCall): Promise<SentTransaction> {
    const value = call.value ?? 0n;
    let gas: bigint;
    try {
      gas = withGasMargin(await chain.estimateGas({ account: account.address, to: call.to, data: call.data, value }));
    } catch (err) {
      throw new KeeperCallRejected(call, revertReason(err) ?? errorMessage(err));
    }
    const fees = cappedFees(await currentFees(chain), config.maxFeePerGas);
    const nonce = await nextNonce();
    const { raw, hash } = await sign(nonce, { to: call.to, data: call.data, value }, gas, fees);
    crashAt('after-sign');
    const id = newId('ktx');
    try {
      await db.transaction(async (tx) => {
        await tx.insert(keeperTransaction).values({
          id,
          keeper,
          chainId: context.chainId,
          purpose: call.purpose,
          effect: call.effect ?? null,
          payload: call.payload,
          to: call.to,
          data: call.data,
          value,
          nonce,
        });
        await tx
          .insert(keeperAttempt)
          .values({ transactionId: id, attempt: 1, hash, raw, gasLimit: gas, ...feeColumns(fees) });
      });
    } catch (err) {
      if (call.effect && pgErrorOf(err)?.code === '23505') throw new EffectAlreadySent(call.effect);
      throw err;
    }
    crashAt('after-record');
    try {
      await broadcast({ transactionId: id, attempt: 1, raw });
    } catch (err) {
      if (!(err instanceof BroadcastRejected)) throw err;
      await settle({ id, purpose: call.purpose, nonce }, { state: 'failed', error: err.message });
      throw new KeeperCallRejected(call, err.message);
    }
    crashAt('after-broadcast');
    log.info(`keeper transaction ${id} (${call.purpose}) sent at nonce ${nonce}: ${hash}`);
    return { id, hash, nonce };
  }

  return { db, reconcile, send };
}
