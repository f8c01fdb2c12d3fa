// Asking a running indexer how far it has got. Ponder's /ready turns 200 once the finalized backfill is
// done, which on a chain with a finality window is well before the head: whoever needs a given block's
// events indexed waits for /status to reach that block.
const POLL_MS = 100;

/** How long an indexer may take to answer /status: one that hangs (frozen, wedged) must not hang its caller. */
const STATUS_TIMEOUT_MS = 5_000;

/** The block the indexer has indexed up to, from Ponder's /status, or undefined while it has none. */
export async function indexedBlock(indexerUrl: string): Promise<bigint | undefined> {
  const res = await fetch(`${indexerUrl}/status`, { signal: AbortSignal.timeout(STATUS_TIMEOUT_MS) });
  if (!res.ok) return undefined;
  const chains = (await res.json()) as Record<string, { block?: { number: number } }>;
  const [chain] = Object.values(chains);
  return chain?.block === undefined ? undefined : BigInt(chain.block.number);
}

/** Resolves once the indexer has indexed `blockNumber`; throws after `timeoutMs`. */
export async function waitForIndexedBlock(indexerUrl: string, blockNumber: bigint, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const indexed = await indexedBlock(indexerUrl).catch(() => undefined);
    if (indexed !== undefined && indexed >= blockNumber) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the indexer at ${indexerUrl} reached block ${indexed ?? 'none'}, not ${blockNumber}, within ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
