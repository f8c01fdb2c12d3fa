// `npm run config:check` as an operator uses it: it reads the environment and `.env` in the working
// directory (the environment wins), runs every process's checks without starting anything, and exits 1
// when any process would refuse to start.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { projectRoot } from '../lib/projectRoot.js';

const folder = mkdtempSync(join(tmpdir(), 'config-check-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function configCheck(env: Record<string, string>, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', tsx, join(projectRoot, 'scripts/config-check.ts'), ...args], {
    cwd: folder,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    encoding: 'utf8',
  });
}

it('checks the settings of .env, which the environment overrides', () => {
  writeFileSync(
    join(folder, '.env'),
    [
      'PMT_NETWORK=moonbase-alpha',
      'DATABASE_URL=postgres://pmt:pw@db.internal/pmt',
      'ESCROW_ADDRESS=0x5FbDB2315678afecb367f032d93F642f64180aa3',
      `OPERATOR_PRIVATE_KEY=0x${'a1'.repeat(32)}`,
      'API_PORT=not-a-port',
      '',
    ].join('\n'),
  );
  const refused = configCheck({}, '--process', 'api,operator');
  expect(refused.status).toBe(1);
  expect(refused.stdout).toContain('refused api: The API (npm run api) cannot start: a setting is wrong.');
  expect(refused.stdout).toContain('API_PORT: got "not-a-port"; needs a port number from 0 to 65535');
  expect(refused.stdout).toContain('ok      operator: moonbase-alpha');

  const fixed = configCheck({ API_PORT: '8080' }, '--process', 'api');
  expect(fixed.stdout).toBe(
    'ok      api: moonbase-alpha (test), escrow 0x5FbDB2315678afecb367f032d93F642f64180aa3, listening on 127.0.0.1:8080\n',
  );
  expect(fixed.status).toBe(0);
});

it('names an unknown process', () => {
  const run = configCheck({}, '--process', 'api,frontend');
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/no process named frontend; choose from api, worker, indexer, deploy, operator/);
});

it("checks every network's indexer, each on its own port", () => {
  writeFileSync(join(folder, '.env'), ''); // the first test's names one network
  const run = configCheck(
    {
      NETWORKS: 'moonbase-alpha,polkadot-hub-testnet',
      DATABASE_URL: 'postgres://pmt:pw@db.internal/pmt',
      ESCROW_ADDRESS_MOONBASE_ALPHA: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      ESCROW_START_BLOCK_MOONBASE_ALPHA: '12',
      ESCROW_ADDRESS_POLKADOT_HUB_TESTNET: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      ESCROW_START_BLOCK_POLKADOT_HUB_TESTNET: '34',
    },
    '--process',
    'indexer',
  );
  expect(run.stdout).toBe(
    'ok      indexer: moonbase-alpha (chain 1287), escrow 0x5FbDB2315678afecb367f032d93F642f64180aa3 from block 12, port 42069; ' +
      'polkadot-hub-testnet (chain 420420417), escrow 0x5FbDB2315678afecb367f032d93F642f64180aa3 from block 34, port 42070\n',
  );
  expect(run.status).toBe(0);
});
