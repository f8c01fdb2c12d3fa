// The worker's job queue as the rest of the gateway meets it: graphile-worker's schema in the gateway's
// PostgreSQL. Whoever starts first (API, worker, dev stack) installs it; the API adds jobs with the
// schema's own `add_job` inside its request transaction, so a refund row and the job that sends it are
// committed together or not at all.
import { sql } from 'drizzle-orm';
import { runMigrations } from 'graphile-worker';
import type { AnyDb } from './db/client.js';

/** The task that sends a refund, which the API enqueues with the refund (jobs/tasks/refunds__send.ts). */
export const REFUND_TASK = 'refunds__send';

/** The task that sends an admin's ruling on a dispute (jobs/tasks/disputes__resolve.ts). */
export const RULING_TASK = 'disputes__resolve';

/** The task that sweeps deposit addresses into escrow, which the deposit scanner runs (jobs/tasks/deposits__sweep.ts). */
export const SWEEP_TASK = 'deposits__sweep';

/** The task that returns deposits to closed intents, which the deposit scanner runs too (jobs/tasks/deposits__return.ts). */
export const DEPOSIT_RETURN_TASK = 'deposits__return';

/** The queue's schema unless `WORKER_SCHEMA` names another (two gateways sharing one database). */
export const DEFAULT_WORKER_SCHEMA = 'graphile_worker';

export async function migrateJobQueue(databaseUrl: string, schema: string): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, schema });
}

/**
 * Adds a job in `db`'s transaction, to run at `runAt` (now when unset). `jobKey` makes a second add replace
 * the first while it waits (not while it runs: the tasks themselves are idempotent).
 */
export async function enqueueJob(
  db: AnyDb,
  schema: string,
  task: string,
  payload: Record<string, unknown>,
  jobKey?: string,
  runAt?: Date,
): Promise<void> {
  await db.execute(
    sql`SELECT ${sql.identifier(schema)}.add_job(${task}, ${JSON.stringify(payload)}::json,
      run_at => ${runAt?.toISOString() ?? null}::timestamptz, job_key => ${jobKey ?? null})`,
  );
}
