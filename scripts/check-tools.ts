// npm test's first step: tests need programs from outside npm: Chromium (browser tests), Caddy, nginx and
// openssl (the TLS front doors the gateway runs behind) and Prometheus's promtool (alert rule tests).
// Found, it says nothing; missing on a machine where we are root with apt (a fresh Debian server, CI), it
// installs Debian's packages; otherwise it stops the run before anything starts, with one line per
// missing program saying what to install.
import { spawnSync } from 'node:child_process';
import { chromiumPath } from '../test/harness/browser.js';

interface Tool {
  name: string;
  neededFor: string;
  debianPackage: string;
  hint: string;
  /** Whether it is there; a problem line when it is wrongly configured (no install can fix that). */
  check(): { found: boolean; misconfigured?: string };
}

const onPath = (command: string) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

const tools: Tool[] = [
  {
    name: 'Chromium',
    neededFor: 'browser tests',
    debianPackage: 'chromium',
    hint: 'install Chromium (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary',
    check() {
      const wanted = chromiumPath();
      return {
        found: wanted.found,
        misconfigured:
          wanted.fromEnv && !wanted.found ? `CHROMIUM_PATH=${wanted.path} is not an executable` : undefined,
      };
    },
  },
  {
    name: 'Caddy',
    neededFor: 'TLS front-door tests',
    debianPackage: 'caddy',
    hint: 'install Caddy 2 (Debian: sudo apt-get install -y caddy) or put caddy on PATH',
    check: () => ({ found: spawnSync('caddy', ['version'], { stdio: 'ignore' }).status === 0 }),
  },
  {
    name: 'nginx',
    neededFor: 'TLS front-door tests',
    debianPackage: 'nginx',
    hint: 'install nginx (Debian: sudo apt-get install -y nginx) or put nginx on PATH',
    check: () => ({ found: spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0 }),
  },
  {
    name: 'openssl',
    neededFor: 'TLS front-door tests',
    debianPackage: 'openssl',
    hint: 'install OpenSSL (Debian: sudo apt-get install -y openssl) or put openssl on PATH',
    check: () => ({ found: spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0 }),
  },
  {
    name: 'promtool',
    neededFor: 'alert rule tests',
    debianPackage: 'prometheus',
    hint: "install Prometheus's promtool (Debian: sudo apt-get install -y prometheus) or put promtool on PATH",
    check: () => ({ found: onPath('promtool') }),
  },
];

const canApt = () => process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;

function aptInstall(packages: string[]): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args: string[]) =>
    spawnSync('apt-get', args, { env, stdio: ['ignore', 'inherit', 'inherit'] }).status === 0;
  process.stdout.write(`Installing Debian's ${packages.join(' and ')} with apt-get for the tests\n`);
  return run(['update']) && run(['install', '-y', '--no-install-recommends', ...packages]);
}

const problems: string[] = [];
const missing: Tool[] = [];
for (const tool of tools) {
  const { found, misconfigured } = tool.check();
  if (misconfigured) problems.push(`${tool.neededFor} cannot run: ${misconfigured}; ${tool.hint}`);
  else if (!found) missing.push(tool);
}
if (missing.length > 0 && problems.length === 0 && canApt()) {
  aptInstall(missing.map((tool) => tool.debianPackage));
}
for (const tool of missing) {
  if (!tool.check().found) problems.push(`${tool.neededFor} cannot run: ${tool.name} is not installed; ${tool.hint}`);
}
if (problems.length > 0) {
  process.stderr.write(problems.map((line) => `The ${line}\n`).join(''));
  process.exit(1);
}
