// The bookkeeping the escrow's handlers share: the append-only event log, per-account balances and
// platform fees. The balance helpers mirror the contract's own (`_add`, `_takeAll`), and stop indexing
// with an error where the events contradict them rather than record a balance the contract cannot have.
import type { Context } from 'ponder:registry';
import { balance, escrowEvent, platformFee } from 'ponder:schema';
import type { Address, Hex } from 'viem';

/** The parts of a Ponder log event the ledger records. */
export interface LoggedEvent {
  id: string;
  /** Undefined for events without arguments. */
  args: object | undefined;
  block: { number: bigint; hash: Hex; timestamp: bigint };
  transaction: { hash: Hex };
  log: { logIndex: number; address: Address };
}

/** What an `escrow_event` row says the event is about, beyond its raw arguments. */
export interface EventSubject {
  paymentId?: Hex;
  merchant?: Address;
  account?: Address;
  token?: Address;
  amount?: bigint;
}

/** Appends the event to `escrow_event`, the chain-ordered log the webhook outbox reads. */
export async function appendEvent(context: Context, name: string, event: LoggedEvent, subject: EventSubject = {}) {
  await context.db.insert(escrowEvent).values({
    id: event.id,
    chainId: context.chain.id,
    name,
    paymentId: subject.paymentId ?? null,
    merchant: subject.merchant ?? null,
    account: subject.account ?? null,
    token: subject.token ?? null,
    amount: subject.amount ?? null,
    args: jsonArgs(event.args),
    blockNumber: event.block.number,
    blockHash: event.block.hash,
    blockTimestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  });
}

/** Adds to what `account` may withdraw in `token`. */
export async function credit(
  { db, chain }: Context,
  event: LoggedEvent,
  account: Address,
  token: Address,
  amount: bigint,
) {
  if (amount === 0n) return; // like the contract's `_add`: no zero-amount credit, so no row for nothing
  await db
    .insert(balance)
    .values({
      chainId: chain.id,
      account,
      token,
      available: amount,
      credited: amount,
      paidOut: 0n,
      withdrawn: 0n,
      ...stamp(event),
    })
    .onConflictDoUpdate((row) => ({
      available: row.available + amount,
      credited: row.credited + amount,
      ...stamp(event),
    }));
}

/** Empties `account`'s balance of `token`, as a keeper payout or the account's own withdrawal. */
export async function debit(
  { db }: Context,
  event: LoggedEvent,
  account: Address,
  token: Address,
  amount: bigint,
  how: 'paidOut' | 'withdrawn',
) {
  await db.update(balance, { account, token }).set((row) => ({
    available: takeAll(row.available, amount, `balance of ${account} in ${token}`),
    [how]: row[how] + amount,
    ...stamp(event),
  }));
}

/** Accrues platform fees in `token`. */
export async function accrueFee({ db, chain }: Context, event: LoggedEvent, token: Address, fee: bigint) {
  if (fee === 0n) return;
  await db
    .insert(platformFee)
    .values({ chainId: chain.id, token, available: fee, accrued: fee, withdrawn: 0n, updatedBlock: event.block.number })
    .onConflictDoUpdate((row) => ({
      available: row.available + fee,
      accrued: row.accrued + fee,
      updatedBlock: event.block.number,
    }));
}

/** Sends all accrued fees in `token` to the treasury. */
export async function withdrawFees({ db }: Context, event: LoggedEvent, token: Address, amount: bigint) {
  await db.update(platformFee, { token }).set((row) => ({
    available: takeAll(row.available, amount, `platform fees in ${token}`),
    withdrawn: row.withdrawn + amount,
    updatedBlock: event.block.number,
  }));
}

/** The contract always takes a whole balance (`_takeAll`); anything else means the index went wrong. */
function takeAll(available: bigint, taken: bigint, what: string): bigint {
  if (available !== taken) throw new Error(`${what}: ${taken} left the escrow, but ${available} was indexed`);
  return 0n;
}

function stamp(event: LoggedEvent) {
  return { updatedAt: event.block.timestamp, updatedBlock: event.block.number };
}

/** Event arguments as JSON: integers become decimal strings, so no amount loses precision. */
function jsonArgs(args: object | undefined): Record<string, string | boolean> {
  return Object.fromEntries(
    Object.entries(args ?? {}).map(([key, value]) => [key, typeof value === 'boolean' ? value : String(value)]),
  );
}
