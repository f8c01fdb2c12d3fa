// Real `ponder start` processes for tests: each on a free port with views of its own, its output kept for
// the failure message, and helpers to wait for a block and to read back every table it wrote.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import pg from 'pg';
import type { Address } from 'viem';
import { freePort } from '../../devkit/freePort.js';
import { waitUntilReady } from '../../devkit/readiness.js';
import { readIndexerEnv } from '../../indexer/launch/env.js';
import { releaseIndexerLock } from '../../indexer/launch/lock.js';
import { ponderStartCommand } from '../../indexer/launch/ponderStart.js';
import { waitForIndexedBlock } from '../../lib/indexerStatus.js';

export interface TestIndexerOptions {
  databaseUrl: string;
  rpcUrl: string;
  escrowAddress: Address;
  startBlock: number | bigint;
  /** Defaults to the build's own schema name for this deployment. */
  schema?: string;
}

export interface TestIndexer {
  url: string;
  schema: string;
  viewsSchema: string;
  process: ChildProcess;
  /** Everything the indexer printed so far, without colours (a test indexer lives for seconds; its log stays small). */
  output(): string;
  waitUntilReady(timeoutMs?: number): Promise<void>;
  waitForBlock(blockNumber: bigint, timeoutMs?: number): Promise<void>;
  /** SIGTERM, wait for the exit, lift the lock Ponder may leave behind. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
}

export async function startTestIndexer(options: TestIndexerOptions): Promise<TestIndexer> {
  const viewsSchema = `views_${randomBytes(6).toString('hex')}`;
  const settings = readIndexerEnv({
    DATABASE_URL: options.databaseUrl,
    PMT_NETWORK: 'anvil',
    RPC_URL: options.rpcUrl,
    ESCROW_ADDRESS: options.escrowAddress,
    ESCROW_START_BLOCK: String(options.startBlock),
    INDEXER_PORT: String(await freePort()),
    INDEXER_VIEWS_SCHEMA: viewsSchema,
  });
  const launch = await ponderStartCommand(settings, { schema: options.schema });
  const child = spawn(launch.command, launch.args, {
    cwd: launch.cwd,
    env: launch.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ponder colours its log whenever CI is set, so tests match the text without escape codes.
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (line) => lines.push(stripVTControlCharacters(line)));
  const output = () => lines.join('\n');
  const alive = () => child.exitCode === null && child.signalCode === null;

  async function untilExited(signal: NodeJS.Signals) {
    if (alive()) child.kill(signal);
    await exited;
  }

  return {
    url: launch.url,
    schema: launch.schema,
    viewsSchema,
    process: child,
    output,
    async waitUntilReady(timeoutMs = 120_000) {
      await waitUntilReady('indexer', `${launch.url}/ready`, child, timeoutMs).catch((err: Error) => {
        throw new Error(`${err.message}:\n${output()}`);
      });
    },
    async waitForBlock(blockNumber, timeoutMs) {
      const died = exited.then(() => {
        throw new Error(`indexer exited while waiting for block ${blockNumber}`);
      });
      await Promise.race([waitForIndexedBlock(launch.url, blockNumber, timeoutMs), died]).catch((err: Error) => {
        throw new Error(`${err.message}\n${output()}`);
      });
    },
    async stop() {
      await untilExited('SIGTERM');
      await releaseIndexerLock(options.databaseUrl, launch.schema);
    },
    async kill() {
      await untilExited('SIGKILL');
    },
  };
}

/** Every row of every table the indexer owns in `schema`, as sorted JSON lines per table. */
export async function dumpIndexedTables(databaseUrl: string, schema: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_%' ORDER BY table_name`,
      [schema],
    );
    const dump: Record<string, string[]> = {};
    for (const { table_name } of tables.rows) {
      const rows = await client.query<{ row: string }>(
        `SELECT row_to_json(t)::text AS row FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table_name)} t ORDER BY 1`,
      );
      dump[table_name] = rows.rows.map((r) => r.row);
    }
    return dump;
  } finally {
    await client.end();
  }
}

/** Runs `sql` against the database and returns the rows. */
export async function query<Row extends object>(
  databaseUrl: string,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Row[];
  } finally {
    await client.end();
  }
}
