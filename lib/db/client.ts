// The app's connection to PostgreSQL: a pool, and drizzle over it with the app schema.
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.js';

export function connectDb(databaseUrl: string, { max = 10 }: { max?: number } = {}) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  const db = drizzle(pool, { schema, casing: 'snake_case' });
  return { db, pool, close: () => pool.end() };
}

export type Db = ReturnType<typeof connectDb>['db'];

/** Runs `use` with a one-connection database, closed afterwards: for commands that do one job and exit. */
export async function withDb<T>(databaseUrl: string, use: (db: Db) => Promise<T>): Promise<T> {
  const { db, close } = connectDb(databaseUrl, { max: 1 });
  try {
    return await use(db);
  } finally {
    await close();
  }
}

/** A transaction from `db.transaction`: what code that may run inside one accepts, beside `Db`. */
export type DbTransaction = Parameters<Parameters<Db['transaction']>[0]>[0];
