// The app's connection to PostgreSQL: a pool, and drizzle over it with the app schema.
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.js';

/** Drizzle with the app schema over a pool, or over one client lent by someone else's pool. */
export function appDb<Client extends pg.Pool | pg.PoolClient>(client: Client) {
  return drizzle(client, { schema, casing: 'snake_case' });
}

export function connectDb(databaseUrl: string, { max = 10 }: { max?: number } = {}) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  return { db: appDb(pool), pool, close: () => pool.end() };
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

/** Drizzle over one client lent by a pool (a worker's job, or a keeper session holding its lock). */
export type ClientDb = ReturnType<typeof appDb<pg.PoolClient>>;

/** Whatever runs a query: the pool, a lent client, or a transaction. */
export type AnyDb = Db | DbTransaction | ClientDb;
