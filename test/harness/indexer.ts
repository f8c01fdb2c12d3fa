// Real `ponder start` processes for tests: each on a free port with views of its own, its output kept for
// the failure message, and helpers to wait for a block and to read back every table it wrote.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Address } from 'viem';
import { freePort } from '../../devkit/freePort.js';
import { type RunningIndexer, startIndexer } from '../../devkit/indexer.js';
import { readIndexerEnv } from '../../indexer/launch/env.js';

export interface TestIndexerOptions {
  databaseUrl: string;
  rpcUrl: string;
  escrowAddress: Address;
  startBlock: number | bigint;
  /** Defaults to the build's own schema name for this deployment. */
  schema?: string;
  /** The network it indexes (`anvil` by default), one of `servedNetworks`. */
  network?: string;
  /** The networks whose tables the combined views join; `[network]` by default. */
  servedNetworks?: string[];
  /** The combined views' schema; one of the indexer's own by default. */
  viewsSchema?: string;
}

export interface TestIndexer extends RunningIndexer {
  viewsSchema: string;
}

export async function startTestIndexer(options: TestIndexerOptions): Promise<TestIndexer> {
  const viewsSchema = options.viewsSchema ?? `views_${randomBytes(6).toString('hex')}`;
  const network = options.network ?? 'anvil';
  const settings = readIndexerEnv({
    DATABASE_URL: options.databaseUrl,
    NETWORKS: network,
    RPC_URL: options.rpcUrl,
    ESCROW_ADDRESS: options.escrowAddress,
    ESCROW_START_BLOCK: String(options.startBlock),
    INDEXER_PORT: String(await freePort()),
    INDEXER_VIEWS_SCHEMA: viewsSchema,
  });
  settings.servedNetworks = options.servedNetworks ?? [network];
  return { ...(await startIndexer(settings, { schema: options.schema })), viewsSchema };
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
