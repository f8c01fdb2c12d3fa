// npm test's first step: the browser tests need Chromium. Found, it says nothing; missing on a machine where
// we are root with apt (a fresh Debian server, CI), it installs Debian's package as .ci/run always did;
// otherwise it stops the run before anything starts, with one line saying what to install.
import { spawnSync } from 'node:child_process';
import { chromiumPath } from '../test/harness/browser.js';

const INSTALL_HINT =
  'install Chromium (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary';

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

const canApt = () => process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;

function aptInstall(): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args: string[]) =>
    spawnSync('apt-get', args, { env, stdio: ['ignore', 'inherit', 'inherit'] }).status === 0;
  process.stdout.write(
    "Chromium is missing for the browser tests: installing Debian's chromium package with apt-get\n",
  );
  return run(['update']) && run(['install', '-y', '--no-install-recommends', 'chromium']);
}

const wanted = chromiumPath();
if (wanted.fromEnv && !wanted.found)
  fail(`The browser tests cannot run: CHROMIUM_PATH=${wanted.path} is not an executable; ${INSTALL_HINT}`);
if (!wanted.found) {
  if (!canApt()) fail(`The browser tests cannot run: Chromium is not installed; ${INSTALL_HINT}`);
  if (!aptInstall() || !chromiumPath().found)
    fail(`The browser tests cannot run: apt-get could not install chromium; ${INSTALL_HINT}`);
}
