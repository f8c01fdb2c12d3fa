// Sweeps deposits into escrow: every intent whose deposit address had received at least its amount in its
// asset by its deadline (app.deposit_transfer, final blocks), that is not paid, not closed (canceled or
// announced expired) and still within the escrow's late-payment window (the sweep may come after the
// deadline; the deposit may not), gets one keeper `sweep(intent, signature, buyer)`, the buyer being the refund
// address the buyer gave at checkout, or else the first sender of its asset that the chain names (one that
// only contracts paid waits for the refund address). The deposit scanner runs this task as soon as such a
// transfer is recorded, and the crontab every minute after a sweep could not be sent. Sent at most once
// per intent: the keeper transaction carries the effect `sweep:<intent id>`, and the escrow refuses an id
// paid before.
import { and, asc, eq, sql } from 'drizzle-orm';
import { encodeFunctionData, getAddress, type Hex } from 'viem';
import { pmtEscrowAbi } from '../../abis/index.js';
import { keeperTransaction, paymentIntent } from '../../lib/db/schema/index.js';
import { readIndexedHead } from '../../lib/finality.js';
import { dueForSweep, firstSender } from '../../lib/paymentIntents/deposits.js';
import { signedIntentOf } from '../../lib/resources/paymentIntent.js';
import { EffectAlreadySent, KeeperCallRejected, type KeeperSession } from '../keeper/session.js';
import type { JobServices } from '../services.js';
import { withKeeper } from '../services.js';
import { jobTask } from '../task.js';

/** Sweeps sent per run; the next run takes the rest. */
const BATCH = 50;

/** A sweep's keeper effect is this and the intent's id. */
const SWEEP_EFFECT = 'sweep:';

async function dueIntents({ db }: KeeperSession, { config, views }: JobServices) {
  const head = await readIndexedHead(db, config.networkViewsSchema);
  if (!head) return [];
  const sweeping = sql`EXISTS (SELECT 1 FROM ${keeperTransaction}
    WHERE ${keeperTransaction.effect} = ${SWEEP_EFFECT} || ${paymentIntent.id} AND ${keeperTransaction.state} IN ('pending', 'mined'))`;
  return db
    .select({ intent: paymentIntent })
    .from(paymentIntent)
    .where(
      and(
        eq(paymentIntent.chainId, config.chain.id),
        sql`lower(${paymentIntent.escrowAddress}) = ${config.escrowAddress.toLowerCase()}`,
        dueForSweep(views, head.timestamp),
        sql`NOT ${sweeping}`,
      ),
    )
    .orderBy(asc(paymentIntent.deadline))
    .limit(BATCH);
}

export default jobTask('deposits__sweep', async (_payload, helpers, services) => {
  await withKeeper(helpers, services, async (keeper) => {
    await keeper.reconcile();
    for (const { intent } of await dueIntents(keeper, services)) {
      const buyer = getAddress((intent.refundAddress ?? (await firstSender(keeper.db, intent.id, intent.token)))!);
      try {
        await keeper.send({
          purpose: 'sweep',
          effect: `${SWEEP_EFFECT}${intent.id}`,
          payload: { paymentIntentId: intent.id, buyer },
          to: services.config.escrowAddress,
          data: encodeFunctionData({
            abi: pmtEscrowAbi,
            functionName: 'sweep',
            args: [signedIntentOf({ intent }), intent.signature as Hex, buyer],
          }),
        });
      } catch (err) {
        // Another run sent it meanwhile; or the escrow would refuse it now (paused, the deposit returned
        // in part): the next run tries again.
        if (err instanceof EffectAlreadySent) continue;
        if (!(err instanceof KeeperCallRejected)) throw err;
        helpers.logger.warn(`sweep of ${intent.id} not sent: ${err.reason}`);
      }
    }
  });
});
