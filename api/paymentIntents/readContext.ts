// What reading an intent needs besides its row, for each network served: the chain clock for expiry and
// confirmations, and the final block for `processing` → `succeeded`.
import type { AnyDb } from '../../lib/db/client.js';
import { NO_FINAL_BLOCK } from '../../lib/paymentIntents/status.js';
import type { ChainContext, ResourceContext } from '../../lib/resources/paymentIntent.js';
import type { ApiServices, NetworkServices } from '../context.js';

/** `db` is the request's own handle (its transaction, when it holds one): the final block may be read on it. */
export async function chainReadContext(
  { network, clock, finality }: NetworkServices,
  db: AnyDb,
): Promise<ChainContext> {
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
    chain: network.chain,
    name: network.name,
    head,
    now: new Date(Number(now) * 1000),
    finalBlock: finalBlock ?? NO_FINAL_BLOCK,
  };
}

/** Every network's read context, each read from its own clock and indexer. */
export async function intentReadContext(
  { networks, config }: Pick<ApiServices, 'networks' | 'config'>,
  db: AnyDb,
): Promise<ResourceContext> {
  const each = await Promise.all(
    [...networks.values()].map(
      async (network) => [network.network.chain.id, await chainReadContext(network, db)] as const,
    ),
  );
  return { chains: new Map(each), publicUrl: config.publicUrl ?? '' };
}
