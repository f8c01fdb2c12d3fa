// npm run api — the merchant API alone, configured by its environment (see README, "Running the API").
// With API_WORKERS > 1 it runs that many server processes sharing the port (node:cluster), to use more
// than one core: the API keeps no state of its own between requests. The primary migrates the app schema
// once and stops the workers on SIGINT/SIGTERM; if a worker dies, it stops them all and exits non-zero
// so that the supervisor restarts a whole, healthy API.
import cluster from 'node:cluster';
import { readApiConfig } from '../api/config.js';
import { answerClusterMetrics } from '../api/metrics.js';
import { startApiServer } from '../api/server.js';
import { migrateAppSchema } from '../lib/db/migrate.js';
import { startErrorReporting } from '../lib/errorReporting.js';
import { migrateJobQueue } from '../lib/jobQueue.js';
import { loadDotEnv } from '../lib/settings/dotenv.js';
import { stopMessage } from '../lib/settings/problems.js';

async function runPrimary(workers: number, databaseUrl: string, workerSchema: string) {
  await migrateAppSchema(databaseUrl);
  await migrateJobQueue(databaseUrl, workerSchema);
  answerClusterMetrics();
  let stopping = false;
  const stop = (code: number) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    const wait = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(wait);
        process.exit(code);
      }
    }, 50);
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`npm run api: worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); stopping the API`);
    stop(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop(0));
  for (let i = 0; i < workers; i++) cluster.fork();
}

async function runServer(migrate: boolean) {
  const api = await startApiServer(readApiConfig(), { migrate });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void api.close().then(() => process.exit(0));
    });
  }
}

loadDotEnv();
try {
  const config = readApiConfig();
  startErrorReporting({ dsn: config.sentryDsn, service: 'api', environment: config.keyMode });
  if (cluster.isPrimary && config.workers > 1)
    await runPrimary(config.workers, config.databaseUrl, config.workerSchema);
  else await runServer(cluster.isPrimary);
} catch (err) {
  console.error(stopMessage('npm run api', err));
  process.exit(1);
}
