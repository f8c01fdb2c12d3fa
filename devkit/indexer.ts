// Runs `ponder start` for dev tooling, tests and benches: the indexer's own launch command (the schema
// named after this build) as a child, stopped with its schema lock lifted so the next start need not wait.
// Once it is ready, the combined views include its network (indexer/launch/combinedViews.ts).
import { combineNetworkViews } from '../indexer/launch/combinedViews.js';
import type { IndexerEnv } from '../indexer/launch/env.js';
import { releaseIndexerLock } from '../indexer/launch/lock.js';
import { type LaunchOptions, ponderStartCommand } from '../indexer/launch/ponderStart.js';
import { waitForIndexedBlock } from '../lib/indexerStatus.js';
import { type Child, startChild } from './childProcess.js';

export interface RunningIndexer extends Omit<Child, 'waitUntilReady'> {
  /** Where Ponder serves GraphQL, SQL over HTTP, /ready and /status. */
  url: string;
  schema: string;
  settings: IndexerEnv;
  /** Until Ponder's /ready answers (the backfill is done) and the combined views include this network. */
  waitUntilReady(timeoutMs?: number): Promise<void>;
  /** Until the indexer has indexed `blockNumber`; rejects with its output if it dies first. */
  waitForBlock(blockNumber: bigint, timeoutMs?: number): Promise<void>;
}

export interface IndexerOptions extends LaunchOptions {
  /** Extra arguments for `ponder start` (e.g. `--log-format json`). */
  args?: string[];
  onLine?: (line: string) => void;
}

export async function startIndexer(settings: IndexerEnv, options: IndexerOptions = {}): Promise<RunningIndexer> {
  const command = await ponderStartCommand(settings, options);
  const child = startChild({
    name: 'indexer',
    command: command.command,
    args: [...command.args, ...(options.args ?? [])],
    env: command.env,
    cwd: command.cwd,
    onLine: options.onLine,
  });
  return {
    ...child,
    url: command.url,
    schema: command.schema,
    settings,
    async waitUntilReady(timeoutMs = 120_000) {
      await child.waitUntilReady(`${command.url}/ready`, timeoutMs);
      await combineNetworkViews(settings.databaseUrl, settings.viewsSchema, settings.servedNetworks);
    },
    async waitForBlock(blockNumber, timeoutMs) {
      const died = child.exited.then(() => {
        throw new Error(`indexer exited while waiting for block ${blockNumber}`);
      });
      await Promise.race([waitForIndexedBlock(command.url, blockNumber, timeoutMs), died]).catch((err: Error) => {
        throw new Error(`${err.message}\n${child.output()}`);
      });
    },
    async stop(graceMs) {
      await child.stop(graceMs);
      await releaseIndexerLock(settings.databaseUrl, command.schema);
    },
  };
}
