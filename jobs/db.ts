// Tasks reach the database through graphile-worker's own pool (one pool per worker process), with the
// app's drizzle over the client it lends, so a task sees the same app schema as the API.
import type { JobHelpers } from 'graphile-worker';
import { appDb, type ClientDb } from '../lib/db/client.js';

/** Runs `use` with drizzle over a client of the worker's pool, returned to the pool afterwards. */
export function withJobDb<T>(helpers: JobHelpers, use: (db: ClientDb) => Promise<T>): Promise<T> {
  return helpers.withPgClient((client) => use(appDb(client)));
}
