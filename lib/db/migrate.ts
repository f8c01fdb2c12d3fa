// Brings the app schema up to date. Every API replica and `npm run dev` call this at start; a PostgreSQL
// advisory lock makes concurrent callers wait for the first instead of applying a migration twice.
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

const MIGRATIONS = join(import.meta.dirname, 'migrations');
/** Any fixed number: the key of the advisory lock that serializes migrations. */
const MIGRATION_LOCK = 7_340_021;

export async function migrateAppSchema(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Session-level, on this one connection, which also runs the migrations.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
  } finally {
    await client.end(); // ending the session releases the lock
  }
}
