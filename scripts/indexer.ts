// npm run indexer — the indexer alone, configured by its environment (see README, "Running the indexer").
// It runs `ponder start` on the schema named after this build and deployment, with stable views in
// INDEXER_VIEWS_SCHEMA, and passes Ctrl-C and SIGTERM on so Ponder shuts down cleanly.
import { spawn } from 'node:child_process';
import { readIndexerEnv } from '../indexer/launch/env.js';
import { releaseIndexerLock } from '../indexer/launch/lock.js';
import { ponderStartCommand } from '../indexer/launch/ponderStart.js';
import { loadDotEnv } from '../lib/settings/dotenv.js';
import { stopMessage } from '../lib/settings/problems.js';

loadDotEnv();
try {
  const settings = readIndexerEnv();
  const launch = await ponderStartCommand(settings);
  console.error(`indexer: writing schema ${launch.schema}, views in ${settings.viewsSchema}, serving ${launch.url}`);
  const ponder = spawn(launch.command, launch.args, { cwd: launch.cwd, env: launch.env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => ponder.kill(signal));
  ponder.on('exit', (code, signal) => {
    // Ponder is gone, so its lock is stale: lift it, and the next start need not wait for it to expire.
    void releaseIndexerLock(settings.databaseUrl, launch.schema)
      .catch((err: unknown) => console.error(`indexer: could not release the schema lock: ${String(err)}`))
      .finally(() => process.exit(code ?? (signal ? 1 : 0)));
  });
} catch (err) {
  console.error(stopMessage('npm run indexer', err));
  process.exit(1);
}
