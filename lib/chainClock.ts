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

export function chainClock(
  client: Pick<PublicClient, 'getBlock'>,
  maxAgeMs: number,
  wallClock: () => number = Date.now,
): ChainClock {
  let latest: { head: ChainHead; fetchedAt: number } | undefined;
  let refreshing: Promise<void> | undefined;
  /** When a read last failed: a node down since start is asked again in the background, not by every caller. */
  let failedAt: number | undefined;

  const refresh = () =>
    (refreshing ??= client
      .getBlock({ blockTag: 'latest' })
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

  const head = async () => {
    const failedLately = failedAt !== undefined && wallClock() - failedAt <= maxAgeMs;
    if (!latest && !failedLately) await refresh();
    else if (wallClock() - (latest?.fetchedAt ?? failedAt!) > maxAgeMs) void refresh();
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
