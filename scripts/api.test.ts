// `npm run api` as an operator runs it: API_WORKERS processes behind one port, stopped together on
// SIGTERM, and all stopped (exit code 1) when one of them dies, for the supervisor to restart.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { devAccounts, devPrivateKey } from '../devkit/devAccounts.js';
import { startApiProcess } from '../test/harness/apiProcess.js';
import { fileNode } from '../test/harness/fileNode.js';

const node = await fileNode('api_command');

const workersOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);

/** Every API started, so that one a failed test left running does not outlive the run. */
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    for (const pid of workersOf(child.pid!)) process.kill(pid, 'SIGKILL');
    child.kill('SIGKILL');
  }
});

async function startApi(): Promise<{ child: ChildProcess; exited: Promise<number | null>; url: string }> {
  const api = await startApiProcess({
    DATABASE_URL: node.databaseUrl,
    RPC_URL: node.rpcUrl,
    ESCROW_ADDRESS: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    API_WORKERS: '2',
    OPERATOR_PRIVATE_KEY: devPrivateKey(devAccounts.operator),
    LOG_LEVEL: 'silent',
  });
  const child = api.child.process;
  started.push(child);
  const exited = api.child.exited.then(() => child.exitCode);
  const { url } = api;
  // Both workers listen before the test goes on.
  await expect.poll(() => workersOf(child.pid!).length, { timeout: 20_000 }).toBe(2);
  return { child, exited, url };
}

function statusOfFreshConnection(url: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).once('error', reject);
  });
}

it('runs API_WORKERS processes on one port and stops them together', async () => {
  const { child, exited, url } = await startApi();
  const workers = workersOf(child.pid!);
  expect(workers).toHaveLength(2);
  // A connection each, so the primary deals them out between the workers (fetch would reuse one).
  const answers = await Promise.all(Array.from({ length: 20 }, () => statusOfFreshConnection(`${url}/healthz`)));
  expect(answers).toEqual(Array(20).fill(200));
  // Whichever process answers a scrape counts the requests of both.
  for (let scrape = 0; scrape < 4; scrape++) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/pmt_http_requests_total\{method="GET",route="\/healthz",status="200"\} 2[01]\n/);
  }
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
}, 90_000);

it('stops every worker and exits 1 when one of them dies', async () => {
  const { child, exited } = await startApi();
  const [victim, survivor] = workersOf(child.pid!);
  process.kill(victim!, 'SIGKILL');
  expect(await exited).toBe(1);
  expect(() => process.kill(survivor!, 0)).toThrow();
}, 90_000);
