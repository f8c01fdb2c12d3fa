// `npm run worker` as an operator runs it, two processes on one database: each job runs once, in one of
// them, and both stop cleanly on SIGTERM. The task run here is the idempotency cleanup.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { type Child, startChild } from '../devkit/childProcess.js';
import { devAccounts, devPrivateKey } from '../devkit/devAccounts.js';
import { migrateAppSchema } from '../lib/db/migrate.js';
import { enqueueJobByUrl, DEFAULT_WORKER_SCHEMA as WORKER_SCHEMA } from '../lib/jobQueue.js';
import { projectRoot } from '../lib/projectRoot.js';
import { type FreshDatabase, freshDatabase } from '../test/harness/database.js';
import { query } from '../test/harness/indexer.js';
import { WORKER_RUNNING } from './worker.js';

const JOBS = 6;
let database: FreshDatabase;

beforeAll(async () => {
  database = await freshDatabase(inject('databaseUrl'), 'worker');
  await migrateAppSchema(database.url);
});

afterAll(async () => {
  await database?.drop();
});

function startWorkerProcess(name: string): Child {
  return startChild({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', 'scripts/worker.ts'],
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      WORKER_POLL_INTERVAL_MS: '100',
      ESCROW_ADDRESS: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      KEEPER_PRIVATE_KEY: devPrivateKey(devAccounts.keeper),
      WORKER_PORT: '0',
    },
  });
}

const keys = async () =>
  (await query<{ key: string }>(database.url, 'SELECT key FROM app.idempotency_key ORDER BY key')).map((r) => r.key);

it('runs each job once across two worker processes, and stops on SIGTERM', async () => {
  await query(
    database.url,
    `INSERT INTO app.idempotency_key (scope, key, request_hash, created_at) VALUES
       ('m', 'day-old', 'h', now() - interval '25 hours'),
       ('m', 'fresh', 'h', now() - interval '23 hours')`,
  );
  const workers = [startWorkerProcess('worker-1'), startWorkerProcess('worker-2')];
  const ran = () => workers.map((w) => w.output().match(/forgot \d+ idempotency keys/g)?.length ?? 0);
  try {
    await Promise.all(workers.map((w) => w.waitForOutput(WORKER_RUNNING, 60_000)));
    for (let i = 0; i < JOBS; i++) await enqueueJobByUrl(database.url, WORKER_SCHEMA, 'idempotency__cleanup', {});
    await expect
      .poll(() => ran().reduce((a, b) => a + b, 0), { timeout: 30_000, message: 'jobs run' })
      .toBeGreaterThanOrEqual(JOBS);
    const [{ left }] = (await query<{ left: string }>(
      database.url,
      // Only this test's jobs: a cron job (auto-release on the minute) may fail here, with no chain to read.
      `SELECT count(*) AS left FROM ${WORKER_SCHEMA}._private_jobs j JOIN ${WORKER_SCHEMA}._private_tasks t
         ON t.id = j.task_id WHERE t.identifier = 'idempotency__cleanup'`,
    )) as [{ left: string }];
    expect(Number(left)).toBe(0);
    expect(ran().reduce((a, b) => a + b, 0)).toBe(JOBS);
    expect(await keys()).toEqual(['fresh']);
  } finally {
    for (const worker of workers) worker.process.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
  }
  expect(workers.map((w) => w.process.exitCode)).toEqual([0, 0]);
}, 120_000);
