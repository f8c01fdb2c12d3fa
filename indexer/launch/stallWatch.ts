// A watchdog over one running `ponder start`: Ponder can outlive a failure and stop indexing without
// exiting (seen after a PostgreSQL restart: its live sync of one chain never resumed, while /ready stayed
// 200), and a supervisor that restarts only what exits would leave that network's payments unseen for
// good. A stall is no new block indexed for `stallMs` while the chain's head is past the last one indexed
// (so a silent node, which Ponder waits out by itself, is not one, nor the time until it answers again). Until Ponder first answers it is
// starting, and until /ready it is backfilling: neither is a stall; an indexer that takes a connection and
// never answers (hung, frozen), or refuses them once it has answered, is not moving.
import { createPublicClient, http } from 'viem';
import { indexedBlock } from '../../lib/indexerStatus.js';

export interface StallWatchOptions {
  /** Ponder's HTTP server. */
  url: string;
  /** The network's node, for its head. */
  rpcUrl: string;
  stallMs: number;
  /** Told once, when the indexer has stalled, with the block it is stuck at and the chain's head. */
  onStall(stuckAt: bigint | undefined, head: bigint): void;
}

export interface StallWatch {
  stop(): void;
}

const ANSWER_TIMEOUT_MS = 5_000;

export function watchForStall({ url, rpcUrl, stallMs, onStall }: StallWatchOptions): StallWatch {
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 5_000 }) });
  const intervalMs = Math.max(200, Math.min(5_000, stallMs / 5));
  let answered = false;
  let ready = false;
  let last: bigint | undefined;
  let movedAt = Date.now();
  const check = async () => {
    if (!ready) {
      // Refused: not listening yet. Timed out: it took the connection and never answered, hung.
      const status = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) }).then(
        (response) => response.status,
        (err: Error) => (err.name === 'TimeoutError' ? 'hung' : 'refused'),
      );
      ready = status === 200;
      answered ||= status !== 'refused';
      if (status !== 'hung' && (status !== 'refused' || !answered)) {
        movedAt = Date.now();
        return;
      }
    } else {
      const indexed = await indexedBlock(url).catch(() => undefined);
      if (indexed !== undefined && indexed !== last) {
        [last, movedAt] = [indexed, Date.now()];
        return;
      }
    }
    if (Date.now() - movedAt < stallMs) return;
    const head = await client.getBlockNumber().catch(() => undefined);
    // A node that does not answer holds Ponder up too: the clock starts again once it answers.
    if (head === undefined) movedAt = Date.now();
    else if (head > (last ?? 0n)) {
      clearInterval(timer);
      onStall(last, head);
    }
  };
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void check().finally(() => {
      checking = false;
    });
  }, intervalMs);
  return { stop: () => clearInterval(timer) };
}
