// The fault bench's auditor: compares each chain, read straight from its node, with what the gateway
// shows, and lists every disagreement as lost (something on chain the gateway does not show, an event
// or a delivery missing, a balance that differs from the escrow's) or duplicated (an effect on chain
// more often than the gateway asked for it). An audit during a recovery lists what has not caught up yet;
// the recovery is over when an audit finds nothing.
import pg from 'pg';
import { type Address, getAddress, type Hex } from 'viem';
import { pmtEscrowAbi } from '../../abis/index.js';
import { paymentEventNames } from '../../jobs/webhooks/outbox.js';
import { indexedBlock } from '../../lib/indexerStatus.js';
import type { BusinessDay, LoadIntent, Merchant } from './load.js';
import { type FaultStack, FINALITY_DEPTH, RATES, type StackChain } from './stack.js';

export interface Findings {
  lost: string[];
  duplicated: string[];
  /** Webhooks the receiver accepted more than once (at-least-once delivery: a retry after a timeout). */
  redelivered: number;
}

/** The escrow events the outbox turns into events for an intent's merchant. */
const PAYMENT_EVENTS = new Set(paymentEventNames);

interface ChainLog {
  eventName: string;
  transactionHash: Hex;
  logIndex: number;
  args: Record<string, unknown>;
}

interface ShownIntent {
  id: string;
  status: string;
  payment: unknown;
}

interface ShownRefund {
  id: string;
  payment_intent: string;
  status: string;
}

interface ShownBalance {
  chain_id: number;
  asset: string;
  available: string;
}

export async function audit(stack: FaultStack, load: BusinessDay): Promise<Findings> {
  const findings: Findings = { lost: [], duplicated: [], redelivered: 0 };
  const db = new pg.Client({ connectionString: stack.postgres.url, connectionTimeoutMillis: 5_000 });
  await db.connect();
  try {
    const intents = await db.query<{ id: string; chain_id: number; payment_id: string; closed: boolean }>(
      'SELECT id, chain_id, payment_id, (canceled_at IS NOT NULL OR expired_at IS NOT NULL) AS closed FROM app.payment_intent',
    );
    const intentOf = new Map(intents.rows.map((row) => [`${row.chain_id}:${row.payment_id.toLowerCase()}`, row]));
    const indexed = await db.query<{ id: string; chain_id: number; transaction_hash: string; log_index: number }>(
      'SELECT id, chain_id, transaction_hash, log_index FROM pmt.escrow_event',
    );
    const indexedId = new Map(
      indexed.rows.map((row) => [`${row.chain_id}:${row.transaction_hash.toLowerCase()}:${row.log_index}`, row.id]),
    );
    const events = await db.query<{ id: string; source: string; merchant_id: string }>(
      'SELECT id, source, merchant_id FROM app.event',
    );
    const eventsBySource = new Map<string, string[]>();
    const merchantOfEvent = new Map(events.rows.map((row) => [row.id, row.merchant_id]));
    for (const { id, source } of events.rows) {
      const row = source.split(':').slice(1, -1).join(':');
      eventsBySource.set(row, [...(eventsBySource.get(row) ?? []), id]);
    }
    const deliveries = await db.query<{ event_id: string; endpoint_id: string; state: string }>(
      'SELECT event_id, endpoint_id, state FROM app.webhook_delivery',
    );
    const deliveryOf = new Map(deliveries.rows.map((row) => [`${row.event_id}:${row.endpoint_id}`, row.state]));
    const endpointOf = new Map(
      (
        await db.query<{ id: string; merchant_id: string }>('SELECT id, merchant_id FROM app.webhook_endpoint')
      ).rows.map((row) => [row.merchant_id, row.id]),
    );
    const refundLogs = new Map<string, number>();
    /** Intents whose payment was released or disputed on chain. */
    const settledIntents = new Set<string>();

    const finalBlocks = new Map<number, bigint>();
    for (const chain of stack.chains) {
      const final = (await chain.client.getBlockNumber()) - BigInt(FINALITY_DEPTH);
      finalBlocks.set(chain.chainId, final);
      for (const log of await chainLogs(chain, final)) {
        const paymentId = (log.args.id as Hex | undefined)?.toLowerCase();
        const intent = paymentId ? intentOf.get(`${chain.chainId}:${paymentId}`) : undefined;
        const where = `${chain.network} ${log.eventName} in ${log.transactionHash}`;
        if (log.eventName === 'PaymentEscrowed' && !intent) findings.lost.push(`${where}: no intent has this payment`);
        if (!PAYMENT_EVENTS.has(log.eventName) || !intent) continue;
        if (log.eventName === 'PaymentRefunded') refundLogs.set(intent.id, (refundLogs.get(intent.id) ?? 0) + 1);
        if (log.eventName === 'PaymentReleased' || log.eventName === 'DisputeOpened') settledIntents.add(intent.id);
        const row = indexedId.get(`${chain.chainId}:${log.transactionHash.toLowerCase()}:${log.logIndex}`);
        if (!row) {
          findings.lost.push(`${where}: not indexed`);
          continue;
        }
        if (intent.closed && log.eventName === 'PaymentEscrowed') continue;
        const made = eventsBySource.get(row) ?? [];
        if (made.length === 0) findings.lost.push(`${where}: no event`);
        for (const eventId of made) {
          const endpoint = endpointOf.get(merchantOfEvent.get(eventId)!);
          const state = endpoint && deliveryOf.get(`${eventId}:${endpoint}`);
          if (endpoint && state !== 'delivered')
            findings.lost.push(`event ${eventId} (${where}): delivery ${state ?? 'missing'}`);
        }
      }
    }

    for (const merchant of load.merchants) {
      const shown = new Map((await list<ShownIntent>(load, merchant, '/v1/payment_intents')).map((i) => [i.id, i]));
      for (const intent of load.intents.filter((i) => i.merchant === merchant)) {
        // A quote is the feed's rate, never zero nor another: the feed's rates never change in the run.
        if (intent.rate !== undefined && intent.rate !== RATES[intent.symbol]) {
          findings.lost.push(
            `${intent.id} quoted ${intent.symbol} at ${intent.rate}, the feed's rate is ${RATES[intent.symbol]}`,
          );
        }
        const seen = shown.get(intent.id);
        // What the chain says now: a transaction a reorg dropped paid nothing, whatever its buyer was told.
        const paid = intent.paidTx !== undefined && (await finallyPaid(stack, intent, finalBlocks));
        if (paid === 'pending') continue;
        if (paid && !seen?.payment) {
          findings.lost.push(
            `${intent.id} (${intent.method}) paid in ${intent.paidTx}: shown ${seen?.status ?? 'missing'}`,
          );
        }
        if (!paid && seen?.payment) findings.lost.push(`${intent.id} not paid on chain: shown ${seen.status}`);
      }
      const refunds = await list<ShownRefund>(load, merchant, '/v1/refunds');
      for (const refund of refunds) {
        // A refund fails, rightly, when the payment was released or disputed before the keeper sent it.
        const overtaken = settledIntents.has(refund.payment_intent);
        if (refund.status === 'pending' || (refund.status === 'failed' && !overtaken)) {
          findings.lost.push(`refund ${refund.id}: ${refund.status}`);
        }
      }
      const own = load.intents.filter((intent) => intent.merchant === merchant);
      checkRefundCounts(own, refunds, refundLogs, findings);
      await checkBalances(stack, load, merchant, findings);
    }
    const receipts = new Map<string, number>();
    for (const { id } of stack.receiver.received) receipts.set(id, (receipts.get(id) ?? 0) + 1);
    findings.redelivered = [...receipts.values()].reduce((extra, n) => extra + n - 1, 0);
    return findings;
  } finally {
    await db.end();
  }
}

/** Whether the transaction that paid `intent` is on chain and final, or `pending` while it is not final yet. */
async function finallyPaid(
  stack: FaultStack,
  intent: LoadIntent,
  finalBlocks: Map<number, bigint>,
): Promise<boolean | 'pending'> {
  if (intent.finallyPaid !== undefined) return intent.finallyPaid;
  const chain = stack.chains.find(({ chainId }) => chainId === intent.chainId)!;
  const receipt = await chain.client.getTransactionReceipt({ hash: intent.paidTx! }).catch(() => undefined);
  // Never mined, or dropped by a reorg: nothing was paid.
  if (!receipt) return false;
  if (receipt.blockNumber > finalBlocks.get(chain.chainId)!) return 'pending';
  // Final, so it stays what it is now: asked once.
  intent.finallyPaid = receipt.status === 'success';
  return intent.finallyPaid;
}

/** Every escrow log of `chain` up to its final block, read from its node. */
async function chainLogs(chain: StackChain, final: bigint): Promise<ChainLog[]> {
  const logs = await chain.client.getContractEvents({
    address: chain.deployment.escrowAddress,
    abi: pmtEscrowAbi,
    fromBlock: chain.deployment.startBlock,
    toBlock: final,
  });
  return logs as unknown as ChainLog[];
}

/** Every object of a list the merchant can page through. */
async function list<T extends { id: string }>(load: BusinessDay, merchant: Merchant, path: string): Promise<T[]> {
  const all: T[] = [];
  for (let after: string | undefined; ; ) {
    const page = await load.api.call<{ data: T[]; has_more: boolean }>(
      merchant.key,
      'GET',
      `${path}?limit=100${after ? `&starting_after=${after}` : ''}`,
    );
    all.push(...page.body.data);
    if (!page.body.has_more) return all;
    after = page.body.data.at(-1)!.id;
  }
}

/** Each intent's refunds on chain as often as the merchant asked for them (a second is a duplicate). */
function checkRefundCounts(
  intents: LoadIntent[],
  refunds: ShownRefund[],
  onChain: Map<string, number>,
  findings: Findings,
) {
  for (const intent of intents.filter((i) => i.refundsRequested > 0)) {
    const asked = refunds.filter((refund) => refund.payment_intent === intent.id && refund.status !== 'failed').length;
    const sent = onChain.get(intent.id) ?? 0;
    if (sent > asked) findings.duplicated.push(`${intent.id}: refunded ${sent} times on chain for ${asked} refunds`);
    if (sent < asked) findings.lost.push(`${intent.id}: refunded ${sent} times on chain for ${asked} refunds`);
  }
}

/** What the API shows available equals what the escrow holds for the merchant's wallet, per chain and asset. */
async function checkBalances(stack: FaultStack, load: BusinessDay, merchant: Merchant, findings: Findings) {
  const shown = await load.api.call<{ assets: ShownBalance[] }>(merchant.key, 'GET', '/v1/balance');
  for (const chain of stack.chains) {
    for (const token of ['0x0000000000000000000000000000000000000000', chain.deployment.tokenAddress] as Address[]) {
      const held = await chain.client.readContract({
        // As of the indexer's block, which is what the API's balance is as of.
        blockNumber: await indexedBlock(chain.indexerUrl),
        address: chain.deployment.escrowAddress,
        abi: pmtEscrowAbi,
        functionName: 'balanceOf',
        args: [merchant.wallet, token],
      });
      const asset = BigInt(token) === 0n ? 'native' : getAddress(token);
      const row = shown.body.assets.find((a) => a.chain_id === chain.chainId && a.asset === asset);
      const available = BigInt(row?.available ?? 0);
      if (available !== held) {
        findings.lost.push(
          `${merchant.id} on ${chain.network} in ${asset}: API shows ${available} available, escrow holds ${held}`,
        );
      }
    }
  }
}
