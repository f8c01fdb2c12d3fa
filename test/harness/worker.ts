// Real `npm run worker` processes for tests, on the API stack's database, escrow, views and job queue
// (each test stack has a queue schema of its own, so parallel test files never take each other's jobs),
// with a keeper and an arbiter of their own (fresh keys granted KEEPER_ROLE and ARBITER_ROLE and funded,
// so no other test's transactions race their nonces).
import { type Address, type Hex, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { expect } from 'vitest';
import { pmtEscrowAbi } from '../../abis/index.js';
import { type Child, startChild } from '../../devkit/childProcess.js';
import { devAccounts } from '../../devkit/devAccounts.js';
import { WORKER_RUNNING } from '../../jobs/worker.js';
import { confirmed, walletClientFor } from '../../lib/chain.js';
import type { PayloadlessTask, TaskName } from '../../lib/jobPayloads.js';
import { enqueueJobByUrl } from '../../lib/jobQueue.js';
import { projectRoot } from '../../lib/projectRoot.js';
import { escrowRoleId } from '../../lib/roles.js';
import type { ApiStack } from './apiStack.js';
import { query } from './indexer.js';

export interface TestWorkers {
  keeper: Address;
  schema: string;
  /** Starts one more `npm run worker` process and waits until it takes jobs. */
  start(name: string, env?: Record<string, string>): Promise<Child>;
  /** Adds a job of a periodic task, as its schedule would; resolves with its id. */
  addJob(task: PayloadlessTask): Promise<string>;
  /** Waits until no job of `task` is left: all ran (graphile-worker deletes finished jobs); fails after 30 s. */
  drained(task: TaskName): Promise<void>;
  /**
   * Adds a job of a periodic task and waits until it has run (graphile-worker deletes it then), with the
   * job per network it hands a per-network task on as; fails after 30 s.
   */
  run(task: PayloadlessTask): Promise<void>;
  /** SIGTERM to every process still running, and wait for them. */
  stop(): Promise<void>;
}

export async function testWorkers(stack: ApiStack, env: Record<string, string> = {}): Promise<TestWorkers> {
  const key: Hex = generatePrivateKey();
  const keeper = privateKeyToAccount(key).address;
  const arbiterKey: Hex = generatePrivateKey();
  const admin = walletClientFor(stack.chain, devAccounts.admin);
  for (const [role, account] of [
    ['KEEPER_ROLE', keeper],
    ['ARBITER_ROLE', privateKeyToAccount(arbiterKey).address],
  ] as const) {
    await admin.request({
      method: 'anvil_setBalance' as never,
      params: [account, `0x${parseEther('100').toString(16)}`] as never,
    });
    await confirmed(
      admin,
      admin.writeContract({
        address: stack.deployment.escrowAddress,
        abi: pmtEscrowAbi,
        functionName: 'grantRole',
        args: [escrowRoleId(role), account],
      }),
    );
  }
  const config = stack.api.services.config;
  const schema = config.workerSchema;
  const settings = {
    DATABASE_URL: config.databaseUrl,
    PMT_NETWORK: 'anvil',
    RPC_URL: stack.rpcUrl,
    ESCROW_ADDRESS: stack.deployment.escrowAddress,
    INDEXER_VIEWS_SCHEMA: config.viewsSchema,
    WORKER_SCHEMA: schema,
    KEEPER_PRIVATE_KEY: key,
    ARBITER_PRIVATE_KEY: arbiterKey,
    // Any free port: tests run many workers at once.
    WORKER_PORT: '0',
    WORKER_POLL_INTERVAL_MS: '100',
    ...env,
  };
  const running = new Set<Child>();
  /** Jobs of `task` in the queue, leaving out those locked before `lockedSince` (a killed worker's). */
  const jobsLeft = async (task: TaskName, lockedSince = new Date(0)) =>
    (
      await query<{ n: string }>(
        config.databaseUrl,
        `SELECT count(*) AS n FROM ${schema}._private_jobs WHERE task_id IN
           (SELECT id FROM ${schema}._private_tasks WHERE identifier = $1)
           AND (locked_at IS NULL OR locked_at >= $2)`,
        [task, lockedSince],
      )
    )[0]!.n;
  const workers: TestWorkers = {
    keeper,
    schema,
    async start(name, extra = {}) {
      const child = startChild({
        name,
        command: process.execPath,
        args: ['--import', 'tsx', 'scripts/worker.ts'],
        cwd: projectRoot,
        env: { ...process.env, ...settings, ...extra },
      });
      running.add(child);
      void child.exited.then(() => running.delete(child));
      await child.waitForOutput(WORKER_RUNNING, 60_000);
      return child;
    },
    addJob: (task) => enqueueJobByUrl(config.databaseUrl, schema, task, {}),
    async drained(task) {
      await expect
        .poll(() => jobsLeft(task), { timeout: 30_000, interval: 100, message: `no ${task} job left in ${schema}` })
        .toBe('0');
    },
    async run(task) {
      const started = new Date();
      const id = await workers.addJob(task);
      await expect
        .poll(
          async () =>
            (await query(config.databaseUrl, `SELECT 1 FROM ${schema}._private_jobs WHERE id = $1`, [id])).length,
          { timeout: 30_000, interval: 100, message: `${task} job ${id} done` },
        )
        .toBe(0);
      // And the job per network it handed on (a job a killed worker left locked before is not awaited).
      await expect
        .poll(() => jobsLeft(task, started), {
          timeout: 30_000,
          interval: 100,
          message: `${task} jobs per network done`,
        })
        .toBe('0');
    },
    async stop() {
      for (const child of running) child.process.kill('SIGTERM');
      await Promise.all([...running].map((child) => child.exited));
    },
  };
  return workers;
}
