// The app's connection to PostgreSQL: a pool, and drizzle over it with the app schema.
import { AsyncLocalStorage } from 'node:async_hooks';
import { DrizzleQueryError } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.js';

/** Drizzle with the app schema over a pool, or over one client lent by someone else's pool. */
export function appDb<Client extends pg.Pool | pg.PoolClient>(client: Client) {
  return drizzle(client, { schema, casing: 'snake_case' });
}

export interface PoolOptions {
  /** Connections at most. */
  max?: number;
  /** How long a caller waits for a free connection before `connect` fails (`isPoolExhausted`); unbounded if unset. */
  connectionTimeoutMs?: number;
  /** PostgreSQL's `statement_timeout` for every connection (and an idle transaction ends after as long). */
  statementTimeoutMs?: number;
  /** PostgreSQL's `lock_timeout`: how long a statement waits for a lock before it fails (55P03); unbounded if unset. */
  lockTimeoutMs?: number;
}

/**
 * The pool whose connection the running code holds, inside `onOneConnection`. Asking that pool for a second
 * connection there could wait forever: when every connection is held by code that asks for another, none
 * is ever returned. So it fails at once instead, naming the mistake.
 */
const holding = new AsyncLocalStorage<pg.Pool>();

export class SecondConnectionError extends Error {
  constructor() {
    super(
      'Asked the pool for a second connection while holding one (inside onOneConnection): pass the transaction to what runs inside it instead of using the pool.',
    );
  }
}

type Connect = (callback?: (err: Error | undefined, client?: pg.PoolClient, done?: () => void) => void) => unknown;

function refuseSecondConnection(pool: pg.Pool) {
  const connect = pool.connect.bind(pool) as Connect;
  (pool as unknown as { connect: Connect }).connect = (callback) => {
    if (holding.getStore() !== pool) return connect(callback);
    const error = new SecondConnectionError();
    if (!callback) return Promise.reject(error);
    process.nextTick(() => callback(error));
    return undefined;
  };
}

export function connectDb(
  databaseUrl: string,
  { max = 10, connectionTimeoutMs, statementTimeoutMs, lockTimeoutMs }: PoolOptions = {},
) {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: connectionTimeoutMs,
    statement_timeout: statementTimeoutMs,
    idle_in_transaction_session_timeout: statementTimeoutMs,
    lock_timeout: lockTimeoutMs,
  });
  // A connection the server ended (a restart, an idle transaction timed out) is dropped by the pool and
  // fails the query on it; unheard, the pool's 'error' event would end the process.
  pool.on('error', () => {});
  // pg-pool listens for a client's errors only while the client is idle in the pool: one the server ends
  // while it is lent out between two statements (a transaction waiting on a node's answer) emits 'error'
  // to nobody, which ends the process. Heard here, its next statement fails instead, as an outage.
  pool.on('connect', (client) => client.on('error', () => {}));
  refuseSecondConnection(pool);
  return { db: appDb(pool), pool, close: () => pool.end() };
}

export type Db = ReturnType<typeof connectDb>['db'];

/**
 * Runs `use` in a transaction on one connection of `db`'s pool, during which this code may not take a
 * second connection from that pool (SecondConnectionError): everything it reads or writes goes through
 * the transaction it is given.
 */
export function onOneConnection<T>(db: Db, use: (tx: DbTransaction) => Promise<T>): Promise<T> {
  return db.transaction((tx) => holding.run(db.$client, () => use(tx)));
}

/** The errors behind `err` (drizzle wraps the driver's error as its `cause`), outermost first. */
function* causes(err: unknown): Generator<{ message?: unknown; code?: unknown }> {
  for (let at = err; at instanceof Error; at = at.cause) yield at as { message?: unknown; code?: unknown };
}

/**
 * PostgreSQL's codes for a statement that could not run in time, and would another moment: canceled past
 * `statement_timeout`, gave up a lock wait past `lock_timeout`, or was chosen to end a deadlock (with the
 * indexer's reorg, say, see jobs/worker.ts).
 */
const BUSY_CODES = new Set(['57014', '55P03', '40P01']);

/** The database cannot keep up: no pooled connection freed within `connectionTimeoutMs` (pg-pool's refusal), or one of `BUSY_CODES`. */
export function isDatabaseBusy(err: unknown): boolean {
  return [...causes(err)].some(
    ({ message, code }) =>
      (typeof code === 'string' && BUSY_CODES.has(code)) || message === 'timeout exceeded when trying to connect',
  );
}

/**
 * What a client meets while PostgreSQL is down or restarting: refused or cut connections, and the server's
 * own refusals (admin_shutdown, crash_shutdown, cannot_connect_now, and class 08, connection exceptions).
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03']);

/** The database cannot be reached at all: down, restarting, or the connection to it was cut. */
export function isDatabaseUnreachable(err: unknown): boolean {
  return [...causes(err)].some(
    ({ message, code }) =>
      (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) ||
      (typeof message === 'string' &&
        (message.startsWith('Connection terminated') ||
          // The next statement on a client whose connection died (pg refuses it without trying).
          message.startsWith('Client has encountered a connection error'))),
  );
}

/**
 * `err` as logs and error reports may show it: drizzle's query errors quote the statement's parameters
 * (keys, secrets, emails) in their message, so PostgreSQL's own error behind one stands in for it.
 */
export function withoutQueryParameters(err: unknown): unknown {
  return err instanceof DrizzleQueryError && err.cause ? err.cause : err;
}

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
