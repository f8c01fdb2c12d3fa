// Pays merchants out on their schedule: for every merchant whose schedule is due (instant: every run;
// daily, weekly, monthly: no payout in the last day, week or month, in whole hours) and whose available balance of an
// asset, over all its payout addresses, is at least its minimum for that asset, each of those addresses
// with a balance gets a payout object and goes into one `payout(token, accounts)` batch per token, except
// an address whose last push failed, until it withdraws.
// Payout objects are written before the batch is sent and linked to its keeper transaction after; a
// worker that died in between leaves objects that the next run links to the transaction it finds
// carrying them, or sends if there is none.
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { type Address, encodeFunctionData, getAddress } from 'viem';
import { pmtEscrowAbi } from '../../abis/index.js';
import { keeperTransaction, merchant, merchantWallet, payout } from '../../lib/db/schema/index.js';
import { emitEvent } from '../../lib/events.js';
import { readIndexedHead } from '../../lib/finality.js';
import { NATIVE_TOKEN } from '../../lib/intent.js';
import { findPayout } from '../../lib/payouts.js';
import { newId } from '../../lib/randomToken.js';
import { toPayout } from '../../lib/resources/payout.js';
import { KeeperCallRejected, type KeeperSession } from '../keeper/session.js';
import type { JobServices } from '../services.js';
import { withKeeper } from '../services.js';
import { jobTask } from '../task.js';

/** Accounts per `payout` transaction: well inside a block's gas at the escrow's bounded pushes. */
export const PAYOUT_BATCH_SIZE = 100;

/** The payout transactions' payload: which payout objects they carry. */
export interface PayoutPayload {
  payoutIds: string[];
}

type PayoutRow = typeof payout.$inferSelect;

const carrying = (id: unknown) => sql`${keeperTransaction.payload} -> 'payoutIds' @> to_jsonb(${id}::text)`;

/**
 * This chain's payout objects written but not linked to a transaction: linked to the one carrying them, if
 * any. Another chain's are that chain's run's to send, with its own keeper and escrow.
 */
async function unsentPayouts({ db }: KeeperSession, chainId: number) {
  const unlinked = await db
    .select()
    .from(payout)
    .where(and(eq(payout.chainId, chainId), isNull(payout.keeperTransactionId), isNull(payout.failureReason)));
  const unsent = [];
  for (const row of unlinked) {
    const [sent] = await db
      .select({ id: keeperTransaction.id })
      .from(keeperTransaction)
      .where(and(eq(keeperTransaction.purpose, 'payout'), carrying(row.id)))
      .limit(1);
    if (sent) await db.update(payout).set({ keeperTransactionId: sent.id }).where(eq(payout.id, row.id));
    else unsent.push(row);
  }
  return unsent;
}

/** New payout objects for every due merchant's balances, written and returned (not yet sent). */
async function duePayouts({ db }: KeeperSession, { config, views: { balance, payout: pushed } }: JobServices) {
  const head = await readIndexedHead(db, config.networkViewsSchema);
  if (!head) return [];
  // Balances, payouts and schedules of this chain only: the views hold every indexed network's.
  const chainId = config.chain.id;
  const period = sql`CASE ${merchant.payoutSchedule} WHEN 'daily' THEN interval '1 day'
    WHEN 'weekly' THEN interval '7 days' WHEN 'monthly' THEN interval '1 month' END`;
  // In whole hours, as the runs are hourly: a payout is written a moment after its run began, so compared
  // to the second, the run a period later would find it too recent, and the schedule would slip an hour.
  const paidRecently = sql`EXISTS (SELECT 1 FROM ${payout} WHERE ${payout.merchantId} = ${merchant.id}
    AND ${payout.chainId} = ${chainId} AND ${payout.failureReason} IS NULL
    AND date_trunc('hour', ${payout.createdAt}) > date_trunc('hour', now()) - ${period})`;
  // A payout of the same balance still on its way: unsent, pending, or mined but not yet indexed.
  const onItsWay = sql`EXISTS (SELECT 1 FROM ${payout} LEFT JOIN ${keeperTransaction}
      ON ${keeperTransaction.id} = ${payout.keeperTransactionId}
    WHERE ${payout.chainId} = ${chainId} AND ${payout.destination} = ${balance.account}
      AND ${payout.token} = ${balance.token} AND ${payout.failureReason} IS NULL
      AND (${keeperTransaction.id} IS NULL OR ${keeperTransaction.state} = 'pending'
        OR (${keeperTransaction.state} = 'mined' AND ${keeperTransaction.blockNumber} > ${head.number})))`;
  // An address whose last push failed (its code refuses what a push sends, or burns the gas it is given)
  // is left out: every batch it is in would pay for its failure again. Once it withdraws (or is paid some
  // other way) it is back; its merchant can also move its payouts to another wallet.
  const pushFailing = sql`EXISTS (SELECT 1 FROM ${pushed} AS failed
    WHERE failed.chain_id = ${chainId} AND failed.account = ${balance.account} AND failed.token = ${balance.token}
      AND failed.kind = 'failed'
      AND NOT EXISTS (SELECT 1 FROM ${pushed} AS later WHERE later.chain_id = failed.chain_id
        AND later.account = failed.account
        AND later.token = failed.token AND later.kind <> 'failed' AND later.id > failed.id))`;
  const balances = await db
    .select({
      merchantId: merchant.id,
      minimums: merchant.minimumPayouts,
      account: balance.account,
      token: balance.token,
      available: balance.available,
    })
    .from(balance)
    .innerJoin(merchantWallet, eq(sql`lower(${merchantWallet.address})`, balance.account))
    .innerJoin(merchant, eq(merchant.id, merchantWallet.merchantId))
    .where(
      and(
        eq(balance.chainId, chainId),
        gt(balance.available, 0n),
        sql`(${merchant.payoutSchedule} = 'instant' OR NOT ${paidRecently})`,
        sql`NOT ${onItsWay}`,
        sql`NOT ${pushFailing}`,
      ),
    )
    .orderBy(asc(merchant.id), asc(balance.token), asc(balance.account));
  const totals = new Map<string, bigint>();
  const key = (row: (typeof balances)[number]) => `${row.merchantId}/${row.token}`;
  for (const row of balances) totals.set(key(row), (totals.get(key(row)) ?? 0n) + row.available);
  const due = balances.filter((row) => {
    const minimum = row.minimums[row.token === NATIVE_TOKEN ? 'native' : row.token] ?? '0';
    return totals.get(key(row))! >= BigInt(minimum);
  });
  if (due.length === 0) return [];
  return db
    .insert(payout)
    .values(
      due.map((row) => ({
        id: newId('po'),
        chainId,
        merchantId: row.merchantId,
        destination: row.account,
        token: row.token,
        expectedAmount: row.available,
      })),
    )
    .returning();
}

/** Fails payouts that could not be sent (their balances stay available), telling each merchant. */
async function fail(keeper: KeeperSession, { config, views }: JobServices, rows: PayoutRow[], reason: string) {
  await keeper.db.transaction(async (tx) => {
    await tx
      .update(payout)
      .set({ failureReason: reason })
      .where(
        inArray(
          payout.id,
          rows.map((row) => row.id),
        ),
      );
    for (const row of rows) {
      const shown = await findPayout(tx, views, row.merchantId, row.id);
      await emitEvent(tx, config.workerSchema, {
        merchantId: row.merchantId,
        type: 'payout.failed',
        livemode: config.livemode,
        source: `payout:${row.id}:failed`,
        object: toPayout(shown!, config.chains),
      });
    }
  });
}

/** Sends `payouts` in batches per token; a batch the escrow would refuse fails its payouts. */
async function send(keeper: KeeperSession, services: JobServices, payouts: PayoutRow[]) {
  const { config } = services;
  const tokens = [...new Set(payouts.map((row) => row.token))];
  for (const token of tokens) {
    const rows = payouts.filter((row) => row.token === token);
    for (let i = 0; i < rows.length; i += PAYOUT_BATCH_SIZE) {
      const batch = rows.slice(i, i + PAYOUT_BATCH_SIZE);
      const payload: PayoutPayload = { payoutIds: batch.map((row) => row.id) };
      const carried = inArray(payout.id, payload.payoutIds);
      try {
        const sent = await keeper.send({
          purpose: 'payout',
          payload: { ...payload },
          to: config.escrowAddress,
          data: encodeFunctionData({
            abi: pmtEscrowAbi,
            functionName: 'payout',
            args: [getAddress(token) as Address, batch.map((row) => getAddress(row.destination))],
          }),
        });
        await keeper.db.update(payout).set({ keeperTransactionId: sent.id }).where(carried);
      } catch (err) {
        if (!(err instanceof KeeperCallRejected)) throw err;
        await fail(keeper, services, batch, err.reason);
      }
    }
  }
}

export default jobTask('payouts__run', async (_payload, helpers, services) => {
  await withKeeper(helpers, services, async (keeper) => {
    await keeper.reconcile();
    const payouts = [
      ...(await unsentPayouts(keeper, services.config.chain.id)),
      ...(await duePayouts(keeper, services)),
    ];
    await send(keeper, services, payouts);
    helpers.logger.info(`sent ${payouts.length} payouts`);
  });
});
