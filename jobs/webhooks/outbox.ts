// The webhook outbox: walks the indexed escrow events in chain order from a stored cursor, only those in
// final blocks (lib/finality.ts), and turns each into the merchant's events (lib/events.ts), which record
// their deliveries and jobs. One step is one transaction: events, deliveries, jobs and the cursor commit
// together or not at all, and each event's unique `source` makes a replayed step create nothing. A
// transaction-scoped advisory lock lets one worker process at a time walk a deployment; the others skip.
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Hex, PublicClient } from 'viem';
import type { ChainViews } from '../../lib/chainViews.js';
import type { Db, DbTransaction } from '../../lib/db/client.js';
import {
  keeperAttempt,
  merchantWallet,
  outboxCursor,
  paymentIntent,
  payout,
  refund,
} from '../../lib/db/schema/index.js';
import { type EventType, emitEvent, type NewEvent } from '../../lib/events.js';
import { finalBlock, readIndexedHead } from '../../lib/finality.js';
import { closedReason } from '../../lib/paymentIntents/closed.js';
import { selectIntents } from '../../lib/paymentIntents/query.js';
import { findPayout } from '../../lib/payouts.js';
import { selectRefunds } from '../../lib/refunds.js';
import type { NetworksById } from '../../lib/resources/chainFact.js';
import {
  contextAtHead,
  type ResourceContext,
  statusClockOf,
  toPaymentIntent,
} from '../../lib/resources/paymentIntent.js';
import { toPayout } from '../../lib/resources/payout.js';
import { toRefund } from '../../lib/resources/refund.js';
import type { JobServices } from '../services.js';
import { type StepLoop, startStepLoop } from '../stepLoop.js';
import { refundClosedIntentPayment } from './closedIntentPayment.js';

/** Escrow events read per step. */
const STEP_SIZE = 200;

type EscrowEventRow = Awaited<ReturnType<typeof finalEscrowEvents>>[number];

interface StepContext extends ResourceContext {
  tx: DbTransaction;
  views: ChainViews;
  /** The chain walked. */
  chainId: number;
  /** Every network's, for the objects' `network`. */
  networks: NetworksById;
  workerSchema: string;
  livemode: boolean;
}

function finalEscrowEvents(
  tx: DbTransaction,
  { escrowEvent }: ChainViews,
  chainId: number,
  after: string,
  final: bigint,
) {
  return tx
    .select()
    .from(escrowEvent)
    .where(and(eq(escrowEvent.chainId, chainId), gt(escrowEvent.id, after), lte(escrowEvent.blockNumber, final)))
    .orderBy(asc(escrowEvent.id))
    .limit(STEP_SIZE);
}

/** The payment intent of an escrow payment as the API shows it now, with its merchant; undefined if not ours. */
async function intentObject(context: StepContext, paymentId: string) {
  const [row] = await selectIntents(context.tx, context.views, statusClockOf(context)).query.where(
    and(eq(paymentIntent.chainId, context.chainId), eq(paymentIntent.paymentId, paymentId)),
  );
  if (!row) return undefined;
  return {
    row,
    event: { merchantId: row.intent.merchantId, livemode: row.intent.livemode, object: toPaymentIntent(row, context) },
  };
}

/**
 * The event type of a payment's escrow event; `closed` when its intent was canceled or expired before the
 * payment came: such a payment is never one to fulfil, so it is told about only once it went back.
 */
const PAYMENT_EVENTS: Record<string, (row: EscrowEventRow, closed: boolean) => EventType | undefined> = {
  PaymentEscrowed: (_row, closed) => (closed ? undefined : 'payment_intent.succeeded'),
  PaymentReleased: () => 'payment_intent.released',
  PaymentRefunded: (row, closed) => {
    if (row.args.remaining !== '0') return 'payment_intent.partially_refunded';
    return closed ? 'payment_intent.payment_refunded' : 'payment_intent.refunded';
  },
  DisputeOpened: () => 'payment_intent.disputed',
  DisputeResolved: () => 'payment_intent.dispute_resolved',
  DisputeExpired: () => 'payment_intent.dispute_resolved',
};

/** The escrow events that become events of the payment's intent, for the merchant. */
export const paymentEventNames: readonly string[] = Object.keys(PAYMENT_EVENTS);

/**
 * The refund a `PaymentRefunded`, `DepositReturned` or `ForeignDepositReturned` log settles: the one whose
 * keeper transaction sent it (a wrong-network deposit's return names no payment of this chain).
 */
async function refundEvent(context: StepContext, row: EscrowEventRow): Promise<NewEvent | undefined> {
  const [sent] = await context.tx
    .select({ id: refund.id, merchantId: refund.merchantId, livemode: refund.livemode })
    .from(refund)
    .innerJoin(keeperAttempt, eq(keeperAttempt.transactionId, refund.keeperTransactionId))
    .innerJoin(paymentIntent, eq(paymentIntent.id, refund.paymentIntentId))
    .where(
      row.name === 'ForeignDepositReturned'
        ? and(eq(keeperAttempt.hash, row.transactionHash), eq(refund.chainId, row.chainId))
        : and(
            eq(keeperAttempt.hash, row.transactionHash),
            eq(paymentIntent.chainId, row.chainId),
            eq(paymentIntent.paymentId, row.paymentId!),
          ),
    );
  if (!sent) return undefined;
  const [shown] = await selectRefunds(context.tx, context.views).query.where(eq(refund.id, sent.id));
  return {
    merchantId: sent.merchantId,
    type: 'refund.succeeded',
    livemode: sent.livemode,
    source: `escrow:${row.id}:refund.succeeded`,
    object: toRefund(shown!, context.networks),
  };
}

/** A push to a merchant's address: the gateway's payout object if it sent it, else the chain's own record. */
async function payoutEvent(context: StepContext, row: EscrowEventRow): Promise<NewEvent | undefined> {
  const [wallet] = await context.tx
    .select({ merchantId: merchantWallet.merchantId })
    .from(merchantWallet)
    .where(eq(sql`lower(${merchantWallet.address})`, row.account!));
  if (!wallet) return undefined;
  const [sent] = await context.tx
    .select({ id: payout.id })
    .from(payout)
    .innerJoin(keeperAttempt, eq(keeperAttempt.transactionId, payout.keeperTransactionId))
    .where(
      and(
        eq(keeperAttempt.hash, row.transactionHash),
        eq(payout.chainId, context.chainId),
        eq(payout.destination, row.account!),
        eq(payout.token, row.token!),
      ),
    );
  const shown = await findPayout(context.tx, context.views, wallet.merchantId, sent?.id ?? row.id);
  if (!shown) return undefined;
  const type: EventType = row.name === 'PaidOut' ? 'payout.paid' : 'payout.failed';
  return {
    merchantId: wallet.merchantId,
    type,
    livemode: context.livemode,
    source: `escrow:${row.id}:${type}`,
    object: toPayout(shown, context.networks),
  };
}

async function eventsOf(context: StepContext, row: EscrowEventRow): Promise<NewEvent[]> {
  const paymentType = PAYMENT_EVENTS[row.name];
  if (paymentType && row.paymentId) {
    const intent = await intentObject(context, row.paymentId);
    if (!intent) return [];
    const closed = closedReason(intent.row.intent) !== undefined;
    if (closed && row.name === 'PaymentEscrowed') {
      await refundClosedIntentPayment(context.tx, context.views, context.workerSchema, intent.row);
    }
    const type = paymentType(row, closed);
    const events: NewEvent[] = type ? [{ ...intent.event, type, source: `escrow:${row.id}:${type}` }] : [];
    if (row.name === 'PaymentRefunded') {
      const refunded = await refundEvent(context, row);
      if (refunded) events.push(refunded);
    }
    return events;
  }
  if (row.name === 'DepositReturned' || row.name === 'ForeignDepositReturned') {
    const refunded = await refundEvent(context, row);
    return refunded ? [refunded] : [];
  }
  if (row.name === 'PaidOut' || row.name === 'PayoutFailed') {
    const paid = await payoutEvent(context, row);
    return paid ? [paid] : [];
  }
  return [];
}

/**
 * The rows up to the first whose block the node no longer has. Where finality is the node's finalized tag,
 * an indexer that is behind a reorg can still hold rows of a block that lost: the node's finalized block
 * then has another hash, and those rows wait until the indexer has caught up.
 */
async function onCanonicalChain(rows: EscrowEventRow[], chain: Pick<PublicClient, 'getBlock'>) {
  const hashes = new Map<bigint, Hex>();
  for (const [index, row] of rows.entries()) {
    if (!hashes.has(row.blockNumber)) {
      hashes.set(row.blockNumber, (await chain.getBlock({ blockNumber: row.blockNumber })).hash);
    }
    if (hashes.get(row.blockNumber) !== row.blockHash) return rows.slice(0, index);
  }
  return rows;
}

/** One step of the outbox; resolves with the escrow events it walked (0 when another process walks). */
export async function outboxStep(db: Db, services: JobServices): Promise<number> {
  const { config, views, chain } = services;
  const name = `${config.viewsSchema}:${config.chain.id}:${config.escrowAddress.toLowerCase()}`;
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ locked: boolean }>(
      sql`SELECT pg_try_advisory_xact_lock(hashtextextended(${`pmt-outbox:${name}`}, 0)) AS locked`,
    );
    if (!rows[0]!.locked) return 0;
    const head = await readIndexedHead(tx, config.networkViewsSchema);
    const final = await finalBlock(config.finality, head?.number, chain);
    if (!head || final === undefined) return 0;
    const [cursor] = await tx.select().from(outboxCursor).where(eq(outboxCursor.name, name));
    const read = await finalEscrowEvents(tx, views, config.chain.id, cursor?.position ?? '', final);
    // A depth under the indexer's head needs no check: the indexer has checked those blocks' parents.
    const escrowEvents = config.finality.kind === 'finalizedTag' ? await onCanonicalChain(read, chain) : read;
    if (escrowEvents.length === 0) return 0;
    const context: StepContext = {
      ...contextAtHead({ chain: config.chain, name: config.network }, head, final, config.publicUrl),
      tx,
      views,
      chainId: config.chain.id,
      networks: config.chains,
      workerSchema: config.workerSchema,
      livemode: config.livemode,
    };
    for (const row of escrowEvents) {
      for (const event of await eventsOf(context, row)) await emitEvent(tx, config.workerSchema, event);
    }
    const position = escrowEvents.at(-1)!.id;
    await tx
      .insert(outboxCursor)
      .values({ name, position })
      .onConflictDoUpdate({ target: outboxCursor.name, set: { position, updatedAt: new Date() } });
    return escrowEvents.length;
  });
}

/** Runs `outboxStep` every OUTBOX_INTERVAL_MS (at once again while there is more) until `stop()`. */
export function startOutbox(db: Db, services: JobServices, log: { error(message: string): void }): StepLoop {
  const step = async () => (await outboxStep(db, services)) === STEP_SIZE;
  return startStepLoop(`webhook outbox (${services.config.network})`, step, services.config.outboxIntervalMs, log);
}
