// The production processes on a live preset, as an operator runs them: `npm run deploy`, then `npm run
// indexer`, `api` and `worker` configured by live-mode settings (own keys, secrets from files, the escrow
// from deployments/polkadot-hub.json), one payment end to end, the metrics it leaves, and not one secret in
// any process's output. Anvil stands in for Polkadot Hub with its chain id.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createWalletClient, type Hex, http, parseEther, publicActions } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { type Anvil, startAnvil } from '../devkit/anvil.js';
import { type Child, startChild } from '../devkit/childProcess.js';
import { freePort } from '../devkit/freePort.js';
import { WORKER_RUNNING } from '../jobs/worker.js';
import { networks } from '../lib/networks.js';
import { projectRoot } from '../lib/projectRoot.js';
import { randomBase62 } from '../lib/randomToken.js';
import { type FreshDatabase, freshDatabase } from './harness/database.js';
import { pollUntil } from './harness/poll.js';

const run = promisify(execFile);
const hub = networks['polkadot-hub'].chain;
const folder = mkdtempSync(join(tmpdir(), 'production-run-'));
const keys = { deployer: generatePrivateKey(), operator: generatePrivateKey(), keeper: generatePrivateKey() };
const adminApiKey = `admin_${randomBase62(40)}`;
/** Every line any process printed: searched for secrets at the end. */
const printed: string[] = [];
const children: Child[] = [];
let anvil: Anvil;
let database: FreshDatabase;
let env: Record<string, string>;
let apiUrl: string;
let workerUrl: string;

/** Runs a command; its output joins the logs searched for secrets, except `shows` (what it exists to print once). */
function npm(script: string, args: string[] = [], extra: Record<string, string> = {}, shows?: 'stdout') {
  return run('npm', ['run', '--silent', script, '--', ...args], {
    cwd: projectRoot,
    env: { ...env, ...extra },
    timeout: 120_000,
  }).then((result) => {
    printed.push(result.stderr, shows === 'stdout' ? '' : result.stdout);
    return result.stdout;
  });
}

function start(script: string, extra: Record<string, string>) {
  const child = startChild({
    name: `npm run ${script}`,
    command: 'npm',
    args: ['run', '--silent', script],
    cwd: projectRoot,
    detached: true,
    env: { ...env, ...extra },
    onLine: (line) => printed.push(line),
  });
  children.push(child);
  return child;
}

beforeAll(async () => {
  anvil = await startAnvil({ chainId: hub.id });
  database = await freshDatabase(inject('databaseUrl'), 'production_run');
  const rpc = createWalletClient({ transport: http(anvil.rpcUrl) }).extend(publicActions);
  for (const key of [keys.deployer, keys.keeper]) {
    await rpc.request({
      method: 'anvil_setBalance' as never,
      params: [privateKeyToAccount(key).address, `0x${parseEther('100').toString(16)}`] as never,
    });
  }
  const operatorKeyFile = join(folder, 'operator.key');
  writeFileSync(operatorKeyFile, `${keys.operator}\n`, { mode: 0o600 });
  const databaseUrlFile = join(folder, 'database-url');
  writeFileSync(databaseUrlFile, `${database.url}\n`, { mode: 0o600 });
  env = {
    PATH: process.env.PATH!,
    HOME: process.env.HOME!,
    PMT_NETWORK: 'polkadot-hub',
    RPC_URL: anvil.rpcUrl,
    DATABASE_URL_FILE: databaseUrlFile,
    DEPLOYMENTS_DIR: join(folder, 'deployments'),
    PUBLIC_URL: 'https://pay.shop.test',
    OPERATOR_PRIVATE_KEY_FILE: operatorKeyFile,
    KEEPER_PRIVATE_KEY: keys.keeper,
  };
  await npm('deploy', ['--network', 'polkadot-hub'], {
    DEPLOYER_PRIVATE_KEY: keys.deployer,
    TREASURY_ADDRESS: privateKeyToAccount(generatePrivateKey()).address,
    ADMIN_ADDRESS: privateKeyToAccount(generatePrivateKey()).address,
  });
  const [indexerPort, apiPort, workerPort] = [await freePort(), await freePort(), await freePort()];
  apiUrl = `http://127.0.0.1:${apiPort}`;
  workerUrl = `http://127.0.0.1:${workerPort}`;
  const indexer = start('indexer', { INDEXER_PORT: String(indexerPort) });
  await indexer.waitUntilReady(`http://127.0.0.1:${indexerPort}/ready`, 120_000);
  const api = start('api', {
    API_PORT: String(apiPort),
    ADMIN_API_KEY: adminApiKey,
    PRICE_RATES: '{"DOT":{"USD":"4.5"}}',
  });
  const worker = start('worker', { WORKER_PORT: String(workerPort) });
  await Promise.all([api.waitUntilReady(`${apiUrl}/healthz`, 60_000), worker.waitForOutput(WORKER_RUNNING, 60_000)]);
}, 300_000);

afterAll(async () => {
  await Promise.all(children.map((child) => child.stop(15_000)));
  await anvil?.stop();
  await database?.drop();
  rmSync(folder, { recursive: true, force: true });
});

it('takes a payment on a live network, from deployment to a final, escrowed intent', async () => {
  // A merchant the operator has not verified takes no live payment.
  const unverified = JSON.parse(
    await npm('merchant', ['create', '--name', 'New Shop', '--email', 'new@live.test'], {}, 'stdout'),
  ) as { apiKey: string; inviteUrl: string };
  expect(unverified.inviteUrl).toMatch(/^https:\/\/pay\.shop\.test\/console\/password\?token=/);
  const asUnverified = (path: string, body: unknown) =>
    fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${unverified.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, any> }));
  await asUnverified('/v1/merchant/wallet', { address: privateKeyToAccount(generatePrivateKey()).address });
  const refused = await asUnverified('/v1/payment_intents', { amount: 4500, currency: 'USD' });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('merchant_unverified');

  const merchant = JSON.parse(
    await npm('merchant', ['create', '--name', 'Live Shop', '--email', 'ops@live.test', '--verified'], {}, 'stdout'),
  ) as {
    apiKey: string;
  };
  expect(merchant.apiKey).toMatch(/^sk_live_/);
  const call = (path: string, body?: unknown) =>
    fetch(`${apiUrl}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${merchant.apiKey}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, any> }));
  expect(
    (await call('/v1/merchant/wallet', { address: privateKeyToAccount(generatePrivateKey()).address })).status,
  ).toBe(200);
  const created = await call('/v1/payment_intents', { amount: 4500, currency: 'USD' });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  expect(created.body).toMatchObject({ livemode: true, amount_crypto: parseEther('10').toString() });
  expect(created.body.checkout_url).toMatch(/^https:\/\/pay\.shop\.test\/checkout\/pi_/);

  const buyer = createWalletClient({
    account: privateKeyToAccount(generatePrivateKey()),
    chain: { ...hub, rpcUrls: { default: { http: [anvil.rpcUrl] } } },
    transport: http(anvil.rpcUrl),
  }).extend(publicActions);
  await buyer.request({
    method: 'anvil_setBalance' as never,
    params: [buyer.account.address, `0x${parseEther('20').toString(16)}`] as never,
  });
  const { to, data, value } = created.body.transaction as { to: Hex; data: Hex; value: string };
  const hash = await buyer.sendTransaction({ to, data, value: BigInt(value) });
  expect((await buyer.waitForTransactionReceipt({ hash })).status).toBe('success');
  // Polkadot Hub's rule is the node's `finalized` block; anvil reports it 64 blocks under its head.
  await buyer.request({ method: 'anvil_mine' as never, params: ['0x48'] as never });
  const paid = await pollUntil(
    'the intent succeeded',
    () => call(`/v1/payment_intents/${created.body.id}`),
    (intent) => intent.body.status === 'succeeded',
    60_000,
    500,
  );
  expect(paid.body.payment).toMatchObject({ final: true, amount_escrowed: parseEther('10').toString() });

  const apiMetrics = await (await fetch(`${apiUrl}/metrics`)).text();
  expect(apiMetrics).toContain('pmt_intents_created_total{livemode="true"} 1');
  expect(apiMetrics).toMatch(/pmt_http_requests_total\{method="POST",route="\/v1\/payment_intents",status="200"\} 1/);
  const workerMetrics = await pollUntil(
    'the worker sees the payment',
    () => fetch(`${workerUrl}/metrics`).then((response) => response.text()),
    (text) => text.includes('pmt_payments{state="escrowed",network="polkadot-hub"} 1'),
    30_000,
    500,
  );
  expect(workerMetrics).toContain(
    'pmt_escrow_surplus{token="0x0000000000000000000000000000000000000000",symbol="DOT",network="polkadot-hub"} 0',
  );
  expect(workerMetrics).toContain(
    `pmt_escrow_owed{token="0x0000000000000000000000000000000000000000",symbol="DOT",network="polkadot-hub"} ${parseEther('10')}`,
  );
  expect(workerMetrics).toContain('pmt_escrow_paused{network="polkadot-hub"} 0');
  expect(workerMetrics).toContain(
    `pmt_account_balance_wei{account="keeper",network="polkadot-hub"} ${parseEther('100')}`,
  );
  // Ready once the indexer has caught up with the 72 blocks mined at once; the deployment gave both keys
  // their roles.
  for (const url of [workerUrl, apiUrl]) {
    await pollUntil(
      `readiness of ${url}`,
      () => fetch(`${url}/readyz`).then((response) => response.status),
      (status) => status === 200,
      30_000,
      500,
    );
  }

  const secrets = [
    ...Object.values(keys),
    ...Object.values(keys).map((key) => key.slice(2)),
    adminApiKey,
    merchant.apiKey,
  ];
  secrets.push(new URL(database.url).password, created.body.client_secret as string);
  const log = printed.join('\n');
  expect(log.length, 'the processes printed their logs').toBeGreaterThan(1_000);
  for (const secret of secrets)
    expect(log.includes(secret), `a secret of ${secret.length} characters is in the logs`).toBe(false);
}, 240_000);
