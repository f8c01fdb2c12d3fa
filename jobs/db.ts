// Tasks reach the database through graphile-worker's own pool (one pool per worker process), with
// drizzle over the client it lends, so a task sees the same app schema as the API.
import { drizzle } from 'drizzle-orm/node-postgres';
import type { JobHelpers } from 'graphile-worker';
import * as schema from '../lib/db/schema.js';

export type JobDb = ReturnType<typeof drizzleOver>;

function drizzleOver(client: Parameters<Parameters<JobHelpers['withPgClient']>[0]>[0]) {
  return drizzle(client, { schema, casing: 'snake_case' });
}

/** Runs `use` with drizzle over a client of the worker's pool, returned to the pool afterwards. */
export function withJobDb<T>(helpers: JobHelpers, use: (db: JobDb) => Promise<T>): Promise<T> {
  return helpers.withPgClient((client) => use(drizzleOver(client)));
}
