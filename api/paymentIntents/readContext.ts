// What reading an intent needs besides its row: the chain clock for expiry and confirmations, and the
// final block for `processing` → `succeeded`.
import type { AnyDb } from '../../lib/db/client.js';
import { NO_FINAL_BLOCK } from '../../lib/paymentIntents/status.js';
import type { ResourceContext } from '../../lib/resources/paymentIntent.js';
import type { ApiServices } from '../context.js';

export type IntentReadContext = ResourceContext & { now: Date };

/** `db` is the request's own handle (its transaction, when it holds one): the final block may be read on it. */
export async function intentReadContext(
  { clock, finality, config }: Pick<ApiServices, 'clock' | 'finality' | 'config'>,
  db: AnyDb,
): Promise<IntentReadContext> {
  const [clockHead, now, finalBlock] = await Promise.all([
    clock.head(),
    clock.now(),
    // Unknown finality (the node unreachable since start) shows payments as still processing.
    finality.finalBlock(db).catch(() => undefined),
  ]);
  // The clock is refreshed in the background: the indexer may already have seen a later block, and a
  // payment in it must not count fewer confirmations than the blocks final above it.
  const indexed = finality.indexedHead();
  const head = indexed && (!clockHead || indexed.number > clockHead.number) ? indexed : clockHead;
  return {
    chain: config.chain,
    networkNames: config.networkNames,
    head,
    publicUrl: config.publicUrl ?? '',
    now: new Date(Number(now) * 1000),
    finalBlock: finalBlock ?? NO_FINAL_BLOCK,
  };
}
