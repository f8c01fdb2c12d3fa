// A database of its own on the run's PostgreSQL server, for a test that must not share tables (or Ponder's
// sync store) with the tests running beside it.
import { randomBytes } from 'node:crypto';
import { query } from './indexer.js';

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
