// npm run worker — the background worker alone, configured by its environment (see README, "Running the
// worker"). Migrates the app schema like the API (whichever starts first), then runs until SIGINT/SIGTERM,
// finishing the jobs in hand before it exits; a worker that fails exits non-zero.
import { readWorkerConfigs } from '../jobs/config.js';
import { startWorker, WORKER_RUNNING } from '../jobs/worker.js';
import { migrateAppSchema } from '../lib/db/migrate.js';
import { startErrorReporting } from '../lib/errorReporting.js';
import { migrateJobQueue } from '../lib/jobQueue.js';
import { loadDotEnv } from '../lib/settings/dotenv.js';
import { stopMessage } from '../lib/settings/problems.js';

loadDotEnv();
try {
  const configs = readWorkerConfigs();
  const [{ databaseUrl, workerSchema, sentryDsn, livemode }] = configs as [(typeof configs)[number]];
  startErrorReporting({ dsn: sentryDsn, service: 'worker', environment: livemode ? 'live' : 'test' });
  await migrateAppSchema(databaseUrl);
  await migrateJobQueue(databaseUrl, workerSchema);
  const worker = await startWorker(configs);
  console.log(`${WORKER_RUNNING}; metrics, health and readiness at ${worker.httpUrl}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void worker.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(`npm run worker: stopping failed: ${err instanceof Error ? err.message : String(err)}`);
          process.exit(1);
        },
      );
    });
  }
  await worker.runner.promise;
} catch (err) {
  console.error(stopMessage('npm run worker', err));
  process.exit(1);
}
