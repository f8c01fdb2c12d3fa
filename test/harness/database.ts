// A database of its own on the run's PostgreSQL server, for a test that must not share tables (or Ponder's
// sync store) with the tests running beside it.
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { projectRoot } from '../../lib/projectRoot.js';
import { query } from './indexer.js';

const migrationsFolder = join(projectRoot, 'lib', 'db', 'migrations');

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function freshDatabase(serverUrl: string, prefix: string): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await query(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await query(serverUrl, `DROP DATABASE ${name} WITH (FORCE)`);
    },
  };
}

/** The app schema's last migration before a gateway served several networks. */
export const LAST_ONE_NETWORK_MIGRATION = '0017_webhook_secret_roll_and_redeliveries';

/** The app schema's migrations up to and including `lastTag`: a database as the code of that time left it. */
export async function migrateAppSchemaUpTo(databaseUrl: string, lastTag: string): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'migrations-'));
  try {
    cpSync(migrationsFolder, folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const end = journal.entries.findIndex((entry) => entry.tag === lastTag);
    if (end < 0) throw new Error(`${lastTag} is not in the migrations' journal`);
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, end + 1) }));
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await migrate(drizzle(client), { migrationsFolder: folder });
    } finally {
      await client.end();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
