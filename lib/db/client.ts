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
