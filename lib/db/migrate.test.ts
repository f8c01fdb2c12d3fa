import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { expect, inject, it, onTestFinished } from 'vitest';
import { freshDatabase } from '../../test/harness/database.js';
import { query } from '../../test/harness/indexer.js';
import { migrateAppSchema } from './migrate.js';
import * as schema from './schema/index.js';

const serverUrl = inject('databaseUrl');

it('migrates the app schema once, however many processes start at the same moment', async () => {
  // A database of its own: the shared one is migrated already by the API tests running beside this one.
  const database = await freshDatabase(serverUrl, 'migrate');
  onTestFinished(() => database.drop());
  const databaseUrl = database.url;
  const before = await query(databaseUrl, `SELECT 1 FROM information_schema.schemata WHERE schema_name = 'app'`);
  expect(before).toEqual([]);
  await Promise.all([migrateAppSchema(databaseUrl), migrateAppSchema(databaseUrl), migrateAppSchema(databaseUrl)]);
  await migrateAppSchema(databaseUrl);
  const tables = await query<{ table_name: string }>(
    databaseUrl,
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'app' ORDER BY table_name`,
  );
  const declared = Object.values(schema)
    .filter((value) => is(value, PgTable))
    .map((table) => getTableConfig(table as PgTable))
    .filter((config) => config.schema === 'app')
    .map((config) => config.name)
    .sort();
  expect(declared).toContain('payment_intent');
  expect(tables.map((t) => t.table_name)).toEqual(declared);
  const applied = await query<{ n: string }>(databaseUrl, 'SELECT count(*) AS n FROM drizzle.__drizzle_migrations');
  const journal = JSON.parse(
    readFileSync(join(import.meta.dirname, 'migrations', 'meta', '_journal.json'), 'utf8'),
  ) as { entries: unknown[] };
  expect(Number(applied[0]!.n)).toBe(journal.entries.length);
});
