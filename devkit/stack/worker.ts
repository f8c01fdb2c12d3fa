// How the dev stack runs the worker: `scripts/worker.ts` in its own process, configured like a production
// worker through its environment, with the dev keeper key (anvil's public account, KEEPER_ROLE).
import { join } from 'node:path';
import { WORKER_RUNNING } from '../../jobs/worker.js';
import { inheritedEnv } from '../../lib/envVars.js';
import { projectRoot } from '../../lib/projectRoot.js';
import { devAccounts, devPrivateKey } from '../devAccounts.js';
import type { ProcessSpec } from './processGroup.js';

export interface DevWorkerSettings {
  databaseUrl: string;
  rpcUrl: string;
  escrowAddress: string;
  viewsSchema: string;
}

export function devWorkerProcess(settings: DevWorkerSettings): ProcessSpec {
  return {
    name: 'worker',
    command: process.execPath,
    args: ['--import', 'tsx', join(projectRoot, 'scripts/worker.ts')],
    cwd: projectRoot,
    env: {
      ...inheritedEnv(),
      DATABASE_URL: settings.databaseUrl,
      PMT_NETWORK: 'anvil',
      RPC_URL: settings.rpcUrl,
      ESCROW_ADDRESS: settings.escrowAddress,
      INDEXER_VIEWS_SCHEMA: settings.viewsSchema,
      KEEPER_PRIVATE_KEY: devPrivateKey(devAccounts.keeper),
    },
    ready: { line: WORKER_RUNNING },
  };
}
