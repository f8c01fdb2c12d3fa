// The worker's settings, all from environment variables (the dev stack sets them for its worker).
import { z } from 'zod';
import { databaseUrlVar, envObject, parseEnv, wholeNumber } from '../lib/envVars.js';

export interface WorkerConfig {
  databaseUrl: string;
  /** Jobs one process runs at once. */
  concurrency: number;
  /** How often an idle worker looks for jobs, in ms; new jobs also wake it at once (LISTEN/NOTIFY). */
  pollIntervalMs: number;
}

const workerEnv = envObject({
  DATABASE_URL: databaseUrlVar,
  WORKER_CONCURRENCY: wholeNumber.pipe(z.number().int().min(1).max(100)).default(5),
  WORKER_POLL_INTERVAL_MS: wholeNumber.pipe(z.number().int().min(100)).default(2_000),
});

export function readWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = parseEnv(workerEnv, env, 'npm run worker', 'See the README, "Running the worker".');
  return {
    databaseUrl: parsed.DATABASE_URL,
    concurrency: parsed.WORKER_CONCURRENCY,
    pollIntervalMs: parsed.WORKER_POLL_INTERVAL_MS,
  };
}
