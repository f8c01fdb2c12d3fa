// When a chain fact is final: the one definition the API's statuses, the jobs and the webhooks share.
// A fact is final once its block is at or below both
//   - the chain's final block: the node's `finalized` block where the chain finalizes (GRANDPA on the
//     Moonbeam family and the Polkadot/Kusama Hubs), or a fixed depth under the indexer's head elsewhere
//     (anvil reports `finalized` 64 blocks back: on a chain that mines a block per transaction, that can
//     be never), and
//   - the indexer's head: nothing the indexer has not seen is a fact yet.
// Counting the depth from the indexer's head rather than the node's means the indexer has itself checked
// those blocks' parent hashes (Ponder reverts a reorged block before it indexes the next one).
import { sql } from 'drizzle-orm';
import type { PublicClient } from 'viem';
import { chainClock } from './chainClock.js';
import type { AnyDb, Db } from './db/client.js';

/** How a chain's blocks become final. */
export type Finality = { kind: 'finalizedTag' } | { kind: 'depth'; blocks: number };

/** The preset's finality, or a depth when the operator sets one (`FINALITY_DEPTH`). */
export function finalityOf(preset: Finality, depth: number | undefined): Finality {
  return depth === undefined ? preset : { kind: 'depth', blocks: depth };
}

/** The environment that sets `finality` for a child process (nothing for the finalized tag: presets only). */
export function finalityEnvVars(finality: Finality): Record<string, string> {
  return finality.kind === 'depth' ? { FINALITY_DEPTH: String(finality.blocks) } : {};
}

export function describeFinality(finality: Finality): string {
  return finality.kind === 'finalizedTag'
    ? "the node's finalized block"
    : `${finality.blocks} block${finality.blocks === 1 ? '' : 's'} under the indexer's head`;
}

/** The indexer's head: the last block it has indexed, from Ponder's checkpoint in the views schema. */
export interface IndexedHead {
  number: bigint;
  /** Unix seconds. */
  timestamp: bigint;
}

// Ponder's checkpoint is fixed-width digits: 10 of block timestamp, 16 of chain id, 16 of block number, …
const TIMESTAMP = { start: 0, end: 10 };
const BLOCK_NUMBER = { start: 26, end: 42 };

export function decodeCheckpointHead(checkpoint: string): IndexedHead {
  return {
    number: BigInt(checkpoint.slice(BLOCK_NUMBER.start, BLOCK_NUMBER.end)),
    timestamp: BigInt(checkpoint.slice(TIMESTAMP.start, TIMESTAMP.end)),
  };
}

/** The indexer's head, or undefined before it has indexed anything. */
/** The head of the indexer whose Ponder views are in `networkViewsSchema` (lib/chainViews.ts). */
export async function readIndexedHead(db: AnyDb, networkViewsSchema: string): Promise<IndexedHead | undefined> {
  const { rows } = await db.execute<{ latest_checkpoint: string }>(
    sql`SELECT latest_checkpoint FROM ${sql.identifier(networkViewsSchema)}._ponder_checkpoint LIMIT 1`,
  );
  const checkpoint = rows[0]?.latest_checkpoint;
  return checkpoint === undefined ? undefined : decodeCheckpointHead(checkpoint);
}

/** What asks a node for its finalized block: a viem client, or one that keeps the last answer. */
export interface FinalizedBlockReader {
  getBlock(args: { blockTag: 'finalized' }): Promise<{ number: bigint }>;
}

/** The highest final block, given the indexer's head; undefined while nothing is final. Throws when the node cannot say. */
export async function finalBlock(
  finality: Finality,
  indexedHead: bigint | undefined,
  client: FinalizedBlockReader,
): Promise<bigint | undefined> {
  if (indexedHead === undefined) return undefined;
  if (finality.kind === 'depth') {
    const final = indexedHead - BigInt(finality.blocks);
    return final < 0n ? undefined : final;
  }
  const { number: finalized } = await client.getBlock({ blockTag: 'finalized' });
  return finalized < indexedHead ? finalized : indexedHead;
}

export interface FinalBlockSource {
  /**
   * The highest final block (see `finalBlock`), at most `maxAgeMs` old. Code holding a connection passes
   * it as `db`, so that a stale value is read on it rather than on a second connection of the pool.
   */
  finalBlock(db?: AnyDb): Promise<bigint | undefined>;
  /** The indexer's head as the last read of the final block found it: a head no one may count below. */
  indexedHead(): IndexedHead | undefined;
}

/**
 * Reads the final block at most once per `maxAgeMs` (the API asks on every request). When the node or the
 * database fails, the last value read stands; with none yet, the error is thrown. The node's finalized
 * block is waited for only at its first read: later it is asked again in the background.
 */
export function finalBlockSource(options: {
  finality: Finality;
  client: Pick<PublicClient, 'getBlock'>;
  db: Db;
  /** The network's own indexer views, whose checkpoint is the indexer's head. */
  networkViewsSchema: string;
  maxAgeMs: number;
  wallClock?: () => number;
}): FinalBlockSource {
  const { finality, client, db, networkViewsSchema, maxAgeMs, wallClock = Date.now } = options;
  // The node's finalized block, kept as the chain's head is: only its first read is waited for, so a node
  // that stops answering holds up no read (the API reads every network's final block for each request).
  const finalized = chainClock(client, maxAgeMs, wallClock, 'finalized');
  const node: FinalizedBlockReader = {
    getBlock: async () => {
      const block = await finalized.head();
      if (!block) throw new Error('the node has not answered with its finalized block yet');
      return block;
    },
  };
  let latest: { block: bigint | undefined; head: IndexedHead | undefined; readAt: number } | undefined;
  /** The read on the pool in flight, which every caller without a connection of its own shares. */
  let reading: Promise<bigint | undefined> | undefined;
  const readOn = (on: AnyDb) =>
    readIndexedHead(on, networkViewsSchema)
      .then(async (head) => ({ head, block: await finalBlock(finality, head?.number, node) }))
      .then(
        ({ head, block }) => {
          latest = { block, head, readAt: wallClock() };
          return block;
        },
        (error: unknown) => {
          if (latest) return latest.block;
          throw error;
        },
      );
  const readOnPool = () =>
    (reading ??= readOn(db).finally(() => {
      reading = undefined;
    }));
  return {
    finalBlock: (on) =>
      latest && wallClock() - latest.readAt <= maxAgeMs
        ? Promise.resolve(latest.block)
        : on && on !== db
          ? readOn(on)
          : readOnPool(),
    indexedHead: () => latest?.head,
  };
}
