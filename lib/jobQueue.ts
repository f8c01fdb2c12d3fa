// The worker's job queue as the rest of the gateway meets it: graphile-worker's schema in the gateway's
// PostgreSQL. Whoever starts first (API, worker, dev stack) installs it; the API adds jobs with the
// schema's own `add_job` inside its request transaction, so a refund row and the job that sends it are
// committed together or not at all.
import { sql } from 'drizzle-orm';
import { quickAddJob, runMigrations } from 'graphile-worker';
import type { AnyDb } from './db/client.js';
import type { JobPayload, PayloadlessTask, TaskName } from './jobPayloads.js';

/** The queue's schema unless `WORKER_SCHEMA` names another (two gateways sharing one database). */
export const DEFAULT_WORKER_SCHEMA = 'graphile_worker';

export async function migrateJobQueue(databaseUrl: string, schema: string): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, schema });
}

/**
 * Adds a job of `task` in `db`'s transaction, with the payload that task takes (lib/jobPayloads.ts), to run
 * at `runAt` (now when unset). `jobKey` makes a second add replace the first while it waits (not while it
 * runs: the tasks themselves are idempotent).
 */
export async function enqueueJob<T extends TaskName>(
  db: AnyDb,
  schema: string,
  task: T,
  payload: JobPayload<T>,
  jobKey?: string,
  runAt?: Date,
): Promise<void> {
  await db.execute(
    sql`SELECT ${sql.identifier(schema)}.add_job(${task}, ${JSON.stringify(payload)}::json,
      run_at => ${runAt?.toISOString() ?? null}::timestamptz, job_key => ${jobKey ?? null})`,
  );
}

/**
 * Asks for a run of a periodic task now rather than at its next schedule, in `db`'s transaction. Keyed by the
 * task's name, so however many ask while it waits, it runs once.
 */
export function enqueueRunNow(db: AnyDb, schema: string, task: PayloadlessTask): Promise<void> {
  return enqueueJob(db, schema, task, {}, task);
}

/** Adds a job over a connection of its own, outside any transaction (scripts, benchmarks, tests); resolves with its id. */
export async function enqueueJobByUrl<T extends TaskName>(
  databaseUrl: string,
  schema: string,
  task: T,
  payload: JobPayload<T>,
): Promise<string> {
  // As a plain name: graphile-worker's own payload typing (its GraphileWorker.Tasks) is left empty, as
  // jobPayloads types them.
  return (await quickAddJob<string>({ connectionString: databaseUrl, schema }, task, payload)).id;
}
