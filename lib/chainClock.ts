// The chain's head as the API sees it: the block number confirmations count from, and the time intents
// expire by. Dev chains skip ahead of the wall clock (anvil's evm_increaseTime), and the escrow checks
// deadlines against block time, so "now" is the later of the two clocks.
import type { PublicClient } from 'viem';

export interface ChainHead {
  number: bigint;
  /** Unix seconds. */
  timestamp: bigint;
}

export interface ChainClock {
  /** The latest head seen, refreshed in the background once older than the chain's polling interval. */
  head(): Promise<ChainHead | undefined>;
  /** Unix seconds: the wall clock, or the chain's, whichever is ahead. */
  now(): Promise<bigint>;
}

/**
 * The clock of the chain `client` reaches, its head read at most once per `maxAgeMs`; with `blockTag`
 * `finalized`, the node's finalized block instead of its latest.
 */
export function chainClock(
  client: Pick<PublicClient, 'getBlock'>,
  maxAgeMs: number,
  wallClock: () => number = Date.now,
  blockTag: 'latest' | 'finalized' = 'latest',
): ChainClock {
  let latest: { head: ChainHead; fetchedAt: number } | undefined;
  let refreshing: Promise<void> | undefined;
  /** When a read last failed: a node that never answered is asked again once per `maxAgeMs`. */
  let failedAt: number | undefined;
  /** The first read, which the first callers wait for; every later one runs in the background. */
  let first: Promise<void> | undefined;
  let firstDone = false;

  const refresh = () =>
    (refreshing ??= client
      .getBlock({ blockTag })
      .then((block) => {
        latest = { head: { number: block.number, timestamp: block.timestamp }, fetchedAt: wallClock() };
      })
      // An unreachable node leaves the last head in place; callers then count from it.
      .catch(() => {
        failedAt = wallClock();
      })
      .finally(() => {
        refreshing = undefined;
      }));

  // Only the first read is waited for: a node that hangs later, or never answered, delays no caller
  // (the API reads every network's clock for each request: one silent node must not slow the others).
  const head = async () => {
    first ??= refresh().finally(() => {
      firstDone = true;
    });
    if (!firstDone) await first;
    else if (wallClock() - (latest?.fetchedAt ?? failedAt ?? 0) > maxAgeMs) void refresh();
    return latest?.head;
  };

  return {
    head,
    async now() {
      const wall = BigInt(Math.floor(wallClock() / 1000));
      const chain = (await head())?.timestamp ?? 0n;
      return chain > wall ? chain : wall;
    },
  };
}
