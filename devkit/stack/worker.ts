// How the dev stack runs the worker: `scripts/worker.ts` in its own process, configured like a production
// worker through its environment.
import { join } from 'node:path';
import { WORKER_RUNNING } from '../../jobs/worker.js';
import { inheritedEnv } from '../../lib/envVars.js';
import { projectRoot } from '../../lib/projectRoot.js';
import type { ProcessSpec } from './processGroup.js';

export function devWorkerProcess(databaseUrl: string): ProcessSpec {
  return {
    name: 'worker',
    command: process.execPath,
    args: ['--import', 'tsx', join(projectRoot, 'scripts/worker.ts')],
    cwd: projectRoot,
    env: { ...inheritedEnv(), DATABASE_URL: databaseUrl },
    ready: { line: WORKER_RUNNING },
  };
}
