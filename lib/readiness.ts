// What the API's and the worker's /readyz share: each check says `ok` and why, and the answer is ready only
// when every check is (200), else not (503, which a load balancer or orchestrator takes as "not now").
import { sql } from 'drizzle-orm';
import type { AnyDb } from './db/client.js';
import { readIndexedHead } from './finality.js';

export type Check = { ok: boolean } & Record<string, unknown>;

const failure = (err: unknown): Check => ({ ok: false, error: err instanceof Error ? err.message : String(err) });

/** The database answers. */
export function databaseCheck(db: AnyDb): Promise<Check> {
  return db.execute(sql`SELECT 1`).then(() => ({ ok: true }), failure);
}

/**
 * The indexer of `network` is within `maxLagBlocks` of the chain's head, as `chainHead` reads it (a head
 * from a cache may be older than what the indexer has seen: then the indexer's is the head). The check
 * names the network, so that the one behind is known.
 */
export async function indexerCheck(
  db: AnyDb,
  { network, networkViewsSchema }: { network: string; networkViewsSchema: string },
  maxLagBlocks: number,
  chainHead: () => Promise<bigint | undefined>,
): Promise<Check> {
  const [indexed, head] = await Promise.all([
    readIndexedHead(db, networkViewsSchema).catch(() => undefined),
    chainHead().catch(() => undefined),
  ]);
  const chainBlock = head !== undefined && indexed && indexed.number > head ? indexed.number : head;
  const lag = indexed && chainBlock !== undefined ? chainBlock - indexed.number : undefined;
  return {
    ok: lag !== undefined && lag <= BigInt(maxLagBlocks),
    network,
    indexed_block: indexed?.number.toString() ?? null,
    chain_block: chainBlock?.toString() ?? null,
    lag_blocks: lag === undefined ? null : Number(lag),
    max_lag_blocks: maxLagBlocks,
  };
}

/** How long one network's checks may take: a probe waits for /readyz far less than a silent node's timeouts. */
export const NETWORK_CHECK_MS = 2_000;

/** `work`'s outcome, or past `ms`, an error that says no answer came: a silent node's timeouts are far longer. */
export function answerWithin<T>(work: Promise<T>, ms = NETWORK_CHECK_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (is the node reachable?)`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** `checks`, or, past `ms`, each of `names` failed with the reason (a node that does not answer). */
export function withinTime<K extends string>(
  checks: Promise<Record<K, Check>>,
  names: readonly K[],
  ms = NETWORK_CHECK_MS,
): Promise<Record<K, Check>> {
  return answerWithin(checks, ms).catch((err: Error) => {
    const failed = {} as Record<K, Check>;
    for (const name of names) failed[name] = { ok: false, error: err.message };
    return failed;
  });
}

/** The body and status of a /readyz answer: ready when every check passes, unless the caller judges otherwise. */
export function readiness(checks: Record<string, Check>, ready = Object.values(checks).every((check) => check.ok)) {
  return { body: { status: ready ? 'ready' : 'not_ready', checks }, status: ready ? (200 as const) : (503 as const) };
}
