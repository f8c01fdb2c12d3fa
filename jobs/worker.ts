// The worker: graphile-worker on the gateway's PostgreSQL (its own schema, `graphile_worker`), with the
// tasks of jobs/tasks and the schedule of jobs/crontab. Any number of processes may run against one
// database: graphile-worker hands each job to one of them, and each cron run is claimed once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Runner, run, type TaskList } from 'graphile-worker';
import { projectRoot } from '../lib/projectRoot.js';
import type { WorkerConfig } from './config.js';
import idempotencyCleanup from './tasks/idempotency__cleanup.js';

/** Every task the worker runs, by the identifier jobs and the crontab name. */
export const taskList: TaskList = {
  idempotency__cleanup: idempotencyCleanup,
};

export const WORKER_SCHEMA = 'graphile_worker';

/** What `npm run worker` prints once it takes jobs: how the dev stack and tests know it is ready. */
export const WORKER_RUNNING = 'npm run worker: running';

/** Starts a worker; its caller stops it (`runner.stop()`), as graphile-worker is told not to trap signals. */
export function startWorker(config: WorkerConfig): Promise<Runner> {
  return run({
    connectionString: config.databaseUrl,
    schema: WORKER_SCHEMA,
    concurrency: config.concurrency,
    pollInterval: config.pollIntervalMs,
    taskList,
    crontab: readFileSync(join(projectRoot, 'jobs', 'crontab'), 'utf8'),
    noHandleSignals: true,
  });
}
