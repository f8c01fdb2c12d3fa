// The views the API and the jobs read (INDEXER_VIEWS_SCHEMA, `pmt`): each indexed table of every network
// served, as one row set in which each row names its chain. Each network's `ponder start` keeps views of
// its own live tables (`pmt_<network>`) and switches them to a new build's tables once that build is ready;
// after that switch, whoever started it (npm run indexer, the dev stack, the tests) calls
// `combineNetworkViews`, which points the combined views at the tables each network's views point at.
//
// The combined views read the tables themselves, not Ponder's per-network views: Ponder replaces those with
// DROP VIEW (no CASCADE), which a view built on them would block.
import pg from 'pg';
import { networkViewsSchema } from '../../lib/chainViews.js';

/** The schema whose tables a network's Ponder views show now, found through the view of its checkpoint. */
const LIVE_SCHEMA = `
  SELECT DISTINCT tn.nspname AS schema
  FROM pg_class v
  JOIN pg_namespace vn ON vn.oid = v.relnamespace
  JOIN pg_rewrite r ON r.ev_class = v.oid
  JOIN pg_depend d ON d.objid = r.oid AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass
  JOIN pg_class t ON t.oid = d.refobjid AND t.oid <> v.oid
  JOIN pg_namespace tn ON tn.oid = t.relnamespace
  WHERE vn.nspname = $1 AND v.relname = '_ponder_checkpoint'`;

/** Ponder's tables (not its `_ponder_*` bookkeeping nor its `_reorg__*` shadows), their columns in order. */
const COLUMNS = `
  SELECT table_schema, table_name, column_name, data_type
  FROM information_schema.columns
  WHERE table_schema = ANY($1) AND table_name NOT LIKE '\\_%'
    AND table_name IN (SELECT table_name FROM information_schema.tables
                       WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE')
  ORDER BY table_name, ordinal_position`;

export interface CombinedViews {
  /** The live schema of each network whose indexer has made its views, by network. */
  sources: Record<string, string>;
  tables: string[];
}

/**
 * (Re)creates every combined view in `viewsSchema` over the live tables of each of `networks` whose indexer
 * has made its views yet. One transaction, serialized across processes: readers see the old views or the
 * new ones, and two indexers that become ready together leave the later state.
 */
export async function combineNetworkViews(
  databaseUrl: string,
  viewsSchema: string,
  networks: readonly string[],
): Promise<CombinedViews> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pmt combined views ${viewsSchema}`]);
    const sources: Record<string, string> = {};
    for (const network of networks) {
      const { rows } = await client.query<{ schema: string }>(LIVE_SCHEMA, [networkViewsSchema(viewsSchema, network)]);
      if (rows[0]) sources[network] = rows[0].schema;
    }
    const schemas = Object.values(sources);
    const tables = schemas.length === 0 ? new Map<string, Column[]>() : await sharedColumns(client, schemas);
    const views = pg.escapeIdentifier(viewsSchema);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${views}`);
    // A gateway from before several networks had Ponder's own views here; prune would take them for live.
    for (const own of ['_ponder_meta', '_ponder_checkpoint', '_ponder_status']) {
      await client.query(`DROP VIEW IF EXISTS ${views}.${pg.escapeIdentifier(own)}`);
    }
    for (const [table, columns] of tables) {
      const name = `${views}.${pg.escapeIdentifier(table)}`;
      const select = columns
        .map(({ name: column, cast }: Column) => `${pg.escapeIdentifier(column)}${cast}`)
        .join(', ');
      const union = schemas
        .map((schema) => `SELECT ${select} FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`)
        .join(' UNION ALL ');
      // Dropped and made again: CREATE OR REPLACE cannot drop or reorder columns a new build changed.
      await client.query(`DROP VIEW IF EXISTS ${name}`);
      await client.query(`CREATE VIEW ${name} AS ${union}`);
    }
    await client.query('COMMIT');
    return { sources, tables: [...tables.keys()] };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

interface Column {
  name: string;
  /** Enums are each schema's own type, which UNION cannot match: they are read as text. */
  cast: '' | '::text';
}

/**
 * The tables every one of `schemas` has, each with the columns all of them have, in the first's order: two
 * builds side by side (one network re-indexing on new code) still combine on what they share.
 */
async function sharedColumns(client: pg.Client, schemas: string[]): Promise<Map<string, Column[]>> {
  const { rows } = await client.query<{
    table_schema: string;
    table_name: string;
    column_name: string;
    data_type: string;
  }>(COLUMNS, [schemas]);
  const bySchema = new Map<string, Map<string, Column[]>>(schemas.map((schema) => [schema, new Map()]));
  for (const row of rows) {
    const tables = bySchema.get(row.table_schema)!;
    if (!tables.has(row.table_name)) tables.set(row.table_name, []);
    tables.get(row.table_name)!.push({
      name: row.column_name,
      cast: row.data_type === 'USER-DEFINED' ? '::text' : '',
    });
  }
  const [first, ...others] = schemas.map((schema) => bySchema.get(schema)!);
  const shared = new Map<string, Column[]>();
  for (const [table, columns] of first!) {
    const kept = columns.filter(({ name }) =>
      others.every((tables) => tables.get(table)?.some((column) => column.name === name)),
    );
    if (others.every((tables) => tables.has(table))) shared.set(table, kept);
  }
  return shared;
}
