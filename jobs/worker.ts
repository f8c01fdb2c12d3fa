// The worker: graphile-worker on the gateway's PostgreSQL (its own schema, `graphile_worker`), with the
// tasks of jobs/tasks and the schedule of jobs/crontab. Any number of processes may run against one
// database: graphile-worker hands each job to one of them, and each cron run is claimed once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Runner, run, type TaskList } from 'graphile-worker';
import { connectDb } from '../lib/db/client.js';
import { isOutage, reportError } from '../lib/errorReporting.js';
import type { TaskName } from '../lib/jobPayloads.js';
import { projectRoot } from '../lib/projectRoot.js';
import type { WorkerConfig } from './config.js';
import { depositScanStep } from './deposits/scanner.js';
import { workerMetrics } from './metrics/registry.js';
import { serveWorkerHttp } from './metrics/server.js';
import { createJobServices } from './services.js';
import { startStepLoop } from './stepLoop.js';
import type { JobTask, WorkerNetworks } from './task.js';
import consolesCleanup from './tasks/consoles__cleanup.js';
import depositsReturn from './tasks/deposits__return.js';
import depositsReturnForeign from './tasks/deposits__return_foreign.js';
import depositsSweep from './tasks/deposits__sweep.js';
import disputesResolve from './tasks/disputes__resolve.js';
import idempotencyCleanup from './tasks/idempotency__cleanup.js';
import keeperReconcile from './tasks/keeper__reconcile.js';
import paymentIntentsExpire from './tasks/payment_intents__expire.js';
import paymentsAutoRelease from './tasks/payments__auto_release.js';
import payoutsRun from './tasks/payouts__run.js';
import refundsResume from './tasks/refunds__resume.js';
import refundsSend from './tasks/refunds__send.js';
import webhooksDeliver from './tasks/webhooks__deliver.js';
import webhooksResume from './tasks/webhooks__resume.js';
import { startOutbox } from './webhooks/outbox.js';

/** A task for every name of lib/jobPayloads.ts, each filed under its own name, and nothing else. */
const tasks = {
  consoles__cleanup: consolesCleanup,
  deposits__sweep: depositsSweep,
  deposits__return: depositsReturn,
  deposits__return_foreign: depositsReturnForeign,
  disputes__resolve: disputesResolve,
  idempotency__cleanup: idempotencyCleanup,
  keeper__reconcile: keeperReconcile,
  payment_intents__expire: paymentIntentsExpire,
  payments__auto_release: paymentsAutoRelease,
  payouts__run: payoutsRun,
  refunds__send: refundsSend,
  refunds__resume: refundsResume,
  webhooks__deliver: webhooksDeliver,
  webhooks__resume: webhooksResume,
} satisfies { [T in TaskName]: JobTask<T> };

function taskList(networks: WorkerNetworks): TaskList {
  return Object.fromEntries(Object.values(tasks).map((task) => [task.name, task.withServices(networks)]));
}

/**
 * A job's error is reported (lib/errorReporting.ts) unless an outage caused it (the job retries, and
 * readiness and the alerts show the outage), and always when it was the job's last attempt.
 */
function reportJobErrors(runner: Runner) {
  runner.events.on('job:error', ({ job, error }) => {
    const lastAttempt = job.attempts >= job.max_attempts;
    if (lastAttempt || !isOutage(error)) {
      reportError(error, {
        task: job.task_identifier,
        job_id: String(job.id),
        attempt: `${job.attempts}/${job.max_attempts}`,
      });
    }
  });
}

/** What `npm run worker` prints once it takes jobs: how the dev stack and tests know it is ready. */
export const WORKER_RUNNING = 'npm run worker: running';

export interface RunningWorker {
  runner: Runner;
  /** Where /metrics, /healthz and /readyz are served. */
  httpUrl: string;
  /** Finishes the jobs in hand and the outbox's and deposit scanner's steps, then closes every connection. */
  stop(): Promise<void>;
}

/**
 * The outbox and the scanner read the indexer's tables in transactions of several statements, while an
 * indexer's reorg takes them one by one for itself (Ponder drops and remakes its triggers): each side can
 * hold one and wait for the other's. PostgreSQL ends such a deadlock after `deadlock_timeout` (1 s by
 * default) by failing whoever waited longest, here the indexer, which then sleeps before retrying with
 * every table still locked, and every read of the API waits behind it. A walker's lock wait gives way well
 * before: its step fails, its transaction lets go, and the next step runs it again.
 */
const WALKER_LOCK_TIMEOUT_MS = 250;

/**
 * Starts a worker for each network of `configs` (readWorkerConfigs, the default first): one job queue, whose
 * jobs run with their network's services (jobs/task.ts), and a webhook outbox and a deposit scanner per
 * network. Its caller stops it, as graphile-worker is told not to trap signals.
 */
export async function startWorker(configs: WorkerConfig[]): Promise<RunningWorker> {
  const networks: WorkerNetworks = new Map(configs.map((config) => [config.chain.id, createJobServices(config)]));
  const served = [...networks.values()];
  const config = configs[0]!;
  const runner = await run({
    connectionString: config.databaseUrl,
    schema: config.workerSchema,
    concurrency: config.concurrency,
    pollInterval: config.pollIntervalMs,
    taskList: taskList(networks),
    crontab: readFileSync(join(projectRoot, 'jobs', 'crontab'), 'utf8'),
    noHandleSignals: true,
  });
  // Two loops per network, each step on one connection: a network whose node hangs holds only its own.
  const walkerDb = connectDb(config.databaseUrl, { max: 2 * served.length, lockTimeoutMs: WALKER_LOCK_TIMEOUT_MS });
  const log = { error: (message: string) => console.error(message) };
  const loops = served.flatMap((services) => [
    startOutbox(walkerDb.db, services, log),
    startStepLoop(
      `deposit scanner (${services.config.network})`,
      () => depositScanStep(walkerDb.db, services),
      services.config.depositScanIntervalMs,
      log,
    ),
  ]);
  reportJobErrors(runner);
  const metricsDb = connectDb(config.databaseUrl, { max: 2 });
  const http = await serveWorkerHttp(served, metricsDb.db, workerMetrics(served, metricsDb.db, runner.events));
  return {
    runner,
    httpUrl: http.url,
    async stop() {
      await Promise.all([runner.stop(), ...loops.map((loop) => loop.stop()), http.close()]);
      await Promise.all([walkerDb.close(), metricsDb.close()]);
    },
  };
}
